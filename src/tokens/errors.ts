import { OAuthRegistryError, type ErrorCode } from '../errors.ts';
import type { TokenSet } from '../types.ts';

/**
 * Getting a fresh token failed; the stored token is left as it was. When the refresh itself threw one of
 * our typed errors (say a ProviderError for `invalid_grant`), its code and message are kept so the app can
 * tell "sign in again" from "try later"; any other failure is reported by its class name only (its cause
 * is kept as a summary without its message, which may quote the token).
 */
export class TokenRefreshError extends OAuthRegistryError {
  readonly provider: string;

  constructor(provider: string, reason: { cause: unknown } | { timedOutAfterMs: number }) {
    super(...describe(provider, reason));
    this.provider = provider;
  }
}

function describe(provider: string, reason: { cause: unknown } | { timedOutAfterMs: number }): [ErrorCode, string, { cause?: unknown }?] {
  if ('timedOutAfterMs' in reason) {
    return ['TOKEN_ERROR', `refreshing the ${provider} token: another instance held the refresh lock for over ${reason.timedOutAfterMs} ms without storing a new token`];
  }
  const { cause } = reason;
  if (cause instanceof OAuthRegistryError) {
    return [cause.code, `refreshing the ${provider} token failed: ${cause.message}`, { cause }];
  }
  return ['TOKEN_ERROR', `refreshing the ${provider} token failed: ${cause instanceof Error ? cause.name : 'unknown error'}`, { cause }];
}

/**
 * The token store, the refresh lock or the app's onTokenUpdate failed (TOKEN_STORE_FAILED,
 * TOKEN_UPDATE_FAILED); the original error is the `cause`, summarized. `token`, when set, is a refreshed
 * token that is valid now: use it for this call, and save it if the code is TOKEN_STORE_FAILED, as nothing
 * else could. It is not enumerable, so JSON loggers skip it; util.inspect shows it redacted.
 */
export class TokenStoreError extends OAuthRegistryError {
  readonly provider: string;
  declare readonly token: TokenSet | undefined;

  constructor(code: 'TOKEN_STORE_FAILED' | 'TOKEN_UPDATE_FAILED', provider: string, message: string, options: { cause: unknown; token?: TokenSet }) {
    super(code, message, { cause: options.cause });
    this.provider = provider;
    Object.defineProperty(this, 'token', { value: options.token, enumerable: false });
  }
}
