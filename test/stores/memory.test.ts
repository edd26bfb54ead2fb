import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/stores/memory.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('MemoryStore', { create: () => new MemoryStore() });

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryStore', () => {
  it('evicts the oldest-written entry when full', async () => {
    const store = new MemoryStore<string>({ maxEntries: 3 });
    await store.set('a', 'A');
    await store.set('b', 'B');
    await store.set('c', 'C');
    await store.set('a', 'A2'); // rewriting makes `a` the newest
    await store.set('d', 'D');
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe('A2');
    expect(await store.get('c')).toBe('C');
    expect(await store.get('d')).toBe('D');
    expect(store.size).toBe(3);
  });

  it('makes room by dropping expired entries before live ones', async () => {
    const clock = fakeClock();
    const store = new MemoryStore<string>({ maxEntries: 3, now: clock.now });
    await store.set('live-1', '1');
    await store.set('short', 's', 10);
    await store.set('live-2', '2');
    clock.advance(11);
    await store.set('new', 'n');
    expect(await store.get('live-1')).toBe('1');
    expect(await store.get('live-2')).toBe('2');
    expect(await store.get('new')).toBe('n');
  });

  it('expires exactly at the TTL on the injected clock', async () => {
    const clock = fakeClock();
    const store = new MemoryStore<string>({ now: clock.now });
    await store.set('k', 'v', 1000);
    clock.advance(999);
    expect(await store.get('k')).toBe('v');
    clock.advance(1);
    expect(await store.get('k')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('starts no timer, so it never keeps the process alive', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const store = new MemoryStore<string>();
    await store.set('k', 'v', 60_000);
    await store.get('k');
    expect(timers()).toBe(before);
  });

  it('rejects a size bound that is not a positive integer', () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(() => new MemoryStore({ maxEntries })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
  });
});
