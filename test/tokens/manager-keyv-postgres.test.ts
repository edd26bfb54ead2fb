import KeyvPostgres from '@keyv/postgres';
import { Keyv } from 'keyv';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KeyvStore, PostgresLock } from '../../src/stores/keyv.ts';
import { createTokenManager } from '../../src/tokens/manager.ts';
import type { TokenData } from '../../src/types.ts';
import { POSTGRES_URL, describeWithPostgres, testPool, uniqueTable } from '../stores/postgres-env.ts';
import { itRefreshesOnceAcrossInstances } from './across-instances.ts';
import { countingRefresh, tokenExpiringIn } from './fakes.ts';

const ENCRYPTION_KEY = 'a-test-encryption-key-that-is-long-enough-01';

describeWithPostgres('token manager across instances sharing PostgreSQL through Keyv, tokens sealed', () => {
  const table = uniqueTable('tokens');
  // Two instances: each its own Keyv, store and lock pool. They share only the database.
  const lockPools: pg.Pool[] = [];
  const adapters: KeyvPostgres[] = [];
  const stores: KeyvStore<TokenData>[] = [];
  const locks: PostgresLock[] = [];

  beforeAll(() => {
    for (let instance = 0; instance < 2; instance++) {
      const adapter = new KeyvPostgres({ uri: POSTGRES_URL, table, connectionTimeoutMillis: 5_000 });
      adapters.push(adapter);
      stores.push(new KeyvStore<TokenData>({ keyv: new Keyv({ store: adapter, namespace: 'app', throwOnErrors: true }), encryptionKey: ENCRYPTION_KEY }));
      const lockPool = testPool();
      lockPools.push(lockPool);
      locks.push(new PostgresLock({ pool: lockPool }));
    }
  });

  afterAll(async () => {
    const cleaner = testPool(1);
    await cleaner.query(`DROP TABLE IF EXISTS ${table}`);
    await cleaner.end();
    await Promise.all(lockPools.map((lockPool) => lockPool.end()));
    await adapters[0]?.disconnect();
  });

  itRefreshesOnceAcrossInstances((refresh) => stores.map((store, i) => createTokenManager({ store, refresh, lock: (key) => locks[i]!.lock(key), pollIntervalMs: 10 })));

  it('without the lock both instances refresh: the lock is what makes it one', async () => {
    const { refresh, calls } = countingRefresh({ delayMs: 100, rotateRefreshToken: true });
    const [first, second] = stores.map((store) => createTokenManager({ store, refresh, pollIntervalMs: 10 }));
    await first!.setToken('acme', 'u2', tokenExpiringIn(-10));
    await Promise.all([first!.getToken('acme', 'u2'), second!.getToken('acme', 'u2')]);
    expect(calls).toHaveLength(2);
  });

  it('releases the lock after a failed refresh, so the next call can try again', async () => {
    let attempts = 0;
    const failing = async () => {
      attempts++;
      throw new Error('token endpoint down');
    };
    const [first, second] = stores.map((store, i) => createTokenManager({ store, refresh: failing, lock: (key) => locks[i]!.lock(key), pollIntervalMs: 10, lockWaitMs: 2_000 }));
    await first!.setToken('acme', 'u3', tokenExpiringIn(-10, 'AT-KEEP'));
    await expect(first!.getToken('acme', 'u3')).rejects.toMatchObject({ code: 'TOKEN_ERROR' });
    await expect(second!.getToken('acme', 'u3')).rejects.toMatchObject({ code: 'TOKEN_ERROR' });
    expect(attempts).toBe(2);
    expect(await stores[0]!.get('token:acme:u3')).toMatchObject({ accessToken: 'AT-KEEP' });
    expect(lockPools.map((lockPool) => lockPool.totalCount - lockPool.idleCount)).toEqual([0, 0]);
  });
});
