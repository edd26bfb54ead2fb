// Where the demo keeps sign-in transactions, tokens and users: in this process by default, in Redis when
// REDIS_URL is set, so several demo processes behind one origin share them.
import { Redis } from 'ioredis';
import { MemoryStore } from '../../src/stores/memory.ts';
import { RedisStore } from '../../src/stores/redis.ts';
import type { Store, TokenData } from '../../src/types.ts';
import type { TryLock } from '../../src/tokens/index.ts';

export interface DemoStorage {
  kind: 'memory' | 'redis';
  transactions: Store<unknown>;
  tokens: Store<TokenData>;
  users: Store<unknown>;
  /** Cross-process lock for single-flight token refresh; absent in memory, where one process is all there is. */
  lock?: TryLock;
  close(): Promise<void>;
}

const REFRESH_LOCK_TTL_MS = 30_000;

/** `prefix` comes before every Redis key the demo writes (REDIS_PREFIX), so it can share a database. */
export function openStorage(redisUrl: string | undefined, prefix = 'oauth-registry-demo:'): DemoStorage {
  if (!redisUrl) {
    return {
      kind: 'memory',
      transactions: new MemoryStore(),
      tokens: new MemoryStore<TokenData>(),
      users: new MemoryStore(),
      close: async () => {},
    };
  }
  // One connection shared by four key spaces; the stores never close a client they were given.
  const client = new Redis(redisUrl);
  const tokens = new RedisStore<TokenData>({ client, prefix: `${prefix}tokens:` });
  return {
    kind: 'redis',
    transactions: new RedisStore({ client, prefix: `${prefix}transactions:` }),
    tokens,
    users: new RedisStore({ client, prefix: `${prefix}users:` }),
    lock: (key) => tokens.lock(key, REFRESH_LOCK_TTL_MS),
    close: async () => {
      await client.quit();
    },
  };
}
