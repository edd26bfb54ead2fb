// OIDC Core §3.1.3.7 id_token validation, on jose: signature against the JWKS (fetched again once on an unknown
// kid), iss, aud, azp, exp/iat with a small clock tolerance, the nonce, and for a refreshed id_token the
// original's iss and sub (§12.2).
import { decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { ClientContext } from '../context.ts';
import { IdTokenError, ResponseError } from '../errors.ts';
import { constantTimeEqual } from '../util/random.ts';
import { loadJwks } from './jwks.ts';

export { clearJwksCache } from './jwks.ts';

export interface IdTokenExpectations {
  jwksUri: string | undefined;
  /** The nonce sent in the authorization request; a sent nonce must come back. */
  nonce: string | undefined;
  /** For an id_token from a refresh: the claims of the one from the sign-in it continues. */
  original?: Record<string, unknown> | undefined;
}

export async function validateIdToken(context: ClientContext, idToken: string, expected: IdTokenExpectations): Promise<JWTPayload> {
  const oidc = context.manifest.oidc!;
  const issuer = resolveIssuer(context, idToken);
  const options = {
    issuer: [issuer, ...oidc.issuerAliases],
    audience: context.clientId,
    algorithms: oidc.algorithms,
    clockTolerance: oidc.clockToleranceSeconds,
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
  };
  let payload: JWTPayload;
  try {
    if (oidc.algorithms.every((alg) => alg.startsWith('HS'))) {
      // Symmetric id_tokens are signed with the client secret (OIDC Core §10.1).
      payload = (await jwtVerify(idToken, new TextEncoder().encode(context.clientSecret ?? ''), options)).payload;
    } else {
      if (!expected.jwksUri) throw new IdTokenError('ID_TOKEN_INVALID', 'no jwks_uri to verify the id_token against');
      payload = await verifyWithRefetch(context, idToken, expected.jwksUri, options);
    }
  } catch (cause) {
    throw toIdTokenError(cause);
  }
  checkSubject(payload);
  checkIssuedAt(payload, oidc.clockToleranceSeconds);
  checkAuthorizedParty(payload, context.clientId);
  checkNonce(payload, expected.nonce);
  if (expected.original) checkSameAuthentication(payload, expected.original);
  return payload;
}

/** The claims a refreshed id_token is compared with: the TokenSet's verified claims, else its stored id_token's. */
export function originalClaims(token: { claims?: Record<string, unknown>; idToken?: string } | string): Record<string, unknown> | undefined {
  if (typeof token === 'string') return undefined;
  if (token.claims) return token.claims;
  try {
    // Verified when it was issued; here it is only read back from where the app stored it.
    return token.idToken ? decodeJwt(token.idToken) : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies with the provider's keys, fetching them again (once per cooldown) for a kid they lack. */
export async function verifyWithRefetch(context: ClientContext, idToken: string, jwksUri: string, options: Parameters<typeof jwtVerify>[2]) {
  try {
    return (await jwtVerify(idToken, await loadJwks(context, jwksUri, false), options)).payload;
  } catch (cause) {
    if (!(cause instanceof joseErrors.JWKSNoMatchingKey)) throw cause;
    return (await jwtVerify(idToken, await loadJwks(context, jwksUri, true), options)).payload;
  }
}

/** Multi-tenant metadata names an issuer with a placeholder; the tenant comes from the token's own claim. */
function resolveIssuer(context: ClientContext, idToken: string): string {
  const template = context.issuer ?? context.manifest.oidc!.issuer;
  const variables = context.manifest.oidc!.issuerVariables;
  if (!Object.keys(variables).length) return template;
  let claims: JWTPayload;
  try {
    claims = decodeJwt(idToken);
  } catch (cause) {
    throw new IdTokenError('ID_TOKEN_INVALID', 'the id_token is not a JWT', { cause });
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const claim = variables[name];
    const value = claim ? claims[claim] : undefined;
    if (typeof value !== 'string' || !/^[\w.-]+$/.test(value)) throw new IdTokenError('ID_TOKEN_INVALID', `the id_token has no usable ${claim ?? name} claim for the issuer`);
    return value;
  });
}

/**
 * §2: sub is the user's identifier, a non-empty string. jose only checks that it is present, and an empty or
 * non-string sub would give every such user one identity (`1` and `"1"` alike once an app stringifies it).
 */
function checkSubject(payload: JWTPayload): void {
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new IdTokenError('ID_TOKEN_INVALID', 'the id_token sub claim is not a non-empty string (OIDC Core §2)');
}

/** §3.1.3.7 items 4–5: with several audiences, azp must be present and be us. */
function checkAuthorizedParty(payload: JWTPayload, clientId: string): void {
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const azp = payload.azp;
  if (azp !== undefined && azp !== clientId) throw new IdTokenError('ID_TOKEN_INVALID', 'the id_token azp claim names another client');
  if (audiences.length > 1 && azp === undefined) throw new IdTokenError('ID_TOKEN_INVALID', 'the id_token has several audiences and no azp claim');
}

/**
 * §3.1.3.7 item 11: a nonce that was sent must come back, whatever oidc.nonce says; that setting decides
 * whether one is sent at all (`unsupported`: never, so nothing to check here).
 */
function checkNonce(payload: JWTPayload, expected: string | undefined): void {
  if (!expected) return;
  const nonce = payload.nonce;
  if (typeof nonce !== 'string') throw new IdTokenError('NONCE_MISMATCH', 'the id_token carries no nonce, though the authorization request sent one');
  if (!constantTimeEqual(nonce, expected)) throw new IdTokenError('NONCE_MISMATCH', 'the id_token nonce does not match the one sent');
}

/** §3.1.3.7 item 10: jose checks that iat is a number, not that it is past; an id_token from the future is forged or mis-clocked. */
function checkIssuedAt(payload: JWTPayload, toleranceSeconds: number): void {
  if (typeof payload.iat === 'number' && payload.iat > Math.floor(Date.now() / 1000) + toleranceSeconds) {
    throw new IdTokenError('ID_TOKEN_INVALID', `the id_token iat claim is more than ${toleranceSeconds} s in the future`);
  }
}

/** §12.2: a refreshed id_token must name the same issuer and the same user as the original. */
function checkSameAuthentication(payload: JWTPayload, original: Record<string, unknown>): void {
  for (const claim of ['iss', 'sub'] as const) {
    if (original[claim] !== undefined && payload[claim] !== original[claim]) {
      throw new IdTokenError('ID_TOKEN_INVALID', `the refreshed id_token ${claim} claim differs from the original id_token's (OIDC Core §12.2)`);
    }
  }
}

function toIdTokenError(cause: unknown): Error {
  if (cause instanceof IdTokenError || cause instanceof ResponseError) return cause;
  if (cause instanceof joseErrors.JWTExpired) return new IdTokenError('ID_TOKEN_EXPIRED', 'the id_token has expired', { cause });
  if (cause instanceof joseErrors.JWTClaimValidationFailed) {
    return new IdTokenError('ID_TOKEN_INVALID', `the id_token ${cause.claim} claim is not valid (${cause.reason})`, { cause });
  }
  if (cause instanceof joseErrors.JOSEError) return new IdTokenError('ID_TOKEN_INVALID', `the id_token failed verification (${cause.code})`, { cause });
  return new IdTokenError('ID_TOKEN_INVALID', 'the id_token failed verification', { cause });
}
