import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { createTokenManager, type TokenUpdateEvent, type TryLock } from '../../src/tokens/manager.ts';
import { TokenRefreshError } from '../../src/tokens/errors.ts';
import type { TokenData } from '../../src/types.ts';
import { countingRefresh, tokenExpiringIn } from './fakes.ts';

describe('createTokenManager', () => {
  it('stores, returns and deletes a token per provider and user', async () => {
    const { refresh, calls } = countingRefresh();
    const tokens = createTokenManager({ store: new MemoryStore<TokenData>(), refresh });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(3600, 'AT-U1'));
    await tokens.setToken('acme', 'u2', tokenExpiringIn(3600, 'AT-U2'));
    expect((await tokens.getToken('acme', 'u1'))?.accessToken).toBe('AT-U1');
    expect((await tokens.getToken('acme', 'u2'))?.accessToken).toBe('AT-U2');
    expect(await tokens.getToken('other', 'u1')).toBeUndefined();
    await tokens.deleteToken('acme', 'u1');
    expect(await tokens.getToken('acme', 'u1')).toBeUndefined();
    expect(calls).toHaveLength(0);
  });

  it('refuses a user id with a lone surrogate as a ConfigError, not a URIError', async () => {
    const { refresh } = countingRefresh();
    const tokens = createTokenManager({ store: new MemoryStore<TokenData>(), refresh });
    await expect(tokens.getToken('acme', 'user-\ud800')).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('user id') });
    await expect(tokens.setToken('acme', '\udc00', tokenExpiringIn(3600, 'AT'))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('refreshes inside the leeway, not before it, and never a token without expiry', async () => {
    const { refresh, calls } = countingRefresh();
    const tokens = createTokenManager({ store: new MemoryStore<TokenData>(), refresh, leewaySeconds: 60 });
    await tokens.setToken('acme', 'early', tokenExpiringIn(120));
    await tokens.setToken('acme', 'inside', tokenExpiringIn(30));
    await tokens.setToken('acme', 'forever', { ...tokenExpiringIn(0), expiresAt: undefined });
    expect((await tokens.getToken('acme', 'early'))?.accessToken).toBe('AT-OLD');
    expect((await tokens.getToken('acme', 'forever'))?.accessToken).toBe('AT-OLD');
    expect((await tokens.getToken('acme', 'inside'))?.accessToken).toBe('AT-NEW-1');
    expect(calls).toHaveLength(1);
  });

  it('200 concurrent getToken calls on an expired token cause exactly one refresh', async () => {
    const { refresh, calls } = countingRefresh({ delayMs: 50 });
    const tokens = createTokenManager({ store: new MemoryStore<TokenData>(), refresh });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    const results = await Promise.all(Array.from({ length: 200 }, () => tokens.getToken('acme', 'u1')));
    expect(calls).toHaveLength(1);
    expect(new Set(results.map((token) => token?.accessToken))).toEqual(new Set(['AT-NEW-1']));
    expect((await tokens.getToken('acme', 'u1'))?.accessToken).toBe('AT-NEW-1');
    expect(calls).toHaveLength(1);
  });

  it('emits the token update with the old and the new token, after storing it', async () => {
    const { refresh } = countingRefresh({ rotateRefreshToken: true });
    const store = new MemoryStore<TokenData>();
    const events: TokenUpdateEvent[] = [];
    const stored: (string | undefined)[] = [];
    const tokens = createTokenManager({
      store,
      refresh,
      onTokenUpdate: async (event) => {
        events.push(event);
        stored.push((await store.get('token:acme:u%201'))?.accessToken);
      },
    });
    await tokens.setToken('acme', 'u 1', tokenExpiringIn(-10));
    await tokens.getToken('acme', 'u 1');
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ provider: 'acme', userId: 'u 1' });
    expect(event!.oldToken).toMatchObject({ accessToken: 'AT-OLD', refreshToken: 'RT-OLD' });
    expect(event!.newToken).toMatchObject({ accessToken: 'AT-NEW-1', refreshToken: 'RT-NEW-1' });
    expect(stored).toEqual(['AT-NEW-1']);
  });

  it('keeps the old refresh token when the provider does not issue a new one (RFC 6749 §6)', async () => {
    const { refresh } = countingRefresh({ rotateRefreshToken: false });
    const tokens = createTokenManager({ store: new MemoryStore<TokenData>(), refresh });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    expect(await tokens.getToken('acme', 'u1')).toMatchObject({ accessToken: 'AT-NEW-1', refreshToken: 'RT-OLD' });
  });

  it('a failed refresh is a typed error, keeps the provider error code, and leaves the stored token', async () => {
    let attempts = 0;
    const store = new MemoryStore<TokenData>();
    const tokens = createTokenManager({
      store,
      refresh: async () => {
        attempts++;
        throw new ProviderError('TOKEN_ERROR', { error: 'temporarily_unavailable', status: 503, where: 'acme token endpoint' });
      },
    });
    const stale = tokenExpiringIn(-10);
    await tokens.setToken('acme', 'u1', stale);
    const errors = await Promise.all(Array.from({ length: 20 }, () => tokens.getToken('acme', 'u1').catch((error: unknown) => error)));
    expect(attempts).toBe(1);
    for (const error of errors) {
      expect(error).toBeInstanceOf(TokenRefreshError);
      expect(error).toMatchObject({ code: 'TOKEN_ERROR', provider: 'acme' });
      expect((error as Error).message).toContain('temporarily_unavailable');
    }
    // A failure that may pass is not remembered: the next call tries again, and the old token is still there.
    await tokens.getToken('acme', 'u1').catch(() => {});
    expect(attempts).toBe(2);
    expect(await store.get('token:acme:u1')).toEqual(stale);
  });

  it('never shows the message of an untyped refresh failure, which may quote the token', async () => {
    const store = new MemoryStore<TokenData>();
    const tokens = createTokenManager({
      store,
      refresh: async (token) => {
        throw new TypeError(`bad response for ${token.refreshToken}`);
      },
    });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    const error = await tokens.getToken('acme', 'u1').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'TOKEN_ERROR' });
    expect((error as Error).message).toContain('TypeError');
    expect(inspect(error, { depth: 10 })).not.toContain('RT-OLD');
    expect(await store.get('token:acme:u1')).toMatchObject({ accessToken: 'AT-OLD', refreshToken: 'RT-OLD' });
  });

  it('with a lock, two instances sharing a store refresh once, and waiters poll for the result', async () => {
    const store = new MemoryStore<TokenData>();
    const held = new Set<string>();
    let lockCalls = 0;
    const lock: TryLock = async (key) => {
      lockCalls++;
      if (held.has(key)) return undefined;
      held.add(key);
      return async () => void held.delete(key);
    };
    const { refresh, calls } = countingRefresh({ delayMs: 100 });
    const first = createTokenManager({ store, refresh, lock, pollIntervalMs: 10 });
    const second = createTokenManager({ store, refresh, lock, pollIntervalMs: 10 });
    await first.setToken('acme', 'u1', tokenExpiringIn(-10));
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? first : second).getToken('acme', 'u1')));
    expect(calls).toHaveLength(1);
    expect(new Set(results.map((token) => token?.accessToken))).toEqual(new Set(['AT-NEW-1']));
    expect(held.size).toBe(0);
    expect(lockCalls).toBeGreaterThanOrEqual(2);
  });

  it('gives up with a typed error when another holder keeps the lock and stores nothing', async () => {
    const { refresh, calls } = countingRefresh();
    const tokens = createTokenManager({ store: new MemoryStore<TokenData>(), refresh, lock: async () => undefined, lockWaitMs: 100, pollIntervalMs: 10 });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    await expect(tokens.getToken('acme', 'u1')).rejects.toMatchObject({ code: 'TOKEN_ERROR', message: expect.stringContaining('100 ms') });
    expect(calls).toHaveLength(0);
  });

  it('rejects negative or non-finite timing options', () => {
    const { refresh } = countingRefresh();
    for (const bad of [{ leewaySeconds: -1 }, { lockWaitMs: Number.NaN }, { pollIntervalMs: Number.POSITIVE_INFINITY }]) {
      expect(() => createTokenManager({ store: new MemoryStore<TokenData>(), refresh, ...bad })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
  });
});
