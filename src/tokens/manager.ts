import { setTimeout as sleep } from 'node:timers/promises';
import type { Store, TokenData } from '../types.ts';
import { TokenSet } from '../types.ts';
import { ConfigError } from '../errors.ts';
import { TokenRefreshError } from './errors.ts';
import { isDueForRefresh } from './leeway.ts';
import { RefusedRefreshTokens } from './memory.ts';

/** Gives a lock back. */
export type ReleaseLock = () => Promise<void>;

/**
 * Tries once to take the lock named `key`: resolves to a release function, or to undefined while another
 * process holds it. `(key) => redisStore.lock(key, 30_000)` is one, shared by every instance using that Redis.
 */
export type TryLock = (key: string) => Promise<ReleaseLock | undefined>;

export interface TokenUpdateEvent {
  provider: string;
  userId: string;
  oldToken: TokenSet;
  newToken: TokenSet;
}

export interface TokenManagerOptions {
  store: Store<TokenData>;
  /**
   * Exchanges a token for a fresh one, e.g. `(token) => client.refresh(token)`. The lifetime the new token
   * states in `raw.expires_in` (as client.refresh keeps it) bounds the leeway to half of it.
   */
  refresh: (token: TokenSet) => Promise<TokenSet | TokenData>;
  /** Refresh this many seconds before expiry (at most half-way through the token's life). Default 60. */
  leewaySeconds?: number;
  /** Cross-process single flight; without it refreshes are single-flight within this process only. */
  lock?: TryLock;
  /** How long to wait for another process's refresh before giving up. Default 15,000 ms. */
  lockWaitMs?: number;
  /** How often a waiter re-reads the store for the other process's result. Default 50 ms. */
  pollIntervalMs?: number;
  /**
   * Called after a refreshed token is stored, with the token it replaces (where apps persist tokens to
   * their own database). A throw here fails that getToken call; the new token is already stored.
   */
  onTokenUpdate?: (event: TokenUpdateEvent) => void | Promise<void>;
}

export interface TokenManager {
  /** The user's token for `provider`, refreshed first when expired or within the leeway; undefined if none. */
  getToken(provider: string, userId: string): Promise<TokenSet | undefined>;
  setToken(provider: string, userId: string, token: TokenSet | TokenData): Promise<void>;
  deleteToken(provider: string, userId: string): Promise<void>;
}

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { store, refresh, lock, onTokenUpdate } = options;
  const leewaySeconds = nonNegative('leewaySeconds', options.leewaySeconds ?? 60);
  const lockWaitMs = nonNegative('lockWaitMs', options.lockWaitMs ?? 15_000);
  const pollIntervalMs = nonNegative('pollIntervalMs', options.pollIntervalMs ?? 50);
  /** Refreshes under way in this process, by store key: every concurrent caller awaits the same one. */
  const inFlight = new Map<string, Promise<TokenSet | undefined>>();
  const refused = new RefusedRefreshTokens();

  const keyFor = (provider: string, userId: string) => `token:${encodeURIComponent(provider)}:${encodeURIComponent(userId)}`;
  const due = (token: TokenSet) => isDueForRefresh(token, leewaySeconds);

  async function read(key: string): Promise<TokenSet | undefined> {
    const data = await store.get(key);
    return data === undefined ? undefined : TokenSet.from(data);
  }

  /** Good enough to hand out: fresh, or already replaced by someone else's refresh since we looked. */
  function usable(current: TokenSet, seen: TokenSet): boolean {
    if (!due(current)) return true;
    // A replacement that states no lifetime and is shorter than the leeway must not trigger a refresh loop.
    return current.accessToken !== seen.accessToken && !current.isExpired(0);
  }

  /** Re-reads the store and refreshes only if the token there is still the stale one. */
  async function refreshIfStale(provider: string, userId: string, key: string, seen: TokenSet): Promise<TokenSet | undefined> {
    const current = await read(key);
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
    await store.set(key, newToken.toJSON());
    await onTokenUpdate?.({ provider, userId, oldToken: current, newToken });
    return newToken;
  }

  /** Across processes: the lock holder refreshes; the others poll the store for its result. */
  async function refreshUnderLock(tryLock: TryLock, provider: string, userId: string, key: string, seen: TokenSet): Promise<TokenSet | undefined> {
    const deadline = Date.now() + lockWaitMs;
    for (;;) {
      const release = await tryLock(key);
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
      const current = await read(key);
      if (!current || usable(current, seen)) return current;
      // Still stale: the holder may have failed and released, so try the lock again.
    }
  }

  return {
    async getToken(provider, userId) {
      const key = keyFor(provider, userId);
      const stored = await read(key);
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
      await store.set(key, TokenSet.from(token).toJSON());
      refused.forget(key);
    },

    async deleteToken(provider, userId) {
      const key = keyFor(provider, userId);
      await store.delete(key);
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
