// DPoP as the provider checks it (RFC 9449 §4.3): one proof per request, signed with the key in its own
// header, for this method and URL, fresh (iat) and never seen before (jti), carrying a server nonce when the
// manifest says dpop.nonce, and (at the API) the hash of the token it goes with. Tokens issued against a
// proof are bound to the key's thumbprint (cnf.jkt, §6): presented with another key, or as a bearer token,
// they are refused. Each refusal says which check failed, so a client's error can tell them apart.
import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import type { HandlerContext } from './context.ts';
import { header, type EmulatorRequest } from './http-io.ts';
import type { EmulatorState } from './state.ts';
import { Rejection } from './wire-checks.ts';

/** §11.1: how long a proof's iat is accepted, and so how long its jti is remembered. */
const PROOF_WINDOW_SECONDS = 300;
const NONCE_LIFETIME_MS = 5 * 60_000;

type Role = 'token' | 'api';

interface DpopMemory {
  seenJti: Map<string, number>;
  /** Nonces handed out, by server role: the token endpoint's do not work at the API (§8, §9), and vice versa. */
  nonces: Record<Role, Map<string, number>>;
  /** Token value → the thumbprint it is bound to. */
  bindings: Map<string, string>;
}

const memories = new WeakMap<EmulatorState, DpopMemory>();

function memoryOf(context: HandlerContext): DpopMemory {
  let memory = memories.get(context.state);
  if (!memory) memories.set(context.state, (memory = { seenJti: new Map(), nonces: { token: new Map(), api: new Map() }, bindings: new Map() }));
  return memory;
}

/** A refusal in the shape the role's clients read: §5 token-endpoint error body, or §7.1 WWW-Authenticate challenge. */
function refuse(role: Role, error: 'invalid_dpop_proof' | 'use_dpop_nonce' | 'invalid_token', description: string, context: HandlerContext, extra: Record<string, string> = {}): never {
  const headers: Record<string, string> = { ...extra };
  if (role === 'api') {
    const algs = (context.manifest.dpop?.algorithms ?? []).join(' ');
    headers['www-authenticate'] = `DPoP error="${error}", error_description="${description.replace(/["\\]/g, '')}", algs="${algs}"`;
  }
  throw new Rejection(role === 'api' ? 401 : 400, error, description, headers);
}

function issueNonce(memory: DpopMemory, role: Role): string {
  const nonce = randomBytes(16).toString('base64url');
  const now = Date.now();
  for (const [seen, at] of memory.nonces[role]) if (now - at > NONCE_LIFETIME_MS) memory.nonces[role].delete(seen);
  memory.nonces[role].set(nonce, now);
  return nonce;
}

/** §4.3: the proof of `request`, checked; the thumbprint of its key. */
async function verifyProof(request: EmulatorRequest, context: HandlerContext, role: Role, accessToken: string | undefined): Promise<string> {
  const where = role === 'api' ? 'API' : 'token endpoint';
  const proof = header(request, 'dpop')!;
  // Node joins repeated headers with ", ": a JWT has no comma, so one means several proofs.
  if (proof.includes(',')) refuse(role, 'invalid_dpop_proof', `${where}: exactly one DPoP header is allowed`, context);
  const algorithms = context.manifest.dpop?.algorithms ?? [];
  let protectedHeader: ReturnType<typeof decodeProtectedHeader>;
  try {
    protectedHeader = decodeProtectedHeader(proof);
  } catch {
    return refuse(role, 'invalid_dpop_proof', `${where}: the DPoP proof is not a JWT`, context);
  }
  if (protectedHeader.typ !== 'dpop+jwt') refuse(role, 'invalid_dpop_proof', `${where}: DPoP proof typ must be dpop+jwt`, context);
  if (!protectedHeader.alg || !(algorithms as string[]).includes(protectedHeader.alg)) refuse(role, 'invalid_dpop_proof', `${where}: DPoP proof alg must be one of ${algorithms.join(', ')}`, context);
  const jwk = protectedHeader.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object' || 'd' in jwk) refuse(role, 'invalid_dpop_proof', `${where}: DPoP proof header must carry the public key (jwk) and nothing private`, context);
  let claims: Record<string, unknown>;
  try {
    const key = await importJWK(jwk!, protectedHeader.alg);
    ({ payload: claims } = await jwtVerify(proof, key, { typ: 'dpop+jwt', algorithms: [protectedHeader.alg!], maxTokenAge: PROOF_WINDOW_SECONDS, clockTolerance: 5 }));
  } catch (error) {
    // jose reports an iat too old as expired, one in the future as a failed claim check.
    const code = (error as { code?: string }).code;
    const stale = code === 'ERR_JWT_EXPIRED' || code === 'ERR_JWT_CLAIM_VALIDATION_FAILED';
    return refuse(role, 'invalid_dpop_proof', stale ? `${where}: DPoP proof iat is outside the accepted window` : `${where}: DPoP proof signature does not verify with its jwk`, context);
  }
  if (claims.htm !== request.method) refuse(role, 'invalid_dpop_proof', `${where}: DPoP proof htm does not match the request method`, context);
  if (claims.htu !== `${request.url.origin}${request.url.pathname}`) refuse(role, 'invalid_dpop_proof', `${where}: DPoP proof htu does not match the request URL`, context);
  if (typeof claims.iat !== 'number') refuse(role, 'invalid_dpop_proof', `${where}: DPoP proof has no iat`, context);
  const memory = memoryOf(context);
  const jti = claims.jti;
  if (typeof jti !== 'string' || jti.length < 8) refuse(role, 'invalid_dpop_proof', `${where}: DPoP proof has no usable jti`, context);
  if (memory.seenJti.has(jti as string)) refuse(role, 'invalid_dpop_proof', `${where}: DPoP proof jti was used before (replayed proof)`, context);
  const now = Date.now();
  for (const [seen, at] of memory.seenJti) if (now - at > PROOF_WINDOW_SECONDS * 1000) memory.seenJti.delete(seen);
  memory.seenJti.set(jti as string, now);
  if (context.manifest.dpop?.nonce) {
    const nonce = claims.nonce;
    const issuedAt = typeof nonce === 'string' ? memory.nonces[role].get(nonce) : undefined;
    if (issuedAt === undefined || now - issuedAt > NONCE_LIFETIME_MS) {
      refuse(role, 'use_dpop_nonce', `${where}: DPoP proof needs a current server nonce`, context, { 'dpop-nonce': issueNonce(memory, role) });
    }
  }
  if (role === 'api') {
    const expected = createHash('sha256').update(accessToken ?? '', 'ascii').digest('base64url');
    if (claims.ath !== expected) refuse(role, 'invalid_dpop_proof', `${where}: DPoP proof ath does not match the access token`, context);
  }
  return calculateJwkThumbprint(jwk!, 'sha256');
}

