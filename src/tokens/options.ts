// What a token manager is given and what it offers.
import type { Store, TokenData, TokenSet } from '../types.ts';
import type { TokenUpdateEvent } from './hand-over.ts';

/** Gives a lock back. */
export type ReleaseLock = () => Promise<void>;

/**
 * Tries once to take the lock named `key`: resolves to a release function, or to undefined while another
 * process holds it. `(key) => redisStore.lock(key, 30_000)` is one, shared by every instance using that Redis.
 * The lock must last as long as a refresh: RedisStore renews its locks until they are released.
 */
export type TryLock = (key: string) => Promise<ReleaseLock | undefined>;

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
   * Called with every refreshed token and the one it replaces (where apps persist tokens to their own
   * database), after the store took it, or with `stored: false` when the store would not: then the app is
   * the only one that can save it. A throw here fails that getToken call with TOKEN_UPDATE_FAILED (or
   * TOKEN_STORE_FAILED if the store failed too); the error carries the new token as `token`.
   */
  onTokenUpdate?: (event: TokenUpdateEvent) => void | Promise<void>;
}

export interface TokenManager {
  /** The user's token for `provider`, refreshed first when expired or within the leeway; undefined if none. */
  getToken(provider: string, userId: string): Promise<TokenSet | undefined>;
  setToken(provider: string, userId: string, token: TokenSet | TokenData): Promise<void>;
  deleteToken(provider: string, userId: string): Promise<void>;
}
