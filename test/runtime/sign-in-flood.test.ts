// A flood of anonymous logins fills the transaction store. A bounded MemoryStore must not evict a pending
// sign-in while it has room, and when it is full it must drop expired transactions before any live one.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/stores/memory.ts';
import { baseManifest, clientFor, ORIGIN, tokenReply, useNock } from './helpers.ts';

useNock();

const TTL_MS = 60_000;

function storeWithClock(maxEntries: number) {
  let now = Date.now();
  const store = new MemoryStore({ maxEntries, now: () => now });
  return { store, advance: (ms: number) => (now += ms) };
}

async function flood(client: ReturnType<typeof clientFor>, logins: number): Promise<void> {
  for (let i = 0; i < logins; i++) await client.authorize();
}

async function completes(client: ReturnType<typeof clientFor>, state: string): Promise<void> {
  nock(ORIGIN).post('/token').reply(200, tokenReply());
  await expect(client.callback(`?code=c&state=${state}`)).resolves.toMatchObject({ accessToken: 'at-1' });
}

describe('a flood of anonymous logins', () => {
  it('evicts no pending sign-in while the store has room', async () => {
    const { store } = storeWithClock(200);
    const client = clientFor(baseManifest(), { transactionStore: store, transactionTtlMs: TTL_MS });
    const pending = await client.authorize();
    await flood(client, 199);
    expect(store.size).toBe(200);
    await completes(client, pending.transaction.state);
  });

  it('drops expired sign-ins, even newer ones, before a live one when the store is full', async () => {
    const { store, advance } = storeWithClock(200);
    const client = clientFor(baseManifest(), { transactionStore: store, transactionTtlMs: TTL_MS });
    const shortLived = clientFor(baseManifest(), { transactionStore: store, transactionTtlMs: 1000 });
    const pending = await client.authorize();
    await flood(shortLived, 199);
    advance(1001);
    // The pending sign-in is the oldest entry, but the 199 newer ones have expired: they make the room.
    await flood(client, 150);
    expect(store.size).toBe(151);
    await completes(client, pending.transaction.state);
  });

  it('evicts the oldest live sign-in only once the store is full of live ones (size it, or use Redis)', async () => {
    const { store } = storeWithClock(200);
    const client = clientFor(baseManifest(), { transactionStore: store, transactionTtlMs: TTL_MS });
    const pending = await client.authorize();
    await flood(client, 200);
    await expect(client.callback(`?code=c&state=${pending.transaction.state}`)).rejects.toMatchObject({ code: 'STATE_MISMATCH' });
  });
});
