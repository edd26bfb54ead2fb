import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisStore } from '../../src/stores/redis.ts';
import { createTokenManager } from '../../src/tokens/manager.ts';
import type { TokenData } from '../../src/types.ts';
import { REDIS_URL, deleteKeysUnder, describeWithRedis, uniquePrefix } from '../stores/redis-env.ts';
import { itRefreshesOnceAcrossInstances } from './across-instances.ts';
import { countingRefresh, tokenExpiringIn } from './fakes.ts';

describeWithRedis('token manager across instances sharing Redis', () => {
  const prefix = uniquePrefix('tokens');
  // Two connections stand for two processes: they share nothing but the Redis server.
  const stores: RedisStore<TokenData>[] = [];

  beforeAll(() => {
    stores.push(new RedisStore<TokenData>({ url: REDIS_URL, prefix }), new RedisStore<TokenData>({ url: REDIS_URL, prefix }));
  });

  afterAll(async () => {
    const cleaner = new Redis(REDIS_URL);
    await deleteKeysUnder(cleaner, prefix);
    await cleaner.quit();
    await Promise.all(stores.map((store) => store.close()));
  });

  itRefreshesOnceAcrossInstances((refresh) => stores.map((store) => createTokenManager({ store, refresh, lock: (key) => store.lock(key, 10_000), pollIntervalMs: 10 })));

  it('releases the lock after a failed refresh, so the next call can try again', async () => {
    let attempts = 0;
    const failing = async () => {
      attempts++;
      throw new Error('token endpoint down');
    };
    const [first, second] = stores.map((store) => createTokenManager({ store, refresh: failing, lock: (key) => store.lock(key, 10_000), pollIntervalMs: 10, lockWaitMs: 2_000 }));
    await first!.setToken('acme', 'u2', tokenExpiringIn(-10, 'AT-KEEP'));
    await expect(first!.getToken('acme', 'u2')).rejects.toMatchObject({ code: 'TOKEN_ERROR' });
    await expect(second!.getToken('acme', 'u2')).rejects.toMatchObject({ code: 'TOKEN_ERROR' });
    expect(attempts).toBe(2);
    expect(await stores[0]!.get('token:acme:u2')).toMatchObject({ accessToken: 'AT-KEEP' });
  });

  it('a lock TTL shorter than the refresh still lets one refresh through: the lock is renewed while held', async () => {
    const { refresh, calls } = countingRefresh({ delayMs: 1_200, rotateRefreshToken: true });
    const [first, second] = stores.map((store) => createTokenManager({ store, refresh, lock: (key) => store.lock(key, 400), pollIntervalMs: 10 }));
    await first!.setToken('acme', 'u3', tokenExpiringIn(-10));
    const results = await Promise.all([first!.getToken('acme', 'u3'), second!.getToken('acme', 'u3')]);
    expect(calls).toHaveLength(1);
    expect(results.map((token) => token?.refreshToken)).toEqual(['RT-NEW-1', 'RT-NEW-1']);
  });
});
