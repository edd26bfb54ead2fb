// What a token manager remembers in this process about one user's token, by store key: refresh tokens the
// provider refused for good, and refreshed tokens the store would not take. Both are bounded, and both are
// tied to the token they concern (by digest), so they lapse as soon as the store holds another one.
import { ProviderError } from '../errors.ts';
import type { TokenSet } from '../types.ts';
import { digest } from '../util/random.ts';

const MAX_ENTRIES = 10_000;

/** A Map that forgets its oldest entry past MAX_ENTRIES. */
class BoundedMap<V> extends Map<string, V> {
  override set(key: string, value: V): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > MAX_ENTRIES) this.delete(this.keys().next().value!);
    return this;
  }
}

const tokenDigest = (token: TokenSet) => digest(`${token.accessToken}\n${token.refreshToken ?? ''}`);

/**
 * Refresh tokens answered `invalid_grant` (RFC 6749 §5.2: invalid, expired or revoked). Asking again with
 * the same one cannot succeed, so later calls fail at once with the same error, until the token changes.
 * Other failures (network, 5xx, a throttled endpoint) may pass and are not remembered.
 */
export class RefusedRefreshTokens {
  readonly #entries = new BoundedMap<{ refreshToken: string; cause: ProviderError }>();

  remember(key: string, token: TokenSet, cause: unknown): void {
    if (!token.refreshToken || !(cause instanceof ProviderError) || cause.error !== 'invalid_grant') return;
    this.#entries.set(key, { refreshToken: digest(token.refreshToken), cause });
  }

  /** The provider's answer when `token` carries a refresh token it already refused. */
  recall(key: string, token: TokenSet): ProviderError | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (token.refreshToken && digest(token.refreshToken) === entry.refreshToken) return entry.cause;
    this.#entries.delete(key);
    return undefined;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }
}

/**
 * Refreshed tokens the store would not take, used in place of the token they replace while the store still
 * holds that one. With rotating refresh tokens the old one is spent: refreshing with it again fails, and
 * may make the provider revoke the new one too (RFC 9700 §4.14.2), so this process must not go back to it.
 */
export class UnsavedTokens {
  readonly #entries = new BoundedMap<{ replaces: string; token: TokenSet }>();

  keep(key: string, replaced: TokenSet, token: TokenSet): void {
    this.#entries.set(key, { replaces: tokenDigest(replaced), token });
  }

  /** The unsaved token to use instead of `stored`, if `stored` is still the token it replaced. */
  instead(key: string, stored: TokenSet | undefined): TokenSet | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (stored && tokenDigest(stored) === entry.replaces) return entry.token;
    this.#entries.delete(key);
    return undefined;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }
}
