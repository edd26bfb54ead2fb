// Dynamic client registration (the manifest's registration section, Mastodon's /api/v1/apps): the app describes
// itself as the manifest says, keeps what it got in a store, and is never registered twice for one instance.
import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { parseManifestObject } from '../../src/manifest/load.ts';
import { registerClient } from '../../src/registration.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { useNock } from './helpers.ts';

useNock();

const MASTODON_LIKE = parseManifestObject({
  id: 'instance-social',
  name: 'Instance Social',
  protocol: 'oauth2',
  docs: 'https://docs.social.example/oauth',
  lastVerified: '2026-12-06',
  variables: { host: { description: 'instance', pattern: '[a-z0-9.-]+' } },
  endpoints: { authorize: 'https://{host}/oauth/authorize', token: 'https://{host}/oauth/token', registration: 'https://{host}/api/v1/apps' },
  authorization: { scope: { default: ['read', 'write'] } },
  registration: { body: { client_name: '{{registration.clientName}}', redirect_uris: '{{registration.redirectUri}}', scopes: '{{registration.scope}}', website: '{{registration.website}}' } },
});
const OPTIONS = { vars: { host: 'social.example' }, redirectUri: 'https://app.example/callback', clientName: 'My App', website: 'https://app.example' };

describe('registerClient', () => {
  it('registers with the body the manifest describes, then answers from the store', async () => {
    nock('https://social.example')
      .post('/api/v1/apps', { client_name: 'My App', redirect_uris: 'https://app.example/callback', scopes: 'read write', website: 'https://app.example' })
      .once()
      .reply(200, { id: '1', client_id: 'cid-1', client_secret: 'csecret-1', vapid_key: 'x' });
    const store = new MemoryStore();
    const first = await registerClient(MASTODON_LIKE, { ...OPTIONS, store });
    expect(first).toEqual({ clientId: 'cid-1', clientSecret: 'csecret-1' });
    expect(await registerClient(MASTODON_LIKE, { ...OPTIONS, store })).toEqual(first);
    expect(nock.isDone()).toBe(true);
  });

  it('registers separately per instance', async () => {
    nock('https://other.example').post('/api/v1/apps').reply(200, { client_id: 'cid-2', client_secret: 's2' });
    expect((await registerClient(MASTODON_LIKE, { ...OPTIONS, vars: { host: 'other.example' }, store: new MemoryStore() })).clientId).toBe('cid-2');
  });

  it('reports a refusal or an answer without credentials as typed errors, and never retries', async () => {
    nock('https://social.example').post('/api/v1/apps').once().reply(503, { error: 'unavailable' });
    await expect(registerClient(MASTODON_LIKE, { ...OPTIONS, http: { retries: 3 } })).rejects.toMatchObject({ code: 'TOKEN_ERROR', error: 'unavailable' });
    nock('https://social.example').post('/api/v1/apps').reply(200, { client_secret: 'leaky-secret' });
    const error = await registerClient(MASTODON_LIKE, OPTIONS).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
    expect(inspect(error)).not.toContain('leaky-secret');
  });

  it('refuses a provider without registration, and an insecure redirect URI', async () => {
    const plain = parseManifestObject({ ...MASTODON_LIKE, id: 'plain', registration: undefined, endpoints: { authorize: 'https://x.example/a', token: 'https://x.example/t' } });
    await expect(registerClient(plain, OPTIONS)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(registerClient(MASTODON_LIKE, { ...OPTIONS, redirectUri: 'http://app.example/callback' })).rejects.toMatchObject({ code: 'INSECURE_ENDPOINT' });
  });
});
