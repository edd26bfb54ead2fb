import { inspect } from 'node:util';
import KeyvPostgres from '@keyv/postgres';
import { Keyv } from 'keyv';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyvStore, PostgresLock } from '../../src/stores/keyv.ts';
import { describeStoreContract } from './store-contract.ts';
import { POSTGRES_URL, describeWithPostgres, testPool, uniqueTable } from './postgres-env.ts';

const KEY = 'a-test-encryption-key-that-is-long-enough-01';

const token = { accessToken: 'AT-SECRET-0123456789', refreshToken: 'RT-SECRET-9876543210', tokenType: 'Bearer', raw: { access_token: 'AT-SECRET-0123456789' } };

const memoryKeyv = () => new Keyv({ throwOnErrors: true });

describeStoreContract('KeyvStore on an in-memory Map', { create: () => new KeyvStore({ keyv: memoryKeyv() }) });
describeStoreContract('KeyvStore on an in-memory Map, sealed', { create: () => new KeyvStore({ keyv: memoryKeyv(), encryptionKey: KEY }) });

// One table for the whole file; every store gets its own Keyv namespace, so each test starts empty.
const table = uniqueTable('keyv');
let namespaces = 0;
let pool: pg.Pool | undefined;
const adapters: KeyvPostgres[] = [];

/** A Keyv on the test server, as an app would make it (`throwOnErrors` so a failed query is not "no value"). */
function postgresKeyv(namespace = `ns${namespaces++}`): Keyv {
  const adapter = new KeyvPostgres({ uri: POSTGRES_URL, table, connectionTimeoutMillis: 5_000 });
  adapters.push(adapter);
  return new Keyv({ store: adapter, namespace, throwOnErrors: true });
}

function sharedPool(): pg.Pool {
  pool ??= testPool();
  return pool;
}

async function closePostgres(): Promise<void> {
  if (!pool) return;
  await pool.query(`DROP TABLE IF EXISTS ${table}`);
  await pool.end();
  pool = undefined;
  // @keyv/postgres keeps one pool per URL for the whole process; this ends it.
  await adapters[0]?.disconnect();
}

describeStoreContract(
  'KeyvStore on PostgreSQL, take locked with PostgresLock',
  {
    create: () => new KeyvStore({ keyv: postgresKeyv(), lock: (name) => new PostgresLock({ pool: sharedPool() }).lock(name) }),
  },
  describeWithPostgres,
);

describeStoreContract(
  'KeyvStore on PostgreSQL, sealed',
  { create: () => new KeyvStore({ keyv: postgresKeyv(), encryptionKey: KEY }) },
  describeWithPostgres,
);

