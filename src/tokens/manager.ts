// Hands out each user's token, refreshed first when it is due: one refresh at a time per token (in this
// process, and across processes with a lock), the result kept least lossily, a refused refresh token not retried.
import { setTimeout as sleep } from 'node:timers/promises';
import { TokenSet } from '../types.ts';
import { ConfigError } from '../errors.ts';
import { encodeName } from '../util/unicode.ts';
import { TokenRefreshError, TokenStoreError } from './errors.ts';
import { handOver, writeToken } from './hand-over.ts';
import { isDueForRefresh } from './leeway.ts';
import { RefusedRefreshTokens, UnsavedTokens } from './memory.ts';
import type { TokenManager, TokenManagerOptions, TryLock } from './options.ts';

export type { ReleaseLock, TokenManager, TokenManagerOptions, TryLock } from './options.ts';
export type { TokenUpdateEvent } from './hand-over.ts';

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { store, refresh, lock } = options;
  const leewaySeconds = nonNegative('leewaySeconds', options.leewaySeconds ?? 60);
  const lockWaitMs = nonNegative('lockWaitMs', options.lockWaitMs ?? 15_000);
  const pollIntervalMs = nonNegative('pollIntervalMs', options.pollIntervalMs ?? 50);
  /** Refreshes under way in this process, by store key: every concurrent caller awaits the same one. */
  const inFlight = new Map<string, Promise<TokenSet | undefined>>();
  const refused = new RefusedRefreshTokens();
  const unsaved = new UnsavedTokens();
  const handOverContext = { store, unsaved, onTokenUpdate: options.onTokenUpdate };

  const keyFor = (provider: string, userId: string) => `token:${encodeName(provider, 'the provider id')}:${encodeName(userId, 'the user id')}`;
  const due = (token: TokenSet) => isDueForRefresh(token, leewaySeconds);

  /** Store and lock failures, whatever the backend throws, surface as TOKEN_STORE_FAILED. */
  async function backend<T>(provider: string, doing: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      throw new TokenStoreError('TOKEN_STORE_FAILED', provider, `${doing} the ${provider} token failed`, { cause });
    }
  }

  /** The current token: the stored one, or a newer one this process refreshed but could not store yet. */
  async function read(provider: string, key: string): Promise<TokenSet | undefined> {
    const data = await backend(provider, 'reading', () => store.get(key));
    const stored = data === undefined ? undefined : TokenSet.from(data);
    const pending = unsaved.instead(key, stored);
    if (!pending) return stored;
    if (!(await writeToken(store, key, pending, 1))) unsaved.forget(key);
    return pending;
  }

  /** Good enough to hand out: fresh, or already replaced by someone else's refresh since we looked. */
  function usable(current: TokenSet, seen: TokenSet): boolean {
    if (!due(current)) return true;
    // A replacement that states no lifetime and is shorter than the leeway must not trigger a refresh loop.
    return current.accessToken !== seen.accessToken && !current.isExpired(0);
  }

  /** Re-reads the store and refreshes only if the token there is still the stale one. */
  async function refreshIfStale(provider: string, userId: string, key: string, seen: TokenSet): Promise<TokenSet | undefined> {
    const current = await read(provider, key);
    if (!current || usable(current, seen)) return current;
    const refusal = refused.recall(key, current);
    if (refusal) throw new TokenRefreshError(provider, { cause: refusal });
    let fetched: TokenSet;
    try {
      fetched = TokenSet.from(await refresh(current));
    } catch (cause) {
      refused.remember(key, current, cause);
      throw new TokenRefreshError(provider, { cause });
    }
    // RFC 6749 §6: the server MAY issue a new refresh token; when it does not, the old one stays valid.
    const newToken = fetched.refreshToken || !current.refreshToken ? fetched : new TokenSet({ ...fetched.toJSON(), refreshToken: current.refreshToken });
    await handOver(handOverContext, key, { provider, userId, oldToken: current, newToken });
    return newToken;
  }

  /** Across processes: the lock holder refreshes; the others poll the store for its result. */
  async function refreshUnderLock(tryLock: TryLock, provider: string, userId: string, key: string, seen: TokenSet): Promise<TokenSet | undefined> {
    const deadline = Date.now() + lockWaitMs;
    for (;;) {
      const release = await backend(provider, 'locking', () => tryLock(key));
      if (release) {
        try {
          return await refreshIfStale(provider, userId, key, seen);
        } finally {
          // A failed release is not the caller's problem: the lock's TTL frees it.
          await release().catch(() => {});
        }
      }
      if (Date.now() >= deadline) throw new TokenRefreshError(provider, { timedOutAfterMs: lockWaitMs });
      await sleep(pollIntervalMs);
      const current = await read(provider, key);
      if (!current || usable(current, seen)) return current;
      // Still stale: the holder may have failed and released, so try the lock again.
    }
  }

  return {
    async getToken(provider, userId) {
      const key = keyFor(provider, userId);
      const stored = await read(provider, key);
      if (!stored || !due(stored)) return stored;
      let flight = inFlight.get(key);
      if (!flight) {
        flight = (lock ? refreshUnderLock(lock, provider, userId, key, stored) : refreshIfStale(provider, userId, key, stored)).finally(() =>
          inFlight.delete(key),
        );
        inFlight.set(key, flight);
      }
      return flight;
    },

    async setToken(provider, userId, token) {
      const key = keyFor(provider, userId);
      await backend(provider, 'storing', () => store.set(key, TokenSet.from(token).toJSON()));
      unsaved.forget(key);
      refused.forget(key);
    },

    async deleteToken(provider, userId) {
      const key = keyFor(provider, userId);
      await backend(provider, 'deleting', () => store.delete(key));
      unsaved.forget(key);
      refused.forget(key);
    },
  };
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigError('CONFIG_INVALID', `token manager ${name} must be a finite number ≥ 0, got ${value}`);
  }
  return value;
}
