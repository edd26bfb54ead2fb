// Keeping a refreshed token, least lossily. After a rotating refresh the old refresh token is spent, so the
// new one must reach somewhere durable: the store (with quick retries), else the app through onTokenUpdate.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store, TokenData } from '../types.ts';
import type { TokenSet } from '../types.ts';
import { TokenStoreError } from './errors.ts';
import type { UnsavedTokens } from './memory.ts';

/** Delay before each write attempt: a blip (a failover, a full pool) is ridden out, an outage is not waited on. */
const WRITE_DELAYS_MS = [0, 50, 250];

export interface TokenUpdateEvent {
  provider: string;
  userId: string;
  oldToken: TokenSet;
  newToken: TokenSet;
  /** False when the store would not take the new token: the app is the only one that can save it now. */
  stored: boolean;
}

export interface HandOver {
  store: Store<TokenData>;
  unsaved: UnsavedTokens;
  onTokenUpdate: ((event: TokenUpdateEvent) => void | Promise<void>) | undefined;
}

/** Writes `token` under `key`; resolves to the last failure, or undefined once a write succeeded. */
export async function writeToken(store: Store<TokenData>, key: string, token: TokenSet, attempts = WRITE_DELAYS_MS.length): Promise<{ error: unknown } | undefined> {
  let failure: { error: unknown } | undefined;
  for (const delay of WRITE_DELAYS_MS.slice(0, attempts)) {
    if (delay) await sleep(delay);
    try {
      await store.set(key, token.toJSON());
      return undefined;
    } catch (error) {
      failure = { error };
    }
  }
  return failure;
}

/**
 * Stores the refreshed token, then tells onTokenUpdate. When the store keeps failing, this process uses the
 * new token in place of the old one (retrying the write on each later call) and onTokenUpdate gets it with
 * `stored: false`. The call fails only when nothing kept the token (the store failed and onTokenUpdate is
 * absent or threw: TOKEN_STORE_FAILED), or when onTokenUpdate threw (TOKEN_UPDATE_FAILED, the token being
 * stored); either error carries the new token, which is valid, as `token`.
 */
export async function handOver(context: HandOver, key: string, event: Omit<TokenUpdateEvent, 'stored'>): Promise<void> {
  const { provider, oldToken, newToken } = event;
  const storeFailure = await writeToken(context.store, key, newToken);
  if (storeFailure) context.unsaved.keep(key, oldToken, newToken);
  else context.unsaved.forget(key);
  let hookFailure: { error: unknown } | undefined;
  try {
    await context.onTokenUpdate?.({ ...event, stored: !storeFailure });
  } catch (error) {
    hookFailure = { error };
  }
  if (storeFailure && (!context.onTokenUpdate || hookFailure)) {
    const hook = context.onTokenUpdate ? ' and onTokenUpdate threw' : ' and there is no onTokenUpdate';
    throw new TokenStoreError('TOKEN_STORE_FAILED', provider, `the refreshed ${provider} token could not be stored (${WRITE_DELAYS_MS.length} attempts)${hook}; the error carries it as \`token\``, {
      cause: storeFailure.error,
      token: newToken,
    });
  }
  if (hookFailure) {
    throw new TokenStoreError('TOKEN_UPDATE_FAILED', provider, `onTokenUpdate threw for the refreshed ${provider} token (it is stored)`, { cause: hookFailure.error, token: newToken });
  }
}
