// Each `oidc` field of the manifest changes how the id_token is checked or where the profile comes from.
import { SignJWT } from 'jose';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { CLIENT, clientFor, REDIRECT, useNock } from './helpers.ts';
import { OP, oidcManifest as minimalOidcManifest, useOidcTestKey } from './oidc-helpers.ts';

useNock();
const signing = useOidcTestKey();

/** The provider of these tests: issuer OP/tenant-a unless a test says otherwise. */
function oidcManifest(oidc: Partial<NonNullable<ManifestInput['oidc']>>, extra: Partial<ManifestInput> = {}): ManifestInput {
  return minimalOidcManifest({ issuer: `${OP}/tenant-a`, ...oidc }, extra);
}

function serveDiscovery(issuer: string, path = '/tenant-a/.well-known/openid-configuration') {
  nock(OP)
    .persist()
    .get(path)
    .reply(200, { issuer, authorization_endpoint: `${OP}/authorize`, token_endpoint: `${OP}/token`, userinfo_endpoint: `${OP}/userinfo`, jwks_uri: `${OP}/jwks` })
    .get('/jwks')
    .reply(200, { keys: [signing.jwk] });
}

async function signed(claims: Record<string, unknown>, options: { secret?: string; iss?: string; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ name: 'Ann', ...claims })
    .setIssuer(options.iss ?? `${OP}/tenant-a`)
    .setAudience(CLIENT.clientId)
    .setSubject('user-1')
    .setIssuedAt(now - 60)
    .setExpirationTime(options.exp ?? now + 600);
  if (options.secret) return jwt.setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(options.secret));
  return jwt.setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(signing.key);
}

async function signInWith(manifest: ManifestInput, idToken: (nonce: string | undefined) => Promise<string>) {
  const client = clientFor(manifest);
  const { url, transaction } = await client.authorize();
  nock(OP).post('/token').reply(200, { access_token: 'at', token_type: 'Bearer', id_token: await idToken(transaction.nonce) });
  return { client, url: new URL(url), token: await client.callback(`${REDIRECT}?code=c&state=${transaction.state}`) };
}

