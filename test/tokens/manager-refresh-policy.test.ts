// When the token manager refreshes: not again with a refresh token the provider refused, and not on every
// call for a token that lives shorter than the leeway.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { createClientTokens } from '../../src/tokens/client-tokens.ts';
import { TokenRefreshError } from '../../src/tokens/errors.ts';
import { createTokenManager } from '../../src/tokens/manager.ts';
import { TokenSet, type TokenData } from '../../src/types.ts';
import { baseManifest, clientFor, ORIGIN, useNock } from '../runtime/helpers.ts';
import { tokenExpiringIn } from './fakes.ts';

useNock();

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('a refresh token the provider refused (invalid_grant)', () => {
  function refusing() {
    let attempts = 0;
    const refresh = async () => {
      attempts++;
      throw new ProviderError('TOKEN_ERROR', { error: 'invalid_grant', status: 400, where: 'acme token endpoint' });
    };
    return { refresh, attempts: () => attempts };
  }

  it('is not sent again: later calls fail at once with the same typed error', async () => {
    const { refresh, attempts } = refusing();
    const tokens = createTokenManager({ store: new MemoryStore<TokenData>(), refresh });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    for (let i = 0; i < 20; i++) {
      const error = await tokens.getToken('acme', 'u1').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TokenRefreshError);
      expect(error).toMatchObject({ code: 'TOKEN_ERROR', provider: 'acme', message: expect.stringContaining('invalid_grant') });
    }
    expect(attempts()).toBe(1);
  });

  it('is forgotten once the stored token changes (a new sign-in, or another instance)', async () => {
    const { refresh, attempts } = refusing();
    const store = new MemoryStore<TokenData>();
    const tokens = createTokenManager({ store, refresh });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    await tokens.getToken('acme', 'u1').catch(() => {});
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10, 'AT-2', 'RT-2'));
    await tokens.getToken('acme', 'u1').catch(() => {});
    expect(attempts()).toBe(2);
    await store.set('token:acme:u1', tokenExpiringIn(-10, 'AT-3', 'RT-3'));
    await tokens.getToken('acme', 'u1').catch(() => {});
    expect(attempts()).toBe(3);
  });
});

describe('a token that lives shorter than the leeway', () => {
  it('is used for half its life instead of being refreshed on every call', async () => {
    let refreshes = 0;
    const tokens = createTokenManager({
      store: new MemoryStore<TokenData>(),
      leewaySeconds: 60,
      refresh: async () => {
        refreshes++;
        return new TokenSet({ accessToken: `AT-NEW-${refreshes}`, tokenType: 'Bearer', expiresAt: nowSeconds() + 30, raw: { expires_in: 30 } });
      },
    });
    await tokens.setToken('acme', 'u1', tokenExpiringIn(-10));
    const seen = [];
    for (let i = 0; i < 20; i++) seen.push((await tokens.getToken('acme', 'u1'))?.accessToken);
    expect(refreshes).toBe(1);
    expect(new Set(seen)).toEqual(new Set(['AT-NEW-1']));
    // Past half its life it is due again.
    await tokens.setToken('acme', 'u1', { ...tokenExpiringIn(10, 'AT-OLDER'), raw: { expires_in: '30' } });
    expect((await tokens.getToken('acme', 'u1'))?.accessToken).toBe('AT-NEW-2');
  });

  it('from a provider answering expires_in shorter than the leeway, through client.refresh', async () => {
    let refreshes = 0;
    nock(ORIGIN)
      .persist()
      .post('/token')
      .reply(() => [200, { access_token: `at-${++refreshes}`, token_type: 'Bearer', expires_in: 30 }]);
    const client = clientFor(baseManifest());
    const tokens = createClientTokens({ example: client }, { store: new MemoryStore<TokenData>(), leewaySeconds: 300 });
    await tokens.setToken('example', 'u1', tokenExpiringIn(-10));
    for (let i = 0; i < 20; i++) expect((await tokens.getToken('example', 'u1'))?.accessToken).toBe('at-1');
    expect(refreshes).toBe(1);
  });
});
