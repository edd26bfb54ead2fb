// Sends a request with a DPoP proof (RFC 9449 §4), keeps the DPoP-Nonce the server hands out, and retries
// once when the server asks for a nonce: to the token endpoint (§8, a 400 with error use_dpop_nonce) or to a
// resource server (§9, a 401 whose DPoP challenge says use_dpop_nonce). Retrying a token request is safe
// only because the server refused it before processing the grant; any other failure is never retried.
import type { ClientContext } from '../context.ts';
import { DpopError } from '../errors.ts';
import type { HttpRequest, HttpResponse } from '../http/request.ts';
import { readPath } from '../util/path.ts';
import { scrubSecrets } from '../util/scrub.ts';
import { createDpopProof } from './proof.ts';

export type DpopUse = ({ kind: 'token' } | { kind: 'resource'; accessToken: string }) & {
  where: string;
  /** What the request carried that a server might quote back (a code, a refresh token), kept out of the error. */
  sent?: readonly (string | undefined)[];
};

/** §8: NQCHAR, visible ASCII without `"` and `\`. */
const NONCE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const MAX_NONCE_LENGTH = 512;

/** `build` makes the request afresh for each attempt: a client assertion inside it must not be sent twice. */
export async function sendWithDpop(context: ClientContext, build: () => HttpRequest | Promise<HttpRequest>, use: DpopUse): Promise<HttpResponse> {
  const session = context.dpop!;
  const key = await session.keyPair();
  for (let attempt = 1; ; attempt++) {
    const request = await build();
    // A fresh URL object per attempt: a preRequest hook may edit the one it is handed.
    const url = new URL(typeof request.url === 'string' ? request.url : request.url.href);
    const proof = await createDpopProof(key, { method: request.method, url, nonce: session.nonceFor(url), accessToken: use.kind === 'resource' ? use.accessToken : undefined });
    const headers = new Headers(request.headers);
    headers.set('dpop', proof);
    const response = await context.http({ ...request, url, headers });
    const nonce = response.headers.get('dpop-nonce');
    const fresh = nonce !== null && nonce.length <= MAX_NONCE_LENGTH && NONCE.test(nonce);
    if (fresh) session.rememberNonce(url, nonce);
    const problem = dpopProblem(context, response, use.kind);
    if (!problem) return response;
    const sent = [...(use.sent ?? []), proof, use.kind === 'resource' ? use.accessToken : undefined, context.clientSecret];
    const details = { error: problem.error, reason: scrubSecrets(problem.reason, sent), status: response.status, where: use.where };
    if (problem.error !== 'use_dpop_nonce') throw new DpopError('DPOP_PROOF_REJECTED', details);
    if (attempt > 1 || !fresh) throw new DpopError('DPOP_NONCE_REQUIRED', details);
  }
}

interface Problem {
  error: string;
  reason: string | undefined;
}

const DPOP_ERRORS = new Set(['use_dpop_nonce', 'invalid_dpop_proof']);

/** The DPoP error a response reports, if any; other errors are for the caller to read as usual. */
function dpopProblem(context: ClientContext, response: HttpResponse, kind: DpopUse['kind']): Problem | undefined {
  if (kind === 'resource') {
    if (response.status !== 400 && response.status !== 401) return undefined;
    const challenge = dpopChallenge(response.headers.get('www-authenticate'));
    // invalid_token (expired, revoked) stays an HttpError: it is the token's problem, not the proof's.
    if (challenge?.error && DPOP_ERRORS.has(challenge.error)) {
      return { error: challenge.error, reason: challenge.error_description ?? bodyField(response.data, 'error_description') };
    }
    return undefined;
  }
  // Read with the manifest's error shape: some providers answer errors with HTTP 200 (token.response.error).
  const spec = context.manifest.token.response.error;
  const error = bodyField(response.data, spec.code) ?? bodyField(response.data, 'error');
  if (error === undefined || !DPOP_ERRORS.has(error)) return undefined;
  return { error, reason: bodyField(response.data, spec.description) ?? bodyField(response.data, 'error_description') };
}

function bodyField(data: unknown, path: string): string | undefined {
  const value = typeof data === 'object' && data !== null ? readPath(data, path) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The auth-params of the DPoP challenge in a WWW-Authenticate header (RFC 9110 §11.6.1), which may list several. */
export function dpopChallenge(header: string | null): Record<string, string> | undefined {
  if (!header) return undefined;
  const start = /(?:^|,)\s*DPoP(?:\s+|$)/i.exec(header);
  if (!start) return undefined;
  const params: Record<string, string> = {};
  const rest = header.slice(start.index + start[0].length);
  const param = /\s*([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))\s*(?:,|$)/y;
  let match: RegExpExecArray | null;
  while ((match = param.exec(rest))) params[match[1]!.toLowerCase()] = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
  return params;
}
