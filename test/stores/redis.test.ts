import { inspect } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisStore } from '../../src/stores/redis.ts';
import { describeStoreContract } from './store-contract.ts';
import { REDIS_URL, deleteKeysUnder, describeWithRedis, uniquePrefix } from './redis-env.ts';

const contractPrefix = uniquePrefix('contract');
let contractClient: Redis | undefined;
let storeCount = 0;

describeStoreContract(
  'RedisStore',
  {
    create() {
      contractClient ??= new Redis(REDIS_URL);
      // A prefix per test keeps every test's store empty without flushing a shared server.
      return new RedisStore({ client: contractClient, prefix: `${contractPrefix}${storeCount++}:` });
    },
    async close() {
      if (!contractClient) return;
      await deleteKeysUnder(contractClient, contractPrefix);
      await contractClient.quit();
    },
  },
  describeWithRedis,
);

describeWithRedis('RedisStore', () => {
  const prefix = uniquePrefix('redis-store');
  let client: Redis;
  let store: RedisStore<unknown>;

  beforeAll(() => {
    client = new Redis(REDIS_URL);
    store = new RedisStore({ client, prefix });
  });

  afterAll(async () => {
    await deleteKeysUnder(client, prefix);
    await client.quit();
  });

  it('writes JSON under the prefix with a PX TTL', async () => {
    await store.set('tx:1', { state: 'abc' }, 5_000);
    expect(await client.get(`${prefix}tx:1`)).toBe('{"state":"abc"}');
    const pttl = await client.pttl(`${prefix}tx:1`);
    expect(pttl).toBeGreaterThan(4_000);
    expect(pttl).toBeLessThanOrEqual(5_000);
    await store.set('no-ttl', 1);
    expect(await client.pttl(`${prefix}no-ttl`)).toBe(-1);
  });

  it('reports a value it did not write as a typed error that quotes neither key nor value', async () => {
    await client.set(`${prefix}foreign`, 'not json secret-looking-value');
    const error = await store.get('foreign').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
    expect(String((error as Error).message)).not.toMatch(/secret-looking-value|foreign/);
  });

  it('wraps Redis failures without leaking the command arguments', async () => {
    // ioredis attaches the failed command with its arguments; here the argument is the key.
    await client.rpush(`${prefix}a-list-AT-SECRET`, 'x');
    const error = await store.take('a-list-AT-SECRET').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR' });
    const shown = inspect(error, { depth: 10 });
    expect(shown).toContain('WRONGTYPE');
    expect(shown).not.toContain('AT-SECRET');
  });

  it('fails with a typed error, not a hang, when the server is gone', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    unreachable.on('error', () => {});
    const gone = new RedisStore({ client: unreachable });
    await expect(gone.get('k')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    unreachable.disconnect();
  });

  it('lock is exclusive until released', async () => {
    const release = await store.lock('refresh:a', 5_000);
    expect(release).toBeTypeOf('function');
    expect(await store.lock('refresh:a', 5_000)).toBeUndefined();
    await release!();
    const again = await store.lock('refresh:a', 5_000);
    expect(again).toBeTypeOf('function');
    await again!();
  });

  it('lock lives under its own namespace, apart from stored values', async () => {
    await store.set('refresh:b', 'value');
    const release = await store.lock('refresh:b', 5_000);
    expect(await store.get('refresh:b')).toBe('value');
    expect(await client.exists(`${prefix}lock:refresh:b`)).toBe(1);
    await release!();
    expect(await client.exists(`${prefix}lock:refresh:b`)).toBe(0);
  });

  it('a late release never frees a lock another holder took after the TTL ran out', async () => {
    // Unrenewed: a holder whose process froze past the TTL.
    const first = await store.lock('refresh:c', 50, { renew: false });
    await new Promise((resolve) => setTimeout(resolve, 120));
    const second = await store.lock('refresh:c', 5_000);
    expect(second).toBeTypeOf('function');
    await first!();
    expect(await store.lock('refresh:c', 5_000)).toBeUndefined();
    await second!();
  });

  it('is renewed while held, so a holder slower than the TTL keeps it, and released at once', async () => {
    // Three TTLs: without renewal it would long be gone (the margins absorb a busy event loop).
    const release = await store.lock('refresh:e', 400);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await store.lock('refresh:e', 5_000)).toBeUndefined();
    await release!();
    const next = await store.lock('refresh:e', 5_000);
    expect(next).toBeTypeOf('function');
    await next!();
  });

  it('only one of many concurrent contenders gets the lock', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => store.lock('refresh:d', 5_000)));
    const winners = results.filter((release) => release !== undefined);
    expect(winners).toHaveLength(1);
    await winners[0]!();
  });

  it('closes a client it opened from a URL, and leaves a shared one open', async () => {
    const owned = new RedisStore({ url: REDIS_URL, prefix });
    await owned.set('owned', 1);
    await owned.close();
    expect(owned.client.status).toBe('end');
    await new RedisStore({ client, prefix }).close();
    expect(client.status).toBe('ready');
  });

  it('requires exactly one of client or url', () => {
    expect(() => new RedisStore({})).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => new RedisStore({ client, url: REDIS_URL })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
