import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisStore } from '../../src/stores/redis.ts';
import { createTokenManager, type TokenManager } from '../../src/tokens/manager.ts';
import type { TokenData } from '../../src/types.ts';
import { REDIS_URL, deleteKeysUnder, describeWithRedis, uniquePrefix } from '../stores/redis-env.ts';
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

  function instances(refresh: ReturnType<typeof countingRefresh>['refresh']): TokenManager[] {
    return stores.map((store) => createTokenManager({ store, refresh, lock: (key) => store.lock(key, 10_000), pollIntervalMs: 10 }));
  }

  it('200 concurrent getToken calls over two instances cause exactly one refresh', async () => {
    const { refresh, calls } = countingRefresh({ delayMs: 100, rotateRefreshToken: true });
    const [first, second] = instances(refresh);
    await first!.setToken('acme', 'u1', tokenExpiringIn(-10));
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? first! : second!).getToken('acme', 'u1')));
    expect(calls).toHaveLength(1);
    expect(new Set(results.map((token) => token?.accessToken))).toEqual(new Set(['AT-NEW-1']));
    expect(await second!.getToken('acme', 'u1')).toMatchObject({ accessToken: 'AT-NEW-1', refreshToken: 'RT-NEW-1' });
  });

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