describeWithPostgres('KeyvStore on PostgreSQL', () => {
  afterAll(closePostgres);

  /** What a database dump would show: the rows as stored, read with plain SQL. */
  async function rawRows(namespace: string): Promise<{ key: string; value: string }[]> {
    const { rows } = await sharedPool().query<{ key: string; value: string }>(`SELECT key, value FROM ${table} WHERE key LIKE $1`, [`${namespace}:%`]);
    return rows;
  }

  it('keeps no token readable in the row when encryptionKey is set', async () => {
    const store = new KeyvStore({ keyv: postgresKeyv('sealed-rows'), encryptionKey: KEY });
    await store.set('token:acme:u1', token);
    const rows = await rawRows('sealed-rows');
    expect(rows.map((row) => row.key)).toEqual(['sealed-rows:token:acme:u1']);
    expect(rows[0]!.value).not.toContain('AT-SECRET');
    expect(rows[0]!.value).not.toContain('RT-SECRET');
    expect(rows[0]!.value).toMatch(/"value":"v1\.[A-Za-z0-9_-]+"/);
    expect(await store.get('token:acme:u1')).toEqual(token);
  });

  it('without encryptionKey the row holds the token as JSON (what the option prevents)', async () => {
    const store = new KeyvStore({ keyv: postgresKeyv('plain-rows') });
    await store.set('token:acme:u1', token);
    const [row] = await rawRows('plain-rows');
    expect(row!.value).toContain('AT-SECRET-0123456789');
  });

  it('reads a token sealed with the previous key after rotation, and re-seals with the new one', async () => {
    const oldKey = 'the-previous-encryption-key-long-enough-02';
    await new KeyvStore({ keyv: postgresKeyv('rotation'), encryptionKey: oldKey }).set('token:acme:u1', token);
    const rotated = new KeyvStore({ keyv: postgresKeyv('rotation'), encryptionKey: [KEY, oldKey] });
    expect(await rotated.get('token:acme:u1')).toEqual(token);
    await rotated.set('token:acme:u1', token);
    expect(await new KeyvStore({ keyv: postgresKeyv('rotation'), encryptionKey: KEY }).get('token:acme:u1')).toEqual(token);
  });

  it('refuses a row copied under another user’s key', async () => {
    const store = new KeyvStore({ keyv: postgresKeyv('copied'), encryptionKey: KEY });
    await store.set('token:acme:alice', token);
    await sharedPool().query(`INSERT INTO ${table} (key, value) SELECT 'copied:token:acme:mallory', value FROM ${table} WHERE key = 'copied:token:acme:alice'`);
    await expect(store.get('token:acme:mallory')).rejects.toMatchObject({ code: 'STORE_VALUE_INVALID', reason: 'tampered' });
  });

  it('two instances take one value once between them when they share a PostgresLock database', async () => {
    // Two stores, two lock pools: what two processes would have. Only the table and the server are shared.
    const lockPools = [testPool(), testPool()];
    try {
      const [first, second] = lockPools.map((lockPool) => new KeyvStore({ keyv: postgresKeyv('two-takers'), lock: (name) => new PostgresLock({ pool: lockPool }).lock(name) }));
      for (let round = 0; round < 5; round++) {
        await first!.set(`tx:${round}`, { round });
        const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? first! : second!).take(`tx:${round}`)));
        expect(results.filter((result) => result !== undefined)).toEqual([{ round }]);
      }
    } finally {
      await Promise.all(lockPools.map((lockPool) => lockPool.end()));
    }
  });
});

