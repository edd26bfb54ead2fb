// The sign-in routes over real HTTP, mounted in Express and in Hono, against emulated GitHub (OAuth 2),
// Weibo (OAuth 2 quirks), Google (OIDC), Twitter (OAuth 1.0a) and a form_post variant of Google.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getManifest } from '../../src/manifest/registry.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { createClientTokens, type SignInResult } from '../../src/web/index.ts';
import type { TokenManager } from '../../src/tokens/index.ts';
import { deliver, emulatedProvider, get, startApp, startSignIn, type App, type Framework, type Provider } from './harness.ts';

const FORM_POST_ID = 'google-form-post';
const DENYING_ID = 'github-denying';

describe.each<Framework>(['express', 'hono'])('sign-in routes on %s', (framework) => {
  let providers: Record<string, Provider>;
  let app: App;
  let tokens: TokenManager;
  const signIns: SignInResult[] = [];

  beforeAll(async () => {
    const formPost = { ...structuredClone(await getManifest('google')), id: FORM_POST_ID };
    formPost.authorization.responseMode = 'form_post';
    const denying = { ...structuredClone(await getManifest('github')), id: DENYING_ID };
    providers = {
      github: await emulatedProvider('github'),
      weibo: await emulatedProvider('weibo'),
      google: await emulatedProvider('google'),
      twitter: await emulatedProvider('twitter'),
      [FORM_POST_ID]: await emulatedProvider(formPost),
      [DENYING_ID]: await emulatedProvider(denying, { deny: true }),
    };
    const clients = Object.fromEntries(Object.entries(providers).map(([id, provider]) => [id, provider.client]));
    tokens = createClientTokens(clients, { store: new MemoryStore() });
    app = await startApp(framework, (origin) => ({
      clients,
      origin,
      tokens,
      defaultNext: '/home',
      onSignIn(result) {
        signIns.push(result);
        return { userId: result.profile.socialId, headers: { 'set-cookie': [`session=${signIns.length}; Path=/; HttpOnly`, 'seen=1; Path=/'] } };
      },
    }));
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all(Object.values(providers ?? {}).map((provider) => provider.emulator.close()));
  });

  it('login redirects to the provider with state and a callback on this origin', async () => {
    const login = await get(`${app.origin}/auth/github/login?next=/x`);
    expect(login.status).toBe(302);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const location = new URL(login.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(providers.github!.emulator.endpoints.authorize);
    expect(location.searchParams.get('redirect_uri')).toBe(`${app.origin}/auth/github/callback`);
    expect(location.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(login.headers.getSetCookie()).toEqual([expect.stringMatching(/^oauth-registry-[\w-]{22}=1; Path=\/auth\/github\/callback; Max-Age=(599|600); HttpOnly; SameSite=Lax$/)]);
  });

  it('rejects a callback in a browser that did not start the sign-in (login CSRF), leaving the sign-in usable', async () => {
    const hop = await startSignIn(app, 'github', '/mine');
    const other = await startSignIn(app, 'github');
    for (const cookie of ['', other.cookie]) {
      const response = await deliver(app, 'github', { ...hop, cookie });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/^STATE_MISMATCH: this browser did not start/);
    }
    const own = await deliver(app, 'github', hop);
    expect(own.status).toBe(302);
    expect(own.headers.get('location')).toBe('/mine');
  });

  it.each(['github', 'weibo', 'google', 'twitter'])('signs in with %s through the callback, keeps the token and follows next', async (id) => {
    const hop = await startSignIn(app, id, '/next/path');
    expect(typeof hop.delivered).toBe('string');
    const final = await deliver(app, id, hop);
    expect(final.status).toBe(302);
    expect(final.headers.get('location')).toBe('/next/path');
    // The sign-in cookie is cleared, then the app's own cookies are set.
    const [binding, ...appCookies] = final.headers.getSetCookie();
    expect(binding).toBe(`${hop.cookie}; Path=/auth/${id}/callback; Max-Age=0; HttpOnly`.replace('=1;', '=;'));
    expect(appCookies).toEqual([expect.stringMatching(/^session=\d+;/), 'seen=1; Path=/']);
    const result = signIns.at(-1)!;
    expect(result.provider).toBe(id);
    expect(result.profile.socialId).toBe(`${id}$${result.profile.id}`);
    expect(result.next).toBe('/next/path');
    const stored = await tokens.getToken(id, result.profile.socialId);
    expect(stored?.accessToken).toBe(result.token.accessToken);
  });

  it('accepts a form_post callback (POST body)', async () => {
    const hop = await startSignIn(app, FORM_POST_ID, '/posted');
    expect(hop.delivered).toEqual(expect.objectContaining({ code: expect.any(String), state: expect.any(String) }));
    // The callback is a cross-site POST: only a SameSite=None cookie goes along with it.
    expect(hop.login.headers.getSetCookie()[0]).toMatch(/; SameSite=None; Secure$/);
    const final = await deliver(app, FORM_POST_ID, hop);
    expect(final.status).toBe(302);
    expect(final.headers.get('location')).toBe('/posted');
    expect(signIns.at(-1)!.provider).toBe(FORM_POST_ID);
  });

  it('rejects a callback whose state matches no sign-in, without echoing the code', async () => {
    const hop = await startSignIn(app, 'github');
    const forged = new URL(hop.delivered as string);
    const code = forged.searchParams.get('code')!;
    forged.searchParams.set('state', 'forged-state-value');
    const response = await deliver(app, 'github', { ...hop, delivered: forged.toString() });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.text();
    expect(body).toMatch(/^STATE_MISMATCH: /);
    expect(body).not.toContain(code);
  });

  it('rejects a replayed callback', async () => {
    const hop = await startSignIn(app, 'weibo', '/once');
    expect((await deliver(app, 'weibo', hop)).status).toBe(302);
    const replay = await deliver(app, 'weibo', hop);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toMatch(/^TRANSACTION_REPLAYED: /);
  });

  it('rejects a callback without a code', async () => {
    const hop = await startSignIn(app, 'github');
    const url = new URL(hop.delivered as string);
    url.searchParams.delete('code');
    const response = await deliver(app, 'github', { ...hop, delivered: url.toString() });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^MISSING_CODE: /);
  });

  it('answers 400 when the user refuses consent', async () => {
    const hop = await startSignIn(app, DENYING_ID);
    const response = await deliver(app, DENYING_ID, hop);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^AUTHORIZATION_DENIED: .*access_denied/);
  });

  it('answers 400 AUTHORIZATION_DENIED to an OAuth 1 refusal that comes back without state, leaving the sign-in usable', async () => {
    const hop = await startSignIn(app, 'twitter', '/after-refusal');
    for (const query of ['?error=access_denied', '?error=access_denied&error_description=Your+account+is+locked', '?denied=unknown']) {
      const response = await get(`${app.origin}/auth/twitter/callback${query}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toBe('AUTHORIZATION_DENIED: The authorization callback answered "access_denied"');
    }
    const own = await deliver(app, 'twitter', hop);
    expect(own.headers.get('location')).toBe('/after-refusal');
  });

  it('answers 502 when the provider fails while the sign-in starts (OAuth 1 temporary credentials)', async () => {
    providers.twitter!.emulator.setFaults([{ kind: 'serverError', on: ['requestToken'], times: 1 }]);
    const login = await get(`${app.origin}/auth/twitter/login`);
    expect(login.status).toBe(502);
    expect(login.headers.get('location')).toBeNull();
  });

  it('answers 502 when the token endpoint fails, without echoing the code', async () => {
    const hop = await startSignIn(app, 'github');
    const code = new URL(hop.delivered as string).searchParams.get('code')!;
    providers.github!.emulator.setFaults([{ kind: 'serverError', on: ['token'], times: 1 }]);
    const response = await deliver(app, 'github', hop);
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain(code);
  });

  it.each<[string | undefined, string]>([
    ['https://evil.example', '/home'],
    ['//evil.example', '/home'],
    ['/\\evil.example', '/home'],
    ['javascript:alert(1)', '/home'],
    ['/next/path?tab=2#top', '/next/path?tab=2#top'],
    [undefined, '/home'],
  ])('next=%s ends at %s', async (next, expected) => {
    const hop = await startSignIn(app, 'github', next);
    const final = await deliver(app, 'github', hop);
    expect(final.headers.get('location')).toBe(expected);
  });

  it('completes parallel sign-ins in several tabs, each at its own next', async () => {
    const ids = ['github', 'weibo', 'google', 'twitter', 'github', 'weibo', 'google', 'twitter'];
    const started = await Promise.all(ids.map((id, tab) => startSignIn(app, id, `/tab/${tab}`)));
    // Callbacks arrive in the reverse order, all at once.
    const finals = await Promise.all(started.map((hop, tab) => ({ hop, tab })).reverse().map(({ hop, tab }) => deliver(app, ids[tab]!, hop).then((response) => ({ response, tab }))));
    for (const { response, tab } of finals) {
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(`/tab/${tab}`);
    }
  });

  it('leaves every other path to the app', async () => {
    expect(await (await get(`${app.origin}/`)).text()).toBe('home');
    expect((await get(`${app.origin}/auth/unknown-provider/login`)).status).toBe(404);
    expect((await fetch(`${app.origin}/auth/github/login`, { method: 'POST', redirect: 'manual' })).status).toBe(404);
  });
});
