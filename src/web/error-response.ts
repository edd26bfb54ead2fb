// What a failed sign-in answers when the app registers no onError. Error messages in this library never
// carry a secret, token or code, so code and message are safe to show; anything else is shown by kind only.
import { CallbackError, OAuthRegistryError, type ErrorCode } from '../errors.ts';

export function defaultErrorResponse(error: unknown): Response {
  if (error instanceof OAuthRegistryError) return text(statusFor(error), `${error.code}: ${error.message}`);
  // An error from the app's onSignIn or token store: its message is the app's business, not the browser's.
  return text(500, 'sign-in failed: internal error');
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

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