describeWithPostgres('PostgresLock', () => {
  let lockPool: pg.Pool;
  beforeAll(() => {
    lockPool = testPool();
  });
  afterAll(async () => {
    await lockPool.end();
  });

  it('is exclusive across sessions until released, and a second release is harmless', async () => {
    const locks = [new PostgresLock({ pool: lockPool }), new PostgresLock({ pool: lockPool })];
    const release = await locks[0]!.lock('refresh:a');
    expect(release).toBeTypeOf('function');
    expect(await locks[1]!.lock('refresh:a')).toBeUndefined();
    expect(await locks[0]!.lock('refresh:a')).toBeUndefined();
    await release!();
    await release!();
    const again = await locks[1]!.lock('refresh:a');
    expect(again).toBeTypeOf('function');
    await again!();
  });

  it('gives one of many concurrent contenders the lock, and returns every other connection to the pool', async () => {
    const lock = new PostgresLock({ pool: lockPool });
    const results = await Promise.all(Array.from({ length: 30 }, () => lock.lock('refresh:b')));
    const winners = results.filter((release) => release !== undefined);
    expect(winners).toHaveLength(1);
    expect(lockPool.totalCount - lockPool.idleCount).toBe(1);
    await winners[0]!();
    expect(lockPool.totalCount - lockPool.idleCount).toBe(0);
  });

  it('is freed when the holder’s session ends, as when its process dies', async () => {
    const holderName = uniqueTable('holder');
    const dying = testPool(1, holderName);
    const held = await new PostgresLock({ pool: dying }).lock('refresh:c');
    expect(held).toBeTypeOf('function');
    const other = new PostgresLock({ pool: lockPool });
    expect(await other.lock('refresh:c')).toBeUndefined();
    // The server ends the holder's session, as it does when the holder's connection drops.
    await lockPool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [holderName]);
    let next: (() => Promise<void>) | undefined;
    for (let attempt = 0; attempt < 50 && !next; attempt++) {
      next = await other.lock('refresh:c');
      if (!next) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(next).toBeTypeOf('function');
    await next!();
    // The dead holder's release fails (its session is gone) as a typed error, and the lock stays free.
    await expect(held!()).rejects.toMatchObject({ code: 'STORE_FAILED' });
    await dying.end().catch(() => {});
  });

  it('fails with a typed error, not a hang, when no connection comes', async () => {
    const starved = testPool(1);
    const hog = await starved.connect();
    try {
      const lock = new PostgresLock({ pool: starved, timeoutMs: 200 });
      await expect(lock.lock('refresh:d')).rejects.toMatchObject({ code: 'STORE_FAILED' });
    } finally {
      hog.release();
      await starved.end();
    }
  });

  it('refuses a pool that is not one, and a timeout that is not positive', () => {
    expect(() => new PostgresLock({ pool: {} as never })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => new PostgresLock({ pool: lockPool, timeoutMs: 0 })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('KeyvStore', () => {
  it('refuses a Keyv that swallows errors, since a failed read would look like a signed-out user', () => {
    expect(() => new KeyvStore({ keyv: new Keyv() })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('throwOnErrors') }));
    expect(() => new KeyvStore({ keyv: undefined as never })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('keeps an entry without TTL even when the Keyv has a default ttl', async () => {
    const store = new KeyvStore({ keyv: new Keyv({ throwOnErrors: true, ttl: 30 }) });
    await store.set('forever', 'v');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await store.get('forever')).toBe('v');
  });

  it('reports a backend failure as STORE_FAILED without the value or the driver message', async () => {
    const failing = new Map<string, unknown>();
    failing.set = () => {
      throw Object.assign(new Error('INSERT failed for value AT-SECRET-IN-DRIVER-MESSAGE'), { code: '57P01' });
    };
    const store = new KeyvStore({ keyv: new Keyv({ store: failing, throwOnErrors: true }) });
    const error = await store.set('k', { accessToken: 'AT-SECRET-IN-DRIVER-MESSAGE' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_FAILED', message: expect.stringContaining('57P01') });
    expect(inspect(error, { depth: 10 })).not.toContain('AT-SECRET');
  });

  it('takes in different namespaces do not wait on each other through a shared lock', async () => {
    const held = new Set<string>();
    const lock = async (name: string) => {
      if (held.has(name)) return undefined;
      held.add(name);
      return async () => void held.delete(name);
    };
    const shared = new Map<string, unknown>();
    const [a, b] = ['app-a', 'app-b'].map((namespace) => new KeyvStore({ keyv: new Keyv({ store: shared, namespace, throwOnErrors: true }), lock }));
    await a!.set('tx', 'from a');
    await b!.set('tx', 'from b');
    expect(await Promise.all([a!.take('tx'), b!.take('tx')])).toEqual(['from a', 'from b']);
  });

  it('binds a sealed value to its namespace too: another namespace cannot read it', async () => {
    const shared = new Map<string, unknown>();
    const alice = new KeyvStore({ keyv: new Keyv({ store: shared, namespace: 'app-a', throwOnErrors: true }), encryptionKey: KEY });
    await alice.set('token:acme:u1', { accessToken: 'AT-1' });
    shared.set('app-b:token:acme:u1', shared.get('app-a:token:acme:u1'));
    const bob = new KeyvStore({ keyv: new Keyv({ store: shared, namespace: 'app-b', throwOnErrors: true }), encryptionKey: KEY });
    await expect(bob.get('token:acme:u1')).rejects.toMatchObject({ code: 'STORE_VALUE_INVALID', reason: 'tampered' });
  });
});

// Last: @keyv/postgres keeps a single pool per process, and making one for another URL drops the first.
describeWithPostgres('KeyvStore on an unreachable PostgreSQL', () => {
  it('reports a database it cannot reach as STORE_FAILED, naming no key and no value, without hanging', async () => {
    const unreachable = new KeyvPostgres({ uri: 'postgres://postgres@127.0.0.1:1/postgres', table, connectionTimeoutMillis: 1_000 });
    unreachable.on('error', () => {});
    const store = new KeyvStore({ keyv: new Keyv({ store: unreachable, throwOnErrors: true }), encryptionKey: KEY });
    const error = await store.set('token:acme:AT-KEY-SECRET', token).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_FAILED' });
    const shown = inspect(error, { depth: 10 });
    expect(shown).not.toMatch(/AT-SECRET|RT-SECRET|AT-KEY-SECRET/);
    await expect(store.get('token:acme:u1')).rejects.toMatchObject({ code: 'STORE_FAILED' });
    await unreachable.disconnect();
  });
});
