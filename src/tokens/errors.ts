import { OAuthRegistryError, type ErrorCode } from '../errors.ts';

/**
 * Getting a fresh token failed; the stored token is left as it was. When the refresh itself threw one of
 * our typed errors (say a ProviderError for `invalid_grant`), its code and message are kept so the app can
 * tell "sign in again" from "try later"; any other failure is reported by its class name only, and not
 * kept, because an arbitrary error's message may quote the token.
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
  // Not attached as `cause`: util.inspect would print its message and properties.
  return ['TOKEN_ERROR', `refreshing the ${provider} token failed: ${cause instanceof Error ? cause.name : 'unknown error'}`];
}
