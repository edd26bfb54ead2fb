// The browser-binding cookie on an https origin: `__Host-` prefixed (so no sibling subdomain can plant one),
// hence Path=/, and named after the callback path and state so it vouches for one callback only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderClient } from '../../src/create-client.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { createAuthHandler, type AuthHandler } from '../../src/web/index.ts';
import { consent } from '../../src/emulator/conformance/flow.ts';

const ORIGIN = 'https://app.example';
const HOST_COOKIE = /^(__Host-oauth-registry-[\w-]{22})=1; Path=\/; Max-Age=(599|600); HttpOnly; SameSite=Lax; Secure$/;

describe('the binding cookie on https', () => {
  const emulators: Emulator[] = [];
  let handle: AuthHandler;

  beforeAll(async () => {
    // One store for both clients, so a state is a live transaction whichever callback it reaches.
    const store = new MemoryStore();
    const clients = Object.fromEntries(
      await Promise.all(
        ['github', 'weibo'].map(async (id) => {
          const emulator = await startEmulator(id);
          emulators.push(emulator);
          const client = createProviderClient(emulator.manifest.id, {
            clientId: emulator.credentials.clientId,
            clientSecret: emulator.credentials.clientSecret,
            endpoints: emulator.endpoints,
            transactionStore: store,
            http: { retries: 0, timeoutMs: 5000 },
          });
          return [id, client] as const;
        }),
      ),
    );
    handle = createAuthHandler({ clients, origin: ORIGIN, onSignIn: () => ({ userId: 'u', redirect: '/signed-in' }) });
  });

  afterAll(async () => {
    await Promise.all(emulators.map((emulator) => emulator.close()));
  });

  async function login(provider: string) {
    const response = (await handle(new Request(`${ORIGIN}/auth/${provider}/login`)))!;
    const [setCookie] = response.headers.getSetCookie();
    const location = response.headers.get('location')!;
    return { setCookie: setCookie!, cookie: setCookie!.split(';')[0]!, location, state: new URL(location).searchParams.get('state')! };
  }

  it('is __Host- prefixed with Path=/ and Secure, works at its callback, and is cleared with the same attributes', async () => {
    const started = await login('github');
    const [, name] = HOST_COOKIE.exec(started.setCookie) ?? [];
    expect(name, started.setCookie).toBeDefined();
    const callbackUrl = (await consent(started.location)) as string;
    const done = (await handle(new Request(callbackUrl, { headers: { cookie: `other=1; ${started.cookie}` } })))!;
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/signed-in');
    expect(done.headers.getSetCookie()).toEqual([`${name}=; Path=/; Max-Age=0; HttpOnly; Secure`]);
  });

  it('refuses the same cookie without its __Host- prefix (as a sibling subdomain could set it)', async () => {
    const started = await login('github');
    const callbackUrl = (await consent(started.location)) as string;
    const response = (await handle(new Request(callbackUrl, { headers: { cookie: started.cookie.replace(/^__Host-/, '') } })))!;
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^STATE_MISMATCH: this browser did not start/);
  });

  it("does not vouch for its state at another provider's callback, though Path=/ sends it there", async () => {
    const started = await login('github');
    const response = (await handle(new Request(`${ORIGIN}/auth/weibo/callback?code=c&state=${started.state}`, { headers: { cookie: started.cookie } })))!;
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^STATE_MISMATCH: this browser did not start/);
  });

  it('answers errors with nosniff and no-store, and bounds the provider text it reflects', async () => {
    const started = await login('github');
    const description = `line one\r\nFAKE LOG LINE\u202e${'x'.repeat(1_000_000)}`;
    const url = `${ORIGIN}/auth/github/callback?state=${started.state}&error=access_denied&error_description=${encodeURIComponent(description)}`;
    const response = (await handle(new Request(url, { headers: { cookie: started.cookie } })))!;
    expect(response.status).toBe(400);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.text();
    expect(body).toMatch(/^AUTHORIZATION_DENIED: .*"access_denied": line one  FAKE LOG LINE x+…$/);
    expect(body.length).toBeLessThan(400);
  });
});
