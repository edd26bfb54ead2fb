// `encryptionKey` on MemoryStore and RedisStore (KeyvStore's are in keyv.test.ts, next to PostgreSQL).
import { inspect } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtRestSealer } from '../../src/stores/at-rest.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { RedisStore } from '../../src/stores/redis.ts';
import { describeStoreContract } from './store-contract.ts';
import { REDIS_URL, deleteKeysUnder, describeWithRedis, uniquePrefix } from './redis-env.ts';

const KEY = 'a-test-encryption-key-that-is-long-enough-01';
const OLD_KEY = 'the-previous-encryption-key-long-enough-02';
const token = { accessToken: 'AT-SECRET-0123456789', refreshToken: 'RT-SECRET-9876543210', tokenType: 'Bearer', raw: { refresh_token: 'RT-SECRET-9876543210' } };

describeStoreContract('MemoryStore, sealed', { create: () => new MemoryStore({ encryptionKey: KEY }) });

const contractPrefix = uniquePrefix('sealed-contract');
let contractClient: Redis | undefined;
let storeCount = 0;
describeStoreContract(
  'RedisStore, sealed',
  {
    create() {
      contractClient ??= new Redis(REDIS_URL);
      return new RedisStore({ client: contractClient, prefix: `${contractPrefix}${storeCount++}:`, encryptionKey: KEY });
    },
    async close() {
      if (!contractClient) return;
      await deleteKeysUnder(contractClient, contractPrefix);
      await contractClient.quit();
    },
  },
  describeWithRedis,
);

describeWithRedis('RedisStore with encryptionKey', () => {
  const prefix = uniquePrefix('at-rest');
  let client: Redis;

  beforeAll(() => {
    client = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await deleteKeysUnder(client, prefix);
    await client.quit();
  });

  it('keeps no token readable in Redis', async () => {
    const store = new RedisStore({ client, prefix, encryptionKey: KEY });
    await store.set('token:acme:u1', token, 60_000);
    const raw = await client.get(`${prefix}token:acme:u1`);
    expect(raw).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(raw).not.toContain('AT-SECRET');
    expect(raw).not.toContain('RT-SECRET');
    expect(Buffer.from(raw!.slice(3), 'base64url').toString('latin1')).not.toContain('SECRET');
    expect(await store.get('token:acme:u1')).toEqual(token);
    expect(await client.pttl(`${prefix}token:acme:u1`)).toBeGreaterThan(50_000);
  });

  it('without encryptionKey the same token is readable in Redis (what the option prevents)', async () => {
    await new RedisStore({ client, prefix }).set('token:acme:plain', token);
    expect(await client.get(`${prefix}token:acme:plain`)).toContain('AT-SECRET-0123456789');
  });

  it('reads tokens sealed with the old key after rotation, and seals new writes with the new key', async () => {
    await new RedisStore({ client, prefix, encryptionKey: OLD_KEY }).set('token:acme:u2', token);
    const rotated = new RedisStore({ client, prefix, encryptionKey: [KEY, OLD_KEY] });
    expect(await rotated.get('token:acme:u2')).toEqual(token);
    await rotated.set('token:acme:u3', token);
    expect(await new RedisStore({ client, prefix, encryptionKey: KEY }).get('token:acme:u3')).toEqual(token);
    await expect(new RedisStore({ client, prefix, encryptionKey: OLD_KEY }).get('token:acme:u3')).rejects.toMatchObject({ code: 'STORE_VALUE_INVALID' });
  });

  it('reports a value sealed with a key no longer configured as a typed error showing no token or ciphertext', async () => {
    await new RedisStore({ client, prefix, encryptionKey: OLD_KEY }).set('token:acme:u4', token);
    const sealed = (await client.get(`${prefix}token:acme:u4`))!;
    const error = await new RedisStore({ client, prefix, encryptionKey: KEY }).get('token:acme:u4').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'StoreError', code: 'STORE_VALUE_INVALID', reason: 'tampered' });
    expect((error as Error).message).toContain(`RedisStore (prefix "${prefix}")`);
    for (const shown of [String(error), (error as Error).stack ?? '', inspect(error, { depth: 10 })]) {
      expect(shown).not.toMatch(/SECRET|u4/);
      expect(shown).not.toContain(sealed.slice(3, 30));
      expect(shown).not.toContain(KEY);
      expect(shown).not.toContain(OLD_KEY);
    }
  });

  it('refuses a sealed value copied under another key, so one user cannot be handed another’s token', async () => {
    const store = new RedisStore({ client, prefix, encryptionKey: KEY });
    await store.set('token:acme:alice', token);
    await client.copy(`${prefix}token:acme:alice`, `${prefix}token:acme:mallory`);
    await expect(store.get('token:acme:mallory')).rejects.toMatchObject({ code: 'STORE_VALUE_INVALID', reason: 'tampered' });
    await expect(store.take('token:acme:mallory')).rejects.toMatchObject({ code: 'STORE_VALUE_INVALID' });
  });

  it('reports a plaintext value stored before encryption was turned on as malformed, without quoting it', async () => {
    await new RedisStore({ client, prefix }).set('token:acme:before', token);
    const error = await new RedisStore({ client, prefix, encryptionKey: KEY }).get('token:acme:before').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_VALUE_INVALID', reason: 'malformed' });
    expect(inspect(error, { depth: 10 })).not.toContain('SECRET');
  });
});

describe('MemoryStore with encryptionKey', () => {
  it('keeps its own sealed copy, not the object it was given', async () => {
    const store = new MemoryStore({ encryptionKey: KEY });
    const given = structuredClone(token);
    await store.set('token:acme:u1', given);
    // A store holding the object itself (as MemoryStore does without a key) would show this change.
    given.accessToken = 'changed-after-set';
    expect(await store.get('token:acme:u1')).toEqual(token);
  });

  it('unseals with every key in the rotation list and seals with the first', async () => {
    const sealer = new AtRestSealer(OLD_KEY, 'test');
    const sealedWithOld = sealer.seal('k', 'v');
    expect(new AtRestSealer([KEY, OLD_KEY], 'test').unseal('k', sealedWithOld)).toBe('v');
    expect(() => new AtRestSealer(KEY, 'test').unseal('k', sealedWithOld)).toThrowError(expect.objectContaining({ code: 'STORE_VALUE_INVALID' }));
    expect(new AtRestSealer(KEY, 'test').unseal('k', new AtRestSealer([KEY, OLD_KEY], 'test').seal('k', 'w'))).toBe('w');
  });

  it('checks the key when the store is made, naming the option and never echoing it', () => {
    const attempt = () => new MemoryStore({ encryptionKey: [KEY, 'short-key-xyz'] });
    expect(attempt).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(attempt).toThrowError(/MemoryStore encryptionKey #2 has 13 characters/);
    expect(attempt).not.toThrowError(/short-key-xyz/);
    expect(() => new MemoryStore({ encryptionKey: [] })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('does not unseal a store value as a cookie, even under the same secret', async () => {
    const { unsealCookieValue } = await import('../../src/stores/seal.ts');
    const sealed = new AtRestSealer(KEY, 'test').seal('oauth.tx', 'v');
    expect(() => unsealCookieValue(sealed, { secrets: KEY, context: 'oauth.tx' })).toThrowError(expect.objectContaining({ reason: 'tampered' }));
  });
});
