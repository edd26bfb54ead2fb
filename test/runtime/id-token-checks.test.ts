// id_token checks beyond signature and audience: a refreshed id_token continues the same authentication
// (OIDC Core §12.2), a nonce that was sent comes back (§3.1.3.7 item 11), iat is not in the future (item 10),
// sub is a non-empty string (§2).
import { SignJWT } from 'jose';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { CLIENT, clientFor, REDIRECT, useNock } from './helpers.ts';
import { OP, useOidcTestKey } from './oidc-helpers.ts';

useNock();
const signing = useOidcTestKey();

beforeEach(() => {
  nock(OP)
    .persist()
    .get('/.well-known/openid-configuration')
    .reply(200, { issuer: OP, authorization_endpoint: `${OP}/authorize`, token_endpoint: `${OP}/token`, jwks_uri: `${OP}/jwks` })
    .get('/jwks')
    .reply(200, { keys: [signing.jwk] });
});

function manifest(nonce: 'required' | 'supported' | 'unsupported' = 'required'): ManifestInput {
  return { id: 'example-oidc', name: 'Example OIDC', protocol: 'oidc', docs: 'https://docs.example.test/oidc', lastVerified: '2026-11-23', endpoints: {}, oidc: { issuer: OP, nonce } };
}

const now = () => Math.floor(Date.now() / 1000);

function idToken(claims: { sub?: string; nonce?: string; iat?: number } = {}) {
  return new SignJWT(claims.nonce ? { nonce: claims.nonce } : {})
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(OP)
    .setAudience(CLIENT.clientId)
    .setSubject(claims.sub ?? 'user-1')
    .setIssuedAt(claims.iat ?? now())
    .setExpirationTime(now() + 600)
    .sign(signing.key);
}

/** Signs in; the token endpoint answers with the id_token `make` builds from the transaction's nonce. */
async function signIn(oidcManifest: ManifestInput, make: (nonce: string | undefined) => Promise<string>) {
  const client = clientFor(oidcManifest);
  const { transaction } = await client.authorize();
  nock(OP).post('/token').reply(200, { access_token: 'at-1', token_type: 'Bearer', refresh_token: 'rt-1', id_token: await make(transaction.nonce) });
  return { client, token: await client.callback(`${REDIRECT}?code=c&state=${transaction.state}`) };
}

function answerRefresh(idTokenValue: string) {
  nock(OP).post('/token', (body: Record<string, string>) => body.grant_type === 'refresh_token').reply(200, { access_token: 'at-2', token_type: 'Bearer', id_token: idTokenValue });
}

describe('refreshed id_token (OIDC Core §12.2)', () => {
  it('must name the same sub as the original', async () => {
    const { client, token } = await signIn(manifest(), (nonce) => idToken({ nonce }));
    answerRefresh(await idToken({ sub: 'user-2' }));
    await expect(client.refresh(token)).rejects.toMatchObject({ code: 'ID_TOKEN_INVALID', message: expect.stringContaining('sub') });
    answerRefresh(await idToken({ sub: 'user-1' }));
    expect((await client.refresh(token)).claims?.sub).toBe('user-1');
  });

  it('compares with the stored id_token when the TokenSet has no claims', async () => {
    const { client, token } = await signIn(manifest(), (nonce) => idToken({ nonce }));
    const stored = { ...token.toJSON(), claims: undefined };
    answerRefresh(await idToken({ sub: 'user-2' }));
    await expect(client.refresh(stored as never)).rejects.toMatchObject({ code: 'ID_TOKEN_INVALID' });
  });

  it('is only verified, not compared, when refresh() gets a bare refresh token', async () => {
    const { client } = await signIn(manifest(), (nonce) => idToken({ nonce }));
    answerRefresh(await idToken({ sub: 'user-2' }));
    expect((await client.refresh('rt-1')).claims?.sub).toBe('user-2');
  });
});

describe('nonce', () => {
  for (const mode of ['required', 'supported'] as const) {
    it(`a nonce sent (oidc.nonce: ${mode}) must come back`, async () => {
      await expect(signIn(manifest(mode), () => idToken())).rejects.toMatchObject({ code: 'NONCE_MISMATCH' });
      const { token } = await signIn(manifest(mode), (nonce) => idToken({ nonce }));
      expect(token.claims?.sub).toBe('user-1');
    });
  }

  it('none is sent or expected when oidc.nonce is unsupported', async () => {
    const { token } = await signIn(manifest('unsupported'), (nonce) => {
      expect(nonce).toBeUndefined();
      return idToken();
    });
    expect(token.claims?.sub).toBe('user-1');
  });
});

describe('iat', () => {
  it('is refused beyond the clock tolerance in the future, accepted within it', async () => {
    await expect(signIn(manifest(), (nonce) => idToken({ nonce, iat: now() + 3600 }))).rejects.toMatchObject({ code: 'ID_TOKEN_INVALID', message: expect.stringContaining('iat') });
    const { token } = await signIn(manifest(), (nonce) => idToken({ nonce, iat: now() + 10 }));
    expect(token.claims?.sub).toBe('user-1');
  });
});

describe('sub', () => {
  const withSub = (sub: unknown, nonce: string | undefined) =>
    new SignJWT({ sub, nonce } as Record<string, unknown>).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(OP).setAudience(CLIENT.clientId).setIssuedAt().setExpirationTime(now() + 600).sign(signing.key);

  it.each([[''], [42], [{ id: 'user-1' }], [null]])('is refused unless a non-empty string: %j (OIDC Core §2)', async (sub) => {
    await expect(signIn(manifest(), (nonce) => withSub(sub, nonce))).rejects.toMatchObject({ code: 'ID_TOKEN_INVALID', message: expect.stringContaining('sub') });
  });
});
