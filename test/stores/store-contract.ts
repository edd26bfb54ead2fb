import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/types.ts';

/** Builds a fresh, empty store for one test; `close` (if any) runs after the whole suite. */
export interface StoreFactory {
  create(): Store<unknown> | Promise<Store<unknown>>;
  close?(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every Store must have, run against each implementation. TTLs are real (tens of
 * milliseconds) because the Redis server keeps its own clock.
 */
export function describeStoreContract(name: string, factory: StoreFactory, suite: (name: string, body: () => void) => void = describe): void {
  suite(`${name} (Store contract)`, () => {
    afterAll(async () => {
      await factory.close?.();
    });

    it('returns undefined for a key never set', async () => {
      const store = await factory.create();
      expect(await store.get('absent')).toBeUndefined();
    });

    it('round-trips JSON values and overwrites on set', async () => {
      const store = await factory.create();
      const value = { accessToken: 'at-1', scope: ['a', 'b'], nested: { n: 1, ok: true, none: null } };
      await store.set('k', value);
      expect(await store.get('k')).toEqual(value);
      await store.set('k', 'second');
      expect(await store.get('k')).toBe('second');
    });

    it('keeps keys apart', async () => {
      const store = await factory.create();
      await store.set('one', 1);
      await store.set('two', 2);
      expect(await store.get('one')).toBe(1);
      expect(await store.get('two')).toBe(2);
    });

    it('deletes a key, and deleting a missing key is not an error', async () => {
      const store = await factory.create();
      await store.set('k', 'v');
      await store.delete('k');
      expect(await store.get('k')).toBeUndefined();
      await expect(store.delete('never-set')).resolves.toBeUndefined();
    });

    it('expires an entry after its TTL and keeps one without TTL', async () => {
      const store = await factory.create();
      await store.set('short', 'v', 80);
      await store.set('forever', 'v');
      expect(await store.get('short')).toBe('v');
      await sleep(200);
      expect(await store.get('short')).toBeUndefined();
      expect(await store.get('forever')).toBe('v');
    });

    it('rejects a TTL that is not a positive number of milliseconds', async () => {
      const store = await factory.create();
      for (const ttl of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.set('k', 'v', ttl)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      }
      expect(await store.get('k')).toBeUndefined();
    });

    it('take returns the value once and removes it', async () => {
      const store = await factory.create();
      expect(store.take).toBeTypeOf('function');
      await store.set('tx', { state: 's' });
      expect(await store.take!('tx')).toEqual({ state: 's' });
      expect(await store.take!('tx')).toBeUndefined();
      expect(await store.get('tx')).toBeUndefined();
    });

    it('take is single-use under 50 concurrent callers', async () => {
      const store = await factory.create();
      await store.set('tx', 'once');
      const results = await Promise.all(Array.from({ length: 50 }, () => store.take!('tx')));
      expect(results.filter((result) => result !== undefined)).toEqual(['once']);
    });

    it('take does not return an expired entry', async () => {
      const store = await factory.create();
      await store.set('tx', 'v', 50);
      await sleep(150);
      expect(await store.take!('tx')).toBeUndefined();
    });
  });
}
