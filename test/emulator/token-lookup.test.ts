// A provider whose API needs an id that only a separate call after the token gives (token.lookup): the
// emulator leaves it out of the token answer, serves it at the lookup URL and demands it on API calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import type { ManifestInput } from '../../src/manifest/schema.ts';

const manifest: ManifestInput = {
  id: 'openid-lookup',
  name: 'OpenID Lookup',
  protocol: 'oauth2',
  docs: 'https://docs.example.test/openid-lookup',
  lastVerified: '2026-11-23',
  endpoints: { authorize: 'https://graph.example.test/oauth2.0/authorize', token: 'https://graph.example.test/oauth2.0/token', api: 'https://graph.example.test/' },
  token: { lookup: { url: 'oauth2.0/me', contentType: 'jsonp', fields: { openid: 'openid' } } },
  api: { auth: { in: 'query' }, query: { oauth_consumer_key: '{{client.clientId}}', openid: '{{token.openid}}' } },
  profile: { url: 'user/get_user_info', fields: { id: '$token.openid', name: 'nickname' } },
};

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator(manifest);
});
afterAll(async () => {
  await emulator.close();
});

async function signIn(spec: ManifestInput) {
  const client = new OAuthClient(parseManifestObject(spec), { ...emulator.credentials, endpoints: emulator.endpoints, redirectUri: 'http://127.0.0.1:9/cb', http: { retries: 0 } });
  const { url } = await client.authorize();
  const consent = await fetch(url, { redirect: 'manual' });
  const token = await client.callback(consent.headers.get('location')!);
  return { client, token };
}

describe('token lookup against the emulator', () => {
  it('fetches the openid after the token and sends it on every API call', async () => {
    const { client, token } = await signIn(manifest);
    expect(typeof token.raw.openid).toBe('string');
    const profile = await client.profile(token);
    expect(profile.id).toBe(token.raw.openid);
  });

  it('fails for a client that skips the lookup', async () => {
    const { token: _unused, ...rest } = manifest;
    await expect(signIn(rest).then(({ client, token }) => client.profile(token))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
