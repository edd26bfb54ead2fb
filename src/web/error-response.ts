// What a failed sign-in answers when the app registers no onError. Error messages in this library never
// carry a secret, token or code, so code and message are safe to show; anything else is shown by kind only.
import { CallbackError, OAuthRegistryError, type ErrorCode } from '../errors.ts';

export function defaultErrorResponse(error: unknown): Response {
  if (error instanceof OAuthRegistryError) return textErrorResponse(statusFor(error), `${error.code}: ${error.message}`);
  // An error from the app's onSignIn or token store: its message is the app's business, not the browser's.
  return textErrorResponse(500, 'sign-in failed: internal error');
}

/**
 * Every error answer is per-request (never cached: it may follow a one-time code) and carries text a
 * provider or a forged callback chose, which a browser must not sniff into HTML. An app's onError response
 * gets the same headers unless it sets them itself. The callback URL holds a code and a state: no page
 * reached from it may learn them through the Referer header (RFC 9700 §4.2.4).
 */
const ERROR_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' } as const;

export function textErrorResponse(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...ERROR_HEADERS } });
}

export function withErrorHeaders(response: Response): Response {
  const missing = Object.entries(ERROR_HEADERS).filter(([name]) => !response.headers.has(name));
  if (!missing.length) return response;
  // A copy: the app's Response may have immutable headers (Response.redirect, a fetch result).
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Failures on the provider's side of the exchange: the app is a gateway to it, so 502. */
const UPSTREAM_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'TOKEN_ERROR', 'OAUTH1_ERROR', 'UNEXPECTED_RESPONSE', 'RESPONSE_TOO_LARGE', 'HTTP_ERROR', 'NETWORK_ERROR',
  'DISCOVERY_FAILED', 'ID_TOKEN_INVALID', 'ID_TOKEN_EXPIRED', 'NONCE_MISMATCH',
]);

/** 400 when the browser's request is at fault (forged, replayed, incomplete, consent refused); 502 when the provider is. */
function statusFor(error: OAuthRegistryError): number {
  if (error instanceof CallbackError || error.code === 'AUTHORIZATION_DENIED') return 400;
  return UPSTREAM_CODES.has(error.code) ? 502 : 500;
}
