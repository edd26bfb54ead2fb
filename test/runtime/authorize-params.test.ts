// authorize({ params }) adds parameters; it may not replace the ones that protect the sign-in or that later
// steps rely on. A reserved name is a ConfigError before anything is stored or sent.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { CLIENT as OAUTH1_CLIENT, PROVIDER, oauth1Manifest } from '../oauth1/helpers.ts';
import { baseManifest, clientFor, REDIRECT, useNock } from './helpers.ts';

useNock();

describe('authorize({ params })', () => {
  it.each(['state', 'nonce', 'code_challenge', 'code_challenge_method', 'redirect_uri', 'client_id', 'response_type'])('refuses %s before storing a transaction', async (name) => {
    const store = new MemoryStore();
    const client = clientFor(baseManifest(), { transactionStore: store });
    await expect(client.authorize({ params: { [name]: 'attacker-chosen' } })).rejects.toMatchObject({
      name: 'ConfigError',
      code: 'CONFIG_INVALID',
      message: expect.stringContaining(`may not set "${name}"`),
    });
    expect(store.size).toBe(0);
  });

  it("refuses the provider's own name for a reserved parameter", async () => {
    const client = clientFor(baseManifest({ authorization: { rename: { client_id: 'client_key' } } }));
    await expect(client.authorize({ params: { client_key: 'other-app' } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining(`"client_key" (Example's name for client_id)`),
    });
  });

  it('adds other parameters, leaving state and PKCE to the library', async () => {
    const client = clientFor(baseManifest());
    const { url, transaction } = await client.authorize({ params: { login_hint: 'ann@example.test', prompt: 'consent' } });
    const query = new URL(url).searchParams;
    expect(query.get('login_hint')).toBe('ann@example.test');
    expect(query.get('prompt')).toBe('consent');
    expect(query.get('state')).toBe(transaction.state);
    expect(query.get('code_challenge_method')).toBe('S256');
  });

  it('refuses oauth_token for OAuth 1 before the request-token call, and adds other parameters', async () => {
    const client = new OAuthClient(oauth1Manifest(), { ...OAUTH1_CLIENT, redirectUri: REDIRECT, http: { retries: 0 } });
    await expect(client.authorize({ params: { oauth_token: 'attacker-token' } })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('"oauth_token"') });
    nock(PROVIDER).post('/oauth/request_token').reply(200, 'oauth_token=req-token&oauth_token_secret=s&oauth_callback_confirmed=true');
    const { url } = await client.authorize({ params: { force_login: 'true' } });
    expect(Object.fromEntries(new URL(url).searchParams)).toEqual({ oauth_token: 'req-token', force_login: 'true' });
  });
});
