// Where the user comes from besides a GET answer: a request body (a GraphQL query, a form), a signed JWT (a
// signed userinfo, or the access token's own claims, verified with the provider's keys), and a value the
// callback carried (Apple's first-login user).
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearJwksCache } from '../../src/oidc/jwks.ts';
import { TokenSet } from '../../src/types.ts';
import { API, baseManifest, CLIENT, clientFor, useNock } from './helpers.ts';

useNock();

const token = new TokenSet({ accessToken: 'at-1', tokenType: 'Bearer', raw: { user: JSON.stringify({ name: { firstName: 'Ada' } }) } });

describe('profile.body', () => {
  it('sends a JSON body (a GraphQL query) and a form body to a step, filled from the token', async () => {
    nock(API).post('/v1/graphql', { query: '{ viewer { id } }', who: 'at-1' }).reply(200, { data: { viewer: { id: 'v1' } } });
    nock(API).post('/v1/sync', 'resource_types=user').reply(200, { user: { email: 'ada@example.test' } });
    const client = clientFor(
      baseManifest({
        profile: {
          url: 'graphql',
          method: 'POST',
          body: { query: '{ viewer { id } }', who: '{{token.access_token}}' },
          unwrap: 'data.viewer',
          after: [{ name: 'sync', url: 'sync', method: 'POST', body: { resource_types: 'user' }, bodyEncoding: 'form' }],
          fields: { id: 'id', email: '$sync.user.email' },
        },
      }),
    );
    expect(await client.profile(token)).toMatchObject({ id: 'v1', email: 'ada@example.test' });
  });
});

describe('profile.clientAuth', () => {
  it('adds the client credentials to the profile call\'s form, as a token introspection wants them', async () => {
    nock(API)
      .post('/v1/oauth/token/introspect', { token: 'at-1', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret })
      .reply(200, { active: true, user_id: 7, user: 'ada@example.test' });
    const client = clientFor(baseManifest({ profile: { url: 'oauth/token/introspect', method: 'POST', body: { token: '{{token.access_token}}' }, bodyEncoding: 'form', clientAuth: 'post', fields: { id: 'user_id', email: 'user' } } }));
    expect(await client.profile(token)).toMatchObject({ id: '7', email: 'ada@example.test' });
  });
});

describe('profile.jwt', () => {
  // Each test makes its own keys: none may find another's cached.
  beforeEach(() => clearJwksCache());
  const ISSUER = 'https://login.signed.example';
  async function keys() {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    return { privateKey, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] } };
  }
  const sign = (key: CryptoKey, claims: Record<string, unknown>, issuer = ISSUER, audience = CLIENT.clientId) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setAudience(audience).setSubject(String(claims.sub)).setIssuedAt().setExpirationTime('5m').sign(key);
  const manifest = (from: 'response' | 'accessToken') =>
    baseManifest({
      endpoints: { ...baseManifest().endpoints, jwks: `${ISSUER}/jwks` },
      profile: { ...(from === 'response' ? { url: 'userinfo' } : {}), jwt: { from, issuer: ISSUER }, fields: { id: 'sub', name: 'name' } },
    });

  it('reads the user from the access token\'s verified claims, with no request', async () => {
    const { privateKey, jwks } = await keys();
    nock(ISSUER).get('/jwks').reply(200, jwks);
    const jwt = await sign(privateKey, { sub: 'CHARACTER:EVE:9', name: 'Ada' });
    expect(await clientFor(manifest('accessToken')).profile(new TokenSet({ accessToken: jwt, tokenType: 'Bearer', raw: {} }))).toMatchObject({ id: 'CHARACTER:EVE:9', name: 'Ada' });
  });

  it('verifies a signed profile answer, and refuses one signed by another key or for another audience', async () => {
    const { privateKey, jwks } = await keys();
    const other = await keys();
    nock(ISSUER).get('/jwks').times(3).reply(200, jwks);
    nock(API).get('/v1/userinfo').reply(200, await sign(privateKey, { sub: 'u1', name: 'Ada' }), { 'content-type': 'application/jwt' });
    expect((await clientFor(manifest('response')).profile(token)).id).toBe('u1');
    nock(API).get('/v1/userinfo').reply(200, await sign(other.privateKey, { sub: 'u2' }), { 'content-type': 'application/jwt' });
    await expect(clientFor(manifest('response')).profile(token)).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
    nock(API).get('/v1/userinfo').reply(200, await sign(privateKey, { sub: 'u3' }, ISSUER, 'another-client'), { 'content-type': 'application/jwt' });
    await expect(clientFor(manifest('response')).profile(token)).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
    nock(API).get('/v1/userinfo').reply(200, { sub: 'unsigned' });
    await expect(clientFor(manifest('response')).profile(token)).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE', message: expect.stringContaining('not a JWT') });
  });
});

describe('$callback in profile fields', () => {
  it('reads a value the callback carried, parsed when it is JSON', async () => {
    nock(API).get('/v1/me').reply(200, { id: 7 });
    const client = clientFor(baseManifest({ authorization: { callbackParams: ['user'] }, profile: { url: 'me', fields: { id: 'id', name: '$callback.user.name.firstName' } } }));
    expect(await client.profile(token)).toMatchObject({ id: '7', name: 'Ada' });
  });
});
