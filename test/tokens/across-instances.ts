// What every shared store with a refresh lock must give the token manager, whatever the backend: instances
// that share only the store and the lock refresh an expired token once between them.
import { expect, it } from 'vitest';
import type { TokenManager } from '../../src/tokens/manager.ts';
import { countingRefresh, tokenExpiringIn } from './fakes.ts';

/** `instances(refresh)` makes two token managers over the shared store, each with its own lock handle. */
export function itRefreshesOnceAcrossInstances(instances: (refresh: ReturnType<typeof countingRefresh>['refresh']) => TokenManager[]): void {
  it('200 concurrent getToken calls over two instances cause exactly one refresh', async () => {
    const { refresh, calls } = countingRefresh({ delayMs: 100, rotateRefreshToken: true });
    const [first, second] = instances(refresh);
    await first!.setToken('acme', 'u1', tokenExpiringIn(-10));
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? first! : second!).getToken('acme', 'u1')));
    expect(calls).toHaveLength(1);
    expect(new Set(results.map((token) => token?.accessToken))).toEqual(new Set(['AT-NEW-1']));
    expect(await second!.getToken('acme', 'u1')).toMatchObject({ accessToken: 'AT-NEW-1', refreshToken: 'RT-NEW-1' });
  });
}