/**
 * The token endpoint's check: the thumbprint to bind the new tokens to, or undefined for a bearer request. A
 * provider with dpop.required refuses requests without a proof; one without a dpop section ignores proofs.
 */
export async function checkTokenProof(request: EmulatorRequest, context: HandlerContext): Promise<string | undefined> {
  const spec = context.manifest.dpop;
  if (!spec) return undefined;
  if (header(request, 'dpop') === undefined) {
    if (spec.required) refuse('token', 'invalid_dpop_proof', 'token endpoint: this provider only issues DPoP-bound tokens and the request has no DPoP proof', context);
    return undefined;
  }
  return verifyProof(request, context, 'token', undefined);
}

/** Records that `tokens` (the new access token, and a refresh token) are bound to `jkt`. */
export function bindTokens(context: HandlerContext, tokens: readonly (string | undefined)[], jkt: string): void {
  const { bindings } = memoryOf(context);
  for (const token of tokens) if (token) bindings.set(token, jkt);
}

/** §5: a bound refresh token is refreshed only with a proof of the same key. */
export function checkRefreshBinding(context: HandlerContext, refreshToken: string, jkt: string | undefined): void {
  const bound = memoryOf(context).bindings.get(refreshToken);
  if (bound !== undefined && bound !== jkt) refuse('token', 'invalid_dpop_proof', 'token endpoint: the refresh token is bound to another DPoP key', context);
}

/**
 * §7.1 at the API: `Authorization: DPoP <token>` with a proof of the key the token is bound to. Returns the
 * presented token, or undefined when the request does not use the DPoP scheme (the caller then refuses
 * bound tokens presented any other way: see isBound).
 */
export async function dpopPresentedToken(request: EmulatorRequest, context: HandlerContext, lookup: (token: string) => boolean): Promise<string | undefined> {
  if (!context.manifest.dpop) return undefined;
  const authorization = header(request, 'authorization');
  const match = authorization ? /^DPoP\s+(\S+)$/i.exec(authorization) : null;
  if (!match) return undefined;
  const presented = match[1]!;
  if (header(request, 'dpop') === undefined) refuse('api', 'invalid_dpop_proof', 'API: a DPoP token needs a DPoP proof header', context);
  // §7.1: an unknown token is the token's problem, reported before the proof's.
  if (!lookup(presented)) refuse('api', 'invalid_token', 'API: unknown, expired or revoked access token', context);
  const jkt = await verifyProof(request, context, 'api', presented);
  if (memoryOf(context).bindings.get(presented) !== jkt) refuse('api', 'invalid_dpop_proof', 'API: the DPoP proof key does not match the key the token is bound to (cnf.jkt)', context);
  return presented;
}

export function isBound(context: HandlerContext, token: string | undefined): boolean {
  return token !== undefined && memoryOf(context).bindings.has(token);
}

/** Discovery's RFC 9449 §5.1 field, for providers that take DPoP. */
export function dpopMetadata(context: HandlerContext): Record<string, unknown> {
  return context.manifest.dpop ? { dpop_signing_alg_values_supported: context.manifest.dpop.algorithms } : {};
}
