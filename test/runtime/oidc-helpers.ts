// What the OIDC tests share: a signing key pair made once per file, empty discovery and JWKS caches per test,
// and a minimal OIDC manifest.
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { beforeAll, beforeEach } from 'vitest';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { clearDiscoveryCache } from '../../src/oidc/discovery.ts';
import { clearJwksCache } from '../../src/oidc/id-token.ts';

export const OP = 'https://login.example.test';

export interface SigningKey {
  /** Signs id_tokens (RS256). */
  key: CryptoKey;
  /** Its public half as the JWKS serves it (kid k1). */
  jwk: JWK;
}

/** Registers the hooks: a fresh RS256 key pair for the file, and cold caches before every test. */
export function useOidcTestKey(): SigningKey {
  const signing = {} as SigningKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    signing.key = pair.privateKey;
    signing.jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  });
  beforeEach(() => {
    clearDiscoveryCache();
    clearJwksCache();
  });
  return signing;
}

/** An OIDC provider (issuer OP unless `oidc` says otherwise), endpoints from discovery. */
export function oidcManifest(oidc: Partial<NonNullable<ManifestInput['oidc']>> = {}, extra: Partial<ManifestInput> = {}): ManifestInput {
  return {
    id: 'example-oidc',
    name: 'Example OIDC',
    protocol: 'oidc',
    docs: 'https://docs.example.test/oidc',
    lastVerified: '2026-11-23',
    endpoints: {},
    oidc: { issuer: OP, ...oidc },
    ...extra,
  };
}
