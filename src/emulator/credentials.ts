// The test client the emulator accepts. For manifests whose client secret is a signed JWT
// (token.clientSecretJwt), it also holds a key pair: the app signs with `privateKey`, the emulator checks
// the signature and the claims, as the real provider does with the key the developer registered.
import { createHmac, createPublicKey, randomBytes, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { keyPair } from './keys.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import { fillTemplate } from '../util/template.ts';

export interface EmulatorCredentials {
  clientId: string;
  clientSecret: string;
  /** PEM (PKCS #8), only for manifests with token.clientSecretJwt or private_key_jwt client assertions. */
  privateKey?: string;
}

export interface CredentialCheck extends EmulatorCredentials {
  /** Whether `secret` is this client's secret (or, for a JWT secret, a valid one). */
  acceptsSecret(secret: string | undefined): boolean;
  /** RFC 7523 client assertions: why `jwt` is not a valid assertion for `audience`, or undefined when it is. */
  assertionProblem(jwt: string, audience: string): string | undefined;
  /** The consumer's registered key, for OAuth 1 RSA-SHA1 signatures. */
  rsaPublicKey?: KeyObject;
  /** The app's registered key, for rsa-* request signatures (api.signing, token.signing). */
  signingPublicKey?: KeyObject;
}

export function createCredentials(manifest: ProviderManifest, vars: Record<string, string>): CredentialCheck {
  const clientId = `${manifest.id}-emulator-client`;
  const clientSecret = randomBytes(18).toString('base64url');
  const assertions = clientAssertions(manifest, clientId, clientSecret);
  const spec = manifest.token.clientSecretJwt;
  const signing = [manifest.api.signing, manifest.token.signing].some((recipe) => recipe?.algorithm.startsWith('rsa-'));
  if (signing) {
    // The app registered an RSA public key for its request signatures (Alipay's RSA2).
    const pair = keyPair('rsa');
    const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return { clientId, clientSecret, privateKey, signingPublicKey: pair.publicKey, acceptsSecret: (secret) => secret === clientSecret, assertionProblem: assertions.problem };
  }
  if (manifest.oauth1?.signatureMethod === 'RSA-SHA1') {
    // RFC 5849 §3.4.3: the consumer registered an RSA public key; the app signs with the private half.
    const pair = keyPair('rsa');
    const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return { clientId, clientSecret, privateKey, rsaPublicKey: pair.publicKey, acceptsSecret: (secret) => secret === clientSecret, assertionProblem: assertions.problem };
  }
  if (!spec) return { clientId, clientSecret, ...(assertions.privateKey ? { privateKey: assertions.privateKey } : {}), acceptsSecret: (secret) => secret === clientSecret, assertionProblem: assertions.problem };

  const pair = spec.algorithm === 'ES256' ? keyPair('ec-p256') : keyPair('rsa');
  const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKey = createPublicKey(pair.privateKey);
  const scope = { client: { clientId }, vars };
  const expected = {
    iss: fillTemplate(spec.issuer, scope, 'token.clientSecretJwt.issuer'),
    aud: fillTemplate(spec.audience, scope, 'token.clientSecretJwt.audience'),
  };
  return {
    clientId,
    clientSecret,
    privateKey,
    acceptsSecret: (secret) => secret !== undefined && isValidSecretJwt(secret, spec.algorithm, publicKey, { ...expected, sub: clientId }),
    assertionProblem: assertions.problem,
  };
}

type AssertionAlgorithm = 'RS256' | 'ES256' | 'PS256' | 'HS256';

/**
 * The key a private_key_jwt client registered (a fresh pair; the app gets the private half) or, for
 * client_secret_jwt, the secret; and the check of an assertion: signature, iss = sub = client id, aud,
 * expiry, and a jti never seen before (RFC 7523 §3).
 */
function clientAssertions(manifest: ProviderManifest, clientId: string, clientSecret: string): { privateKey?: string; problem(jwt: string, audience: string): string | undefined } {
  const method = manifest.token.clientAuth;
  if (method !== 'private_key_jwt' && method !== 'client_secret_jwt') return { problem: () => 'this client does not authenticate with assertions' };
  const algorithm: AssertionAlgorithm = manifest.token.clientAssertion?.algorithm ?? (method === 'private_key_jwt' ? 'RS256' : 'HS256');
  const pair = method === 'private_key_jwt' ? (algorithm === 'ES256' ? keyPair('ec-p256') : keyPair('rsa')) : undefined;
  const seen = new Set<string>();
  const fixedAudience = manifest.token.clientAssertion?.audience;
  const problem = (jwt: string, audience: string): string | undefined => {
    const [header, payload, signature] = jwt.split('.');
    if (!header || !payload || !signature) return 'client_assertion is not a JWT';
    let alg: unknown;
    let claims: Record<string, unknown>;
    try {
      alg = (JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: unknown }).alg;
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    } catch {
      return 'client_assertion is not a JWT';
    }
    if (alg !== algorithm) return `client_assertion must be signed with ${algorithm}`;
    const signed = Buffer.from(`${header}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    const expectedMac = pair ? undefined : createHmac('sha256', clientSecret).update(signed).digest();
    const valid = pair
      ? verify('sha256', signed, algorithm === 'ES256' ? { key: pair.publicKey, dsaEncoding: 'ieee-p1363' } : algorithm === 'PS256' ? { key: pair.publicKey, padding: 6, saltLength: 32 } : pair.publicKey, given)
      : given.length === expectedMac!.length && timingSafeEqual(given, expectedMac!);
    if (!valid) return 'client_assertion signature does not verify';
    if (claims.iss !== clientId || claims.sub !== clientId) return 'client_assertion iss and sub must be the client id';
    if (claims.aud !== (fixedAudience ?? audience)) return 'client_assertion aud is not this endpoint';
    if (typeof claims.exp !== 'number' || claims.exp <= Math.floor(Date.now() / 1000)) return 'client_assertion has expired';
    if (typeof claims.jti !== 'string' || seen.has(claims.jti)) return 'client_assertion jti is missing or was used before';
    seen.add(claims.jti);
    return undefined;
  };
  return { ...(pair ? { privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } : {}), problem };
}

function isValidSecretJwt(jwt: string, algorithm: 'ES256' | 'RS256' | 'PS256', key: KeyObject, expected: { iss: string; aud: string; sub: string }): boolean {
  const parts = jwt.split('.');
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const signed = Buffer.from(`${header}.${payload}`);
    const options = algorithm === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : algorithm === 'PS256' ? { key, padding: 6, saltLength: 32 } : key;
    if (alg !== algorithm || !verify('sha256', signed, options, Buffer.from(signature, 'base64url'))) return false;
    const now = Math.floor(Date.now() / 1000);
    return claims.iss === expected.iss && claims.aud === expected.aud && claims.sub === expected.sub && typeof claims.exp === 'number' && claims.exp > now;
  } catch {
    return false;
  }
}
