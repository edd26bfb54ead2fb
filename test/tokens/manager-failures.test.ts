// What the token manager does when things go wrong: a refresh token the provider refused, a token that lives
// shorter than the leeway, a store that will not take a rotated refresh token, an onTokenUpdate that throws.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/stores/memory.ts';
import { createClientTokens } from '../../src/tokens/client-tokens.ts';
import { createTokenManager } from '../../src/tokens/manager.ts';
import { TokenSet, type TokenData } from '../../src/types.ts';
import { baseManifest, clientFor, ORIGIN, useNock } from '../runtime/helpers.ts';
import { tokenExpiringIn } from './fakes.ts';

useNock();

const nowSeconds = () => Math.floor(Date.now() / 1000);

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
