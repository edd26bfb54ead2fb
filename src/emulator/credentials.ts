// The test client the emulator accepts. For manifests whose client secret is a signed JWT
// (token.clientSecretJwt), it also holds a key pair: the app signs with `privateKey`, the emulator checks
// the signature and the claims, as the real provider does with the key the developer registered.
import { createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import type { ProviderManifest } from '../manifest/schema.ts';
import { fillTemplate } from '../util/template.ts';

export interface EmulatorCredentials {
  clientId: string;
  clientSecret: string;
  /** PEM (PKCS #8), only for manifests with token.clientSecretJwt. */
  privateKey?: string;
}

export interface CredentialCheck extends EmulatorCredentials {
  /** Whether `secret` is this client's secret (or, for a JWT secret, a valid one). */
  acceptsSecret(secret: string | undefined): boolean;
}

export function createCredentials(manifest: ProviderManifest, vars: Record<string, string>): CredentialCheck {
  const clientId = `${manifest.id}-emulator-client`;
  const clientSecret = randomBytes(18).toString('base64url');
  const spec = manifest.token.clientSecretJwt;
  if (!spec) return { clientId, clientSecret, acceptsSecret: (secret) => secret === clientSecret };

  const pair = spec.algorithm === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
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
  };
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