describe('oidc fields', () => {
  it('asks for openid and a nonce by default, and none when nonce is unsupported', async () => {
    serveDiscovery(`${OP}/tenant-a`);
    const required = await signInWith(oidcManifest({}), (nonce) => signed({ nonce }));
    expect(required.url.searchParams.get('scope')).toBe('openid');
    expect(required.url.searchParams.get('nonce')).toBeTruthy();
    const unsupported = await signInWith(oidcManifest({ nonce: 'unsupported' }), () => signed({}));
    expect(unsupported.url.searchParams.has('nonce')).toBe(false);
  });

  it('rejects an id_token without the nonce that was sent, whether nonce is required or supported (§3.1.3.7 item 11)', async () => {
    serveDiscovery(`${OP}/tenant-a`);
    await expect(signInWith(oidcManifest({ nonce: 'required' }), () => signed({}))).rejects.toMatchObject({ code: 'NONCE_MISMATCH' });
    await expect(signInWith(oidcManifest({ nonce: 'supported' }), () => signed({}))).rejects.toMatchObject({ code: 'NONCE_MISMATCH' });
  });

  it('calls token.lookup with the new access token only after the id_token checks out (RFC 9700 §4.5.3.2)', async () => {
    serveDiscovery(`${OP}/tenant-a`);
    const lookup = nock('https://api.example.test').get('/me/openid').reply(200, { openid: 'o-1' });
    const manifest = oidcManifest({}, { endpoints: { api: 'https://api.example.test/' }, token: { lookup: { url: 'me/openid', fields: { openid: 'openid' } } } });
    await expect(signInWith(manifest, () => signed({ nonce: 'forged' }))).rejects.toMatchObject({ code: 'NONCE_MISMATCH' });
    expect(lookup.isDone(), 'the lookup call was made with an unverified token').toBe(false);
    const { token } = await signInWith(manifest, (nonce) => signed({ nonce }));
    expect(token.raw.openid).toBe('o-1');
  });

  it('verifies HS256 id_tokens with the client secret when the algorithms say so', async () => {
    serveDiscovery(`${OP}/tenant-a`);
    const { token } = await signInWith(oidcManifest({ algorithms: ['HS256'] }), (nonce) => signed({ nonce }, { secret: CLIENT.clientSecret }));
    expect(token.claims?.sub).toBe('user-1');
    await expect(signInWith(oidcManifest({}), (nonce) => signed({ nonce }, { secret: CLIENT.clientSecret }))).rejects.toMatchObject({ code: 'ID_TOKEN_INVALID' });
  });

  it('fills a templated issuer from an id_token claim (issuerVariables)', async () => {
    const manifest = oidcManifest({ issuer: `${OP}/{tenantid}`, discovery: `${OP}/common/.well-known/openid-configuration`, issuerVariables: { tenantid: 'tid' } });
    serveDiscovery(`${OP}/{tenantid}`, '/common/.well-known/openid-configuration');
    const { token } = await signInWith(manifest, (nonce) => signed({ nonce, tid: 'tenant-a' }));
    expect(token.claims?.tid).toBe('tenant-a');
    await expect(signInWith(manifest, (nonce) => signed({ nonce, tid: 'tenant-b' }))).rejects.toMatchObject({ code: 'ID_TOKEN_INVALID' });
  });

  it('accepts the issuer aliases the provider documents', async () => {
    serveDiscovery(`${OP}/tenant-a`);
    const manifest = oidcManifest({ issuerAliases: ['login.example.test/tenant-a'] });
    const { token } = await signInWith(manifest, (nonce) => signed({ nonce }, { iss: 'login.example.test/tenant-a' }));
    expect(token.claims?.iss).toBe('login.example.test/tenant-a');
    await expect(signInWith(oidcManifest({}), (nonce) => signed({ nonce }, { iss: 'login.example.test/tenant-a' }))).rejects.toMatchObject({ code: 'ID_TOKEN_INVALID' });
  });

  it('allows clockToleranceSeconds of skew on exp', async () => {
    serveDiscovery(`${OP}/tenant-a`);
    const justExpired = Math.floor(Date.now() / 1000) - 20;
    const { token } = await signInWith(oidcManifest({ clockToleranceSeconds: 60 }), (nonce) => signed({ nonce }, { exp: justExpired }));
    expect(token.claims?.sub).toBe('user-1');
    await expect(signInWith(oidcManifest({ clockToleranceSeconds: 0 }), (nonce) => signed({ nonce }, { exp: justExpired }))).rejects.toMatchObject({ code: 'ID_TOKEN_EXPIRED' });
  });

  it('reads the profile from userinfo, or from the id_token when the provider has none', async () => {
    serveDiscovery(`${OP}/tenant-a`);
    const withUserinfo = await signInWith(oidcManifest({}), (nonce) => signed({ nonce }));
    nock(OP).get('/userinfo').matchHeader('authorization', 'Bearer at').reply(200, { sub: 'user-1', name: 'From Userinfo', email: 'a@x.test' });
    expect(await withUserinfo.client.profile(withUserinfo.token)).toMatchObject({ id: 'user-1', name: 'From Userinfo', email: 'a@x.test' });

    const withoutUserinfo = await signInWith(oidcManifest({ userinfo: false }), (nonce) => signed({ nonce }));
    expect(await withoutUserinfo.client.profile(withoutUserinfo.token)).toMatchObject({ id: 'user-1', name: 'Ann', socialId: 'example-oidc$user-1' });
  });

  it('refuses discovery metadata that names another issuer', async () => {
    serveDiscovery('https://evil.example.test');
    await expect(clientFor(oidcManifest({})).authorize()).rejects.toMatchObject({ code: 'DISCOVERY_FAILED' });
  });
});
