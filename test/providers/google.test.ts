// Google's OpenID Connect flow with nock: discovery, a code exchange whose id_token is signed by a test key
// served from a JWKS, full id_token validation, userinfo and revocation.
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import nock from 'nock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/index.ts';
import { clearDiscoveryCache } from '../../src/oidc/discovery.ts';
import { clearJwksCache } from '../../src/oidc/id-token.ts';
import { useNock } from '../runtime/helpers.ts';

useNock();
const REDIRECT = 'https://app.example.test/auth/google/callback';
const CLIENT_ID = '1234.apps.googleusercontent.com';
const ISSUER = 'https://accounts.google.com';

let signingKey: CryptoKey;
let otherKey: CryptoKey;
let jwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  otherKey = (await generateKeyPair('RS256')).privateKey;
});

beforeEach(() => {
  clearDiscoveryCache();
  clearJwksCache();
  nock(ISSUER)
    .persist()
    .get('/.well-known/openid-configuration')
    .reply(200, {
      issuer: ISSUER,
      authorization_endpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
      token_endpoint: 'https://oauth2.googleapis.com/token',
      userinfo_endpoint: 'https://openidconnect.googleapis.com/v1/userinfo',
      revocation_endpoint: 'https://oauth2.googleapis.com/revoke',
      jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs',
    });
  nock('https://www.googleapis.com').persist().get('/oauth2/v3/certs').reply(200, { keys: [jwk] });
});

function idToken(claims: Record<string, unknown>, options: { key?: CryptoKey; kid?: string; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: 'ann@example.test', name: 'Ann Example', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'key-1' })
    .setIssuer(ISSUER)
    .setAudience(CLIENT_ID)
    .setSubject('110169484474386276334')
    .setIssuedAt(now - 10)
    .setExpirationTime(options.exp ?? now + 3600)
    .sign(options.key ?? signingKey);
}

async function start() {
  const client = createClient('google', { clientId: CLIENT_ID, clientSecret: 'g-secret', redirectUri: REDIRECT });
  const { url, transaction } = await client.authorize();
  return { client, url: new URL(url), transaction };
}

function tokenEndpointAnswers(token: string) {
  nock('https://oauth2.googleapis.com')
    .post('/token', (body) => body.grant_type === 'authorization_code' && typeof body.code_verifier === 'string')
    .reply(200, { access_token: 'ya29.a0', expires_in: 3599, refresh_token: '1//0g', scope: 'openid email profile', token_type: 'Bearer', id_token: token });
}

describe('google', () => {
  it('signs in with nonce and PKCE, validates the id_token and reads userinfo', async () => {
    const { client, url, transaction } = await start();
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('nonce')).toBe(transaction.nonce);

    tokenEndpointAnswers(await idToken({ nonce: transaction.nonce }));
    const token = await client.callback(`${REDIRECT}?code=4/0A&state=${transaction.state}&iss=${encodeURIComponent(ISSUER)}`);
    expect(token.claims).toMatchObject({ sub: '110169484474386276334', email: 'ann@example.test' });

    nock('https://openidconnect.googleapis.com')
      .get('/v1/userinfo')
      .matchHeader('authorization', 'Bearer ya29.a0')
      .reply(200, { sub: '110169484474386276334', name: 'Ann Example', email: 'ann@example.test', picture: 'https://lh3.example/a.png' });
    const profile = await client.profile(token);
    expect(profile).toMatchObject({ id: '110169484474386276334', socialId: 'google$110169484474386276334', name: 'Ann Example', avatar: 'https://lh3.example/a.png' });

    nock('https://oauth2.googleapis.com').post('/revoke', (body) => body.token === 'ya29.a0').reply(200, {});
    await client.revoke(token);
  });

  it('re-fetches the JWKS once when the id_token names an unknown kid (key rotation)', async () => {
    const rotated = { ...jwk, kid: 'key-2' };
    nock.removeInterceptor({ hostname: 'www.googleapis.com', path: '/oauth2/v3/certs', proto: 'https', method: 'GET' });
    const certs = nock('https://www.googleapis.com').get('/oauth2/v3/certs').reply(200, { keys: [jwk] }).get('/oauth2/v3/certs').reply(200, { keys: [jwk, rotated] });
    const warm = await start();
    tokenEndpointAnswers(await idToken({ nonce: warm.transaction.nonce }));
    await warm.client.callback(`?code=a&state=${warm.transaction.state}`);

    // A minute later (past the refetch cooldown) a token arrives signed under the new kid.
    const realNow = Date.now;
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_000);
    const { client, transaction } = await start();
    tokenEndpointAnswers(await idToken({ nonce: transaction.nonce }, { kid: 'key-2' }));
    expect((await client.callback(`?code=b&state=${transaction.state}`)).claims?.sub).toBe('110169484474386276334');
    vi.restoreAllMocks();
    expect(certs.isDone()).toBe(true);
  });

  it('rejects a tampered id_token', async () => {
    const { client, transaction } = await start();
    const genuine = await idToken({ nonce: transaction.nonce });
    const [header, , signature] = genuine.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ iss: ISSUER, aud: CLIENT_ID, sub: 'admin', nonce: transaction.nonce, iat: 1, exp: 9999999999 })).toString('base64url');
    tokenEndpointAnswers(`${header}.${forgedPayload}.${signature}`);
    await expect(client.callback(`?code=c&state=${transaction.state}`)).rejects.toMatchObject({ code: 'ID_TOKEN_INVALID' });
  });

  it('rejects an id_token signed by a key not in the JWKS', async () => {
    const { client, transaction } = await start();
    tokenEndpointAnswers(await idToken({ nonce: transaction.nonce }, { key: otherKey }));
    await expect(client.callback(`?code=c&state=${transaction.state}`)).rejects.toMatchObject({ code: 'ID_TOKEN_INVALID' });
  });

  it('rejects an expired id_token', async () => {
    const { client, transaction } = await start();
    tokenEndpointAnswers(await idToken({ nonce: transaction.nonce }, { exp: Math.floor(Date.now() / 1000) - 600 }));
    await expect(client.callback(`?code=c&state=${transaction.state}`)).rejects.toMatchObject({ code: 'ID_TOKEN_EXPIRED' });
  });

  it('rejects a wrong or missing nonce, and a token for another audience', async () => {
    let flow = await start();
    tokenEndpointAnswers(await idToken({ nonce: 'someone-elses' }));
    await expect(flow.client.callback(`?code=c&state=${flow.transaction.state}`)).rejects.toMatchObject({ code: 'NONCE_MISMATCH' });
    flow = await start();
    tokenEndpointAnswers(await idToken({}));
    await expect(flow.client.callback(`?code=c&state=${flow.transaction.state}`)).rejects.toMatchObject({ code: 'NONCE_MISMATCH' });
    flow = await start();
    tokenEndpointAnswers(await idToken({ nonce: flow.transaction.nonce, azp: 'another-client' }));
    await expect(flow.client.callback(`?code=c&state=${flow.transaction.state}`)).rejects.toMatchObject({ code: 'ID_TOKEN_INVALID' });
  });

  it('rejects a callback whose RFC 9207 iss names another issuer', async () => {
    const { client, transaction } = await start();
    await expect(client.callback(`?code=c&state=${transaction.state}&iss=https%3A%2F%2Fevil.example`)).rejects.toMatchObject({ code: 'ISSUER_MISMATCH' });
  });
});
