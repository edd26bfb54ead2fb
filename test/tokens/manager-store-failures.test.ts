// A refreshed token is kept least lossily when the store fails (a rotated refresh token must not be lost),
// and store, lock and onTokenUpdate failures surface as typed errors that show no token.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OAuthRegistryError } from '../../src/errors.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { TokenStoreError } from '../../src/tokens/errors.ts';
import { createTokenManager, type TokenUpdateEvent } from '../../src/tokens/manager.ts';
import type { TokenData } from '../../src/types.ts';
import { countingRefresh, tokenExpiringIn } from './fakes.ts';
import { FallibleStore } from './fallible-store.ts';

function expectNoTokenShown(error: unknown, ...secrets: string[]): void {
  const text = `${String(error)} ${(error as Error).stack} ${inspect(error, { depth: Infinity, showHidden: true })} ${JSON.stringify(error)}`;
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('a store that will not take the refreshed token', () => {
  it('is retried, and the token stored when a later attempt succeeds', async () => {
    const store = new FallibleStore();
    const events: TokenUpdateEvent[] = [];
    const { refresh } = countingRefresh({ rotateRefreshToken: true });
    const tokens = createTokenManager({ store, refresh, onTokenUpdate: (event) => void events.push(event) });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    store.failingWrites = 2;
    expect((await tokens.getToken('acme', 'u1'))?.refreshToken).toBe('RT-NEW-1');
    expect(await store.get('token:acme:u1')).toMatchObject({ refreshToken: 'RT-NEW-1' });
    expect(events.map((event) => event.stored)).toEqual([true]);
  });

  it('hands the token to onTokenUpdate (stored: false), keeps using it, and stores it once the store is back', async () => {
    const store = new FallibleStore();
    const events: TokenUpdateEvent[] = [];
    const { refresh, calls } = countingRefresh({ rotateRefreshToken: true });
    const tokens = createTokenManager({ store, refresh, onTokenUpdate: (event) => void events.push(event) });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    store.failingWrites = Infinity;
    expect(await tokens.getToken('acme', 'u1')).toMatchObject({ accessToken: 'AT-NEW-1', refreshToken: 'RT-NEW-1' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ stored: false, newToken: { refreshToken: 'RT-NEW-1' } });
    // The old refresh token is spent: this process must not go back to it while the store still holds it.
    expect((await tokens.getToken('acme', 'u1'))?.accessToken).toBe('AT-NEW-1');
    expect(calls).toHaveLength(1);
    store.failingWrites = 0;
    expect((await tokens.getToken('acme', 'u1'))?.accessToken).toBe('AT-NEW-1');
    expect(await store.get('token:acme:u1')).toMatchObject({ accessToken: 'AT-NEW-1', refreshToken: 'RT-NEW-1' });
  });

  it('fails with TOKEN_STORE_FAILED carrying the token only when nothing could keep it', async () => {
    const store = new FallibleStore();
    const { refresh, calls } = countingRefresh({ rotateRefreshToken: true });
    const tokens = createTokenManager({ store, refresh });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    store.failingWrites = Infinity;
    const error = await tokens.getToken('acme', 'u1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenStoreError);
    expect(error).toMatchObject({ code: 'TOKEN_STORE_FAILED', provider: 'acme' });
    expect((error as TokenStoreError).token).toMatchObject({ accessToken: 'AT-NEW-1', refreshToken: 'RT-NEW-1' });
    expect(store.writeAttempts).toBeGreaterThan(2);
    expectNoTokenShown(error, 'AT-NEW-1', 'RT-NEW-1', 'RT-OLD');
    // This process still uses the new token rather than the spent refresh token.
    expect((await tokens.getToken('acme', 'u1'))?.accessToken).toBe('AT-NEW-1');
    expect(calls).toHaveLength(1);
  });
});

describe('typed errors from the store and onTokenUpdate', () => {
  it('an onTokenUpdate that throws fails the call with TOKEN_UPDATE_FAILED; the token is stored and carried', async () => {
    const store = new MemoryStore<TokenData>();
    const tokens = createTokenManager({
      store,
      refresh: countingRefresh({ rotateRefreshToken: true }).refresh,
      onTokenUpdate: ({ newToken }) => {
        throw new Error(`duplicate key (${newToken.refreshToken})`);
      },
    });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    const error = await tokens.getToken('acme', 'u1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuthRegistryError);
    expect(error).toMatchObject({ code: 'TOKEN_UPDATE_FAILED', provider: 'acme' });
    expect((error as TokenStoreError).token?.accessToken).toBe('AT-NEW-1');
    expect((error as Error).cause).toMatchObject({ name: 'Error' });
    expectNoTokenShown(error, 'AT-NEW-1', 'RT-NEW-1');
    expect(await store.get('token:acme:u1')).toMatchObject({ accessToken: 'AT-NEW-1' });
  });

  it('a store that throws on read or write gives TOKEN_STORE_FAILED without its message', async () => {
    const store = new FallibleStore();
    const tokens = createTokenManager({ store, refresh: countingRefresh().refresh });
    store.failingWrites = 1;
    const onWrite = await tokens.setToken('acme', 'u1', tokenExpiringIn(100, 'AT-SECRET', 'RT-SECRET')).catch((caught: unknown) => caught);
    expect(onWrite).toMatchObject({ code: 'TOKEN_STORE_FAILED', message: expect.stringContaining('acme') });
    expectNoTokenShown(onWrite, 'AT-SECRET', 'RT-SECRET');
    store.failingReads = true;
    await expect(tokens.getToken('acme', 'u1')).rejects.toMatchObject({ code: 'TOKEN_STORE_FAILED' });
  });

  it('a lock that throws gives TOKEN_STORE_FAILED', async () => {
    const tokens = createTokenManager({
      store: new MemoryStore<TokenData>(),
      refresh: countingRefresh().refresh,
      lock: async () => {
        throw new Error('lock backend down');
      },
    });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    await expect(tokens.getToken('acme', 'u1')).rejects.toMatchObject({ code: 'TOKEN_STORE_FAILED' });
  });
});
