// Each authorization-request field of the manifest changes what the browser is sent to: drop the field
// (or have the runtime ignore it) and the expectation here fails.
import { createHash } from 'node:crypto';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { baseManifest, clientFor, ORIGIN, REDIRECT, signIn, tokenReply, useNock } from './helpers.ts';

useNock();

describe('authorization request', () => {
  it('refuses a redirect URI that would carry the code over plain http off loopback', async () => {
    const client = clientFor(baseManifest());
    await expect(client.authorize({ redirectUri: 'http://app.example.test/callback' })).rejects.toMatchObject({ code: 'INSECURE_ENDPOINT' });
    await expect(client.authorize({ redirectUri: 'http://127.0.0.1:3000/callback' })).resolves.toHaveProperty('url');
  });

  it('joins scopes with the manifest delimiter and falls back to default scopes', async () => {
    const client = clientFor(baseManifest({ authorization: { scope: { delimiter: ',', default: ['email', 'read'] } } }));
    const { url } = await signIn(client);
    expect(url.searchParams.get('scope')).toBe('email,read');
    const explicit = new URL((await client.authorize({ scope: ['a', 'b'] })).url);
    expect(explicit.searchParams.get('scope')).toBe('a,b');
  });

  it('keeps an unencoded delimiter when encodeDelimiter is false', async () => {
    const client = clientFor(baseManifest({ authorization: { scope: { delimiter: '+', encodeDelimiter: false } } }));
    const { url } = await client.authorize({ scope: ['public', 'read_user'] });
    expect(url).toContain('scope=public+read_user');
    const encoded = await clientFor(baseManifest({ authorization: { scope: { delimiter: '+' } } })).authorize({ scope: ['public', 'read_user'] });
    expect(encoded.url).toContain('scope=public%2Bread_user');
  });

  it('adds fixed parameters and renames standard ones', async () => {
    const client = clientFor(
      baseManifest({ authorization: { params: { access_type: 'offline', owner: '{{client.clientId}}' }, rename: { client_id: 'client_key' } } }),
    );
    const { url } = await signIn(client);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('owner')).toBe('client-123');
    expect(url.searchParams.get('client_key')).toBe('client-123');
    expect(url.searchParams.has('client_id')).toBe(false);
  });

  it('sends an S256 PKCE challenge by default and none when the provider rejects PKCE', async () => {
    const { url, transaction } = await signIn(clientFor(baseManifest()));
    const expected = createHash('sha256').update(transaction.codeVerifier!).digest('base64url');
    expect(url.searchParams.get('code_challenge')).toBe(expected);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');

    const without = await signIn(clientFor(baseManifest({ authorization: { pkce: 'unsupported' } })));
    expect(without.url.searchParams.has('code_challenge')).toBe(false);
    expect(without.transaction.codeVerifier).toBeUndefined();
  });

  it('uses the plain PKCE method when the manifest says so', async () => {
    const { url, transaction } = await signIn(clientFor(baseManifest({ authorization: { pkceMethod: 'plain' } })));
    expect(url.searchParams.get('code_challenge')).toBe(transaction.codeVerifier);
    expect(url.searchParams.get('code_challenge_method')).toBe('plain');
  });

  it('asks for form_post and accepts the code as a POST body, keeping declared callback fields', async () => {
    const client = clientFor(baseManifest({ authorization: { responseMode: 'form_post', callbackParams: ['user'] } }));
    const { url, transaction } = await signIn(client);
    expect(url.searchParams.get('response_mode')).toBe('form_post');
    nock(ORIGIN).post('/token').reply(200, tokenReply());
    const token = await client.callback({ code: 'c', state: transaction.state, user: '{"name":"Ann"}' });
    expect(token.raw.user).toBe('{"name":"Ann"}');
  });

  it('checks the RFC 9207 iss parameter against authorization.issuer', async () => {
    const client = clientFor(baseManifest({ authorization: { issuer: 'https://id.example.test' } }));
    const { transaction } = await signIn(client);
    await expect(client.callback({ code: 'c', state: transaction.state, iss: 'https://evil.example' })).rejects.toMatchObject({ code: 'ISSUER_MISMATCH' });
  });

  it('fills URL variables, URL-encoded and checked against their pattern', async () => {
    const manifest = baseManifest({
      variables: { shop: { description: 'shop subdomain', pattern: '[a-z0-9-]+' } },
      endpoints: { authorize: 'https://{shop}.shop.example.test/oauth/authorize', token: 'https://{shop}.shop.example.test/oauth/token' },
    });
    const { url } = await signIn(clientFor(manifest, { vars: { shop: 'acme' } }));
    expect(url.origin).toBe('https://acme.shop.example.test');
    expect(() => clientFor(manifest, { vars: { shop: 'evil.com/x' } })).toThrow(/vars.shop does not match/);
    expect(() => clientFor(manifest)).toThrow(expect.objectContaining({ code: 'MISSING_VARIABLE' }));
    const local = clientFor(manifest, { vars: { shop: 'acme' }, endpoints: { authorize: 'http://127.0.0.1:4000/{shop}/authorize' } });
    expect(new URL((await local.authorize()).url).pathname).toBe('/acme/authorize');
  });

  it('needs a redirect URI and sends it', async () => {
    const client = clientFor(baseManifest(), { redirectUri: undefined });
    await expect(client.authorize()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    const { url } = await client.authorize({ redirectUri: REDIRECT });
    expect(url).toContain(encodeURIComponent(REDIRECT));
  });
});
