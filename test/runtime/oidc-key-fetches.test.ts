// How often discovery metadata and the JWKS are fetched: once for a burst of sign-ins on a cold cache, again
// after a failure, and on an unknown kid at most once per refetch cooldown.
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OAuthClient } from '../../src/client.ts';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { clearDiscoveryCache } from '../../src/oidc/discovery.ts';
import { clearJwksCache } from '../../src/oidc/id-token.ts';
import { CLIENT, clientFor, REDIRECT, useNock } from './helpers.ts';

useNock();
const OP = 'https://login.example.test';
const SIGN_INS = 50;
const manifest: ManifestInput = { id: 'example-oidc', name: 'Example OIDC', protocol: 'oidc', docs: 'https://docs.example.test/oidc', lastVerified: '2026-11-23', endpoints: {}, oidc: { issuer: OP } };

interface SigningKey {
  key: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  return { key: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256' } };
}

let fetches: { discovery: number; jwks: number };
/** The keys the JWKS endpoint publishes now; a test rotates them by replacing the list. */
let published: JWK[];
/** code → nonce of its transaction, so the token endpoint can put the right nonce in each id_token. */
const nonces = new Map<string, string | undefined>();
let signWith: SigningKey;

beforeEach(() => {
  clearDiscoveryCache();
  clearJwksCache();
  fetches = { discovery: 0, jwks: 0 };
  nock(OP)
    .persist()
    .get('/.well-known/openid-configuration')
    .delay(20)
    .reply(() => {
      fetches.discovery++;
      return [200, { issuer: OP, authorization_endpoint: `${OP}/authorize`, token_endpoint: `${OP}/token`, jwks_uri: `${OP}/jwks` }];
    })
    .get('/jwks')
    .delay(20)
    .reply(() => {
      fetches.jwks++;
      return [200, { keys: published }];
    })
    .post('/token')
    .reply(async (_uri, body) => {
      const code = new URLSearchParams(body as string).get('code')!;
      const now = Math.floor(Date.now() / 1000);
      const nonce = nonces.get(code);
      const idToken = await new SignJWT(nonce ? { nonce } : {})
        .setProtectedHeader({ alg: 'RS256', kid: signWith.jwk.kid! })
        .setIssuer(OP)
        .setAudience(CLIENT.clientId)
        .setSubject('user-1')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(signWith.key);
      return [200, { access_token: `at-${code}`, token_type: 'Bearer', id_token: idToken }];
    });
});
afterEach(() => vi.useRealTimers());

async function callbackFor(client: OAuthClient, code: string): Promise<string> {
  const { transaction } = await client.authorize();
  nonces.set(code, transaction.nonce);
  return `${REDIRECT}?code=${code}&state=${transaction.state}`;
}

describe('discovery and JWKS fetches', () => {
  it(`${SIGN_INS} concurrent sign-ins on a cold cache fetch discovery once and the JWKS once`, async () => {
    signWith = await signingKey('k1');
    published = [signWith.jwk];
    const client = clientFor(manifest);
    const callbacks = await Promise.all(Array.from({ length: SIGN_INS }, (_, i) => callbackFor(client, `c${i}`)));
    expect(fetches.discovery).toBe(1);
    const tokens = await Promise.all(callbacks.map((callback) => client.callback(callback)));
    expect(tokens.every((token) => token.claims?.sub === 'user-1')).toBe(true);
    expect(fetches).toEqual({ discovery: 1, jwks: 1 });
  });

  it('does not keep a failed discovery: the next call fetches again', async () => {
    nock.cleanAll();
    nock(OP).get('/.well-known/openid-configuration').reply(503).get('/.well-known/openid-configuration').reply(200, { issuer: OP, authorization_endpoint: `${OP}/authorize` });
    const client = clientFor(manifest);
    const failed = await Promise.allSettled(Array.from({ length: 5 }, () => client.authorize()));
    expect(failed.every((result) => result.status === 'rejected' && (result.reason as { code?: string }).code === 'DISCOVERY_FAILED')).toBe(true);
    await expect(client.authorize()).resolves.toMatchObject({ url: expect.stringContaining(`${OP}/authorize`) });
    expect(nock.isDone()).toBe(true);
  });

  it('checks the issuer per client, also when the metadata comes from the cache (Discovery §4.3)', async () => {
    await clientFor(manifest).authorize();
    const other = clientFor({ ...manifest, oidc: { issuer: 'https://other.example.test', discovery: `${OP}/.well-known/openid-configuration` } });
    await expect(other.authorize()).rejects.toMatchObject({ code: 'DISCOVERY_FAILED' });
    expect(fetches.discovery).toBe(1);
  });

  it('an unknown kid refetches the JWKS at most once within the cooldown, and again after it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now());
    const first = await signingKey('k1');
    signWith = first;
    published = [first.jwk];
    const client = clientFor(manifest);
    await client.callback(await callbackFor(client, 'ok'));
    expect(fetches.jwks).toBe(1);

    // Forged (or not yet published) kids: each would otherwise cost a JWKS request.
    signWith = await signingKey('unknown');
    for (let i = 0; i < 5; i++) {
      await expect(client.callback(await callbackFor(client, `forged${i}`))).rejects.toMatchObject({ code: 'ID_TOKEN_INVALID' });
    }
    expect(fetches.jwks).toBeLessThanOrEqual(2);

    // After the cooldown, a rotated key is picked up by one refetch.
    vi.setSystemTime(Date.now() + 31_000);
    const rotated = await signingKey('k2');
    signWith = rotated;
    published = [first.jwk, rotated.jwk];
    const before = fetches.jwks;
    expect((await client.callback(await callbackFor(client, 'rotated'))).claims?.sub).toBe('user-1');
    expect(fetches.jwks).toBe(before + 1);
  });
});
