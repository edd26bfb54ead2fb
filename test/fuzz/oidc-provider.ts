// An OpenID provider for the id_token fuzz suites: discovery, a JWKS holding keys made in the test with
// jose, and a token endpoint that answers the id_token under test; plus the sign-in that meets them.
import { exportJWK, generateKeyPair, type JWK, SignJWT, type JWTPayload } from 'jose';
import { OAuthClient } from '../../src/client.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import type { TokenSet } from '../../src/types.ts';
import type { AnswerTemplate } from './answers.ts';
import { fakeFetch } from './fake-fetch.ts';
import { expectTypedError, HANG_MS, PLANTED, PLANTED_SECRETS } from './helpers.ts';

export const OP = 'https://login.example.test';
export const CLIENT_ID = 'fuzz-oidc-client';
const REDIRECT = 'https://app.example.test/callback';

const METADATA: AnswerTemplate = {
  status: 200,
  contentType: 'application/json',
  kind: 'json',
  value: { issuer: OP, authorization_endpoint: `${OP}/authorize`, token_endpoint: `${OP}/token`, jwks_uri: `${OP}/jwks` },
};

export interface Keys {
  signing: CryptoKey;
  /** The public signing key as the JWKS lists it (kid k1). */
  jwk: JWK;
  /** Another provider's key, for tokens signed by someone else under our kid. */
  attacker: CryptoKey;
  /** An RSA key the JWKS also lists, never used to sign. */
  rsaJwk: JWK;
}

export async function makeKeys(): Promise<Keys> {
  const [ec, attacker, rsa] = await Promise.all([generateKeyPair('ES256', { extractable: true }), generateKeyPair('ES256'), generateKeyPair('RS256', { extractable: true })]);
  return {
    signing: ec.privateKey,
    jwk: { ...(await exportJWK(ec.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' },
    attacker: attacker.privateKey,
    rsaJwk: { ...(await exportJWK(rsa.publicKey)), kid: 'r1', alg: 'RS256', use: 'sig' },
  };
}

/** What the provider answers now: the JWKS, and the token endpoint's id_token (any JSON value). */
export const provider: { jwks: AnswerTemplate | undefined; idToken: unknown } = { jwks: undefined, idToken: undefined };

const transport = fakeFetch((request) => {
  const path = new URL(request.url).pathname;
  if (path === '/.well-known/openid-configuration') return METADATA;
  if (path === '/jwks') return provider.jwks;
  return { status: 200, contentType: 'application/json', kind: 'json', value: { access_token: PLANTED.accessToken, token_type: 'Bearer', id_token: provider.idToken } };
});

/** An OIDC client on this provider: asymmetric keys from the JWKS, or HS256 with the client secret (OIDC Core §10.1). */
export function oidcClient(algorithms: string[] = ['RS256', 'ES256']): OAuthClient {
  const manifest = parseManifestObject({ id: 'acme-oidc', name: 'Acme OIDC', protocol: 'oidc', docs: 'https://docs.example.test/oidc', lastVerified: '2026-11-23', endpoints: {}, oidc: { issuer: OP, algorithms } });
  return new OAuthClient(manifest, { clientId: CLIENT_ID, clientSecret: PLANTED.clientSecret, redirectUri: REDIRECT, http: { retries: 0, timeoutMs: HANG_MS, maxBodyBytes: 64 * 1024, fetch: transport } });
}

export const now = () => Math.floor(Date.now() / 1000);

/** Claims that pass every check for this nonce. */
export function validClaims(nonce: string | undefined): JWTPayload {
  return { iss: OP, aud: CLIENT_ID, sub: 'user-1', nonce, iat: now(), exp: now() + 600 };
}

export function sign(claims: JWTPayload, key: CryptoKey | Uint8Array, header: { alg: string; kid?: string } = { alg: 'ES256', kid: 'k1' }): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

/**
 * Signs in with `makeIdToken(nonce)` as the token endpoint's id_token. Returns the TokenSet, or undefined
 * after checking that the failure was typed and showed no planted secret (nor the id_token itself).
 */
export async function signInWith(client: OAuthClient, makeIdToken: (nonce: string | undefined) => unknown | Promise<unknown>): Promise<TokenSet | undefined> {
  const { transaction } = await client.authorize();
  provider.idToken = await makeIdToken(transaction.nonce);
  const secrets = [...PLANTED_SECRETS, transaction.codeVerifier!];
  if (typeof provider.idToken === 'string' && provider.idToken.length >= 40) secrets.push(provider.idToken);
  try {
    return await client.callback(`${REDIRECT}?code=${PLANTED.code}&state=${transaction.state}`);
  } catch (error) {
    expectTypedError(error, secrets);
    return undefined;
  }
}
