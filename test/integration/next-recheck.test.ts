// The handler checks `next` when the sign-in starts and again when it ends: the transaction store may be
// shared with code the handler does not control, so whatever `next` the finished transaction carries is
// only followed when it is still a path on this origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderClient } from '../../src/create-client.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import type { Transaction } from '../../src/types.ts';
import { createAuthHandler, type AuthHandler } from '../../src/web/index.ts';
import { consent } from '../../src/emulator/conformance/flow.ts';

const ORIGIN = 'https://app.example';

describe('the callback-time check of next', () => {
  let emulator: Emulator;
  let handle: AuthHandler;
  const store = new MemoryStore();

  beforeAll(async () => {
    emulator = await startEmulator('github');
    const client = createProviderClient('github', {
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      endpoints: emulator.endpoints,
      transactionStore: store,
      http: { retries: 0, timeoutMs: 5000 },
    });
    handle = createAuthHandler({ clients: { github: client }, origin: ORIGIN, defaultNext: '/home', onSignIn: () => ({ userId: 'u' }) });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  /** Logs in with next=/fine, rewrites the stored transaction's next (as other code sharing the store could), then delivers the callback. */
  async function signInWithStoredNext(storedNext: string): Promise<Response> {
    const login = (await handle(new Request(`${ORIGIN}/auth/github/login?next=/fine`)))!;
    expect(login.status).toBe(302);
    const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
    const key = `oauth-registry:tx:${state}`;
    const stored = (await store.get(key)) as Transaction;
    expect(stored.appState).toEqual({ next: '/fine' });
    await store.set(key, { ...stored, appState: { next: storedNext } }, 60_000);
    const callbackUrl = (await consent(login.headers.get('location')!)) as string;
    return (await handle(new Request(callbackUrl, { headers: { cookie } })))!;
  }

  it.each(['https://evil.example/', '//evil.example', '/.//evil.example', '/\\evil.example'])('ends at defaultNext when the stored next is %j', async (storedNext) => {
    const response = await signInWithStoredNext(storedNext);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/home');
  });

  it('follows a stored next that is a path on this origin', async () => {
    const response = await signInWithStoredNext('/changed/by/the/app');
    expect(response.headers.get('location')).toBe('/changed/by/the/app');
  });
});
