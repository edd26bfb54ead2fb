// RFC 9449 §4.2: the DPoP proof JWT, one per HTTP request, signed with the client's key pair.
import { createHash, randomUUID } from 'node:crypto';
import type { DpopKeyPair } from './keys.ts';

export interface ProofTarget {
  /** The HTTP method of the request the proof goes with. */
  method: string;
  url: URL | string;
  /** The server's latest DPoP-Nonce (§8, §9), when it asked for one. */
  nonce?: string | undefined;
  /** For a protected-resource request: the access token the proof goes with (`ath`, §4.2). */
  accessToken?: string | undefined;
}

/** §4.2: `htu` is the target URI without query and fragment. */
export function proofUri(url: URL | string): string {
  const target = new URL(url);
  target.search = '';
  target.hash = '';
  return target.href;
}

/** §4.2: `ath` is the base64url SHA-256 of the access token's ASCII. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/** A fresh proof: a new `jti` and the current `iat` every time, since servers refuse a proof seen before (§11.1). */
export async function createDpopProof(key: DpopKeyPair, target: ProofTarget): Promise<string> {
  const { SignJWT } = await import('jose');
  const claims: Record<string, string> = { htm: target.method.toUpperCase(), htu: proofUri(target.url), jti: randomUUID() };
  if (target.nonce !== undefined) claims.nonce = target.nonce;
  if (target.accessToken !== undefined) claims.ath = accessTokenHash(target.accessToken);
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk: key.publicJwk }).setIssuedAt().sign(key.privateKey);
}
