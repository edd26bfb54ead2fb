// The web handler (createAuthHandler) fuzzed over real HTTP on 127.0.0.1: GET login and callback routes with
// random queries, paths and cookies, and POST callbacks with random bodies and content types, through the
// default error answers and through an app's onError. The handler never crashes or hangs; it answers a
// redirect (to the provider, or to a same-origin path) or 4xx/5xx with nosniff and no-store, and never
// shows a planted secret in a status line, header or body.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthRegistryError } from '../../src/errors.ts';
import { checkProperty } from './budget.ts';
import { PARAMS, queryString, withState } from './callback-inputs.ts';
import { fuzzTimeout, HANG_MS, hostileString } from './helpers.ts';
import { watchLogs } from './logs.ts';
import { type App, checkAnswer, COOKIE, startApp, startSignIn } from './web-app.ts';

watchLogs();

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.close());

const BASE = fc.constantFrom('/auth', '/hooked');
const NEXT = fc.oneof(hostileString(8), fc.constantFrom('/home', '//evil.example', '/\\evil.example', '/.//evil.example', 'https://evil.example', '/%2e%2e//evil.example', '/a?b=//c#d'));
const ODD_PATHS = ['/example/login/x', '/%E0%A4%A/login', '//callback', '/example/callback/', '/EXAMPLE/login', '/example%2Fcallback', '/other/callback', '/example/logout'];
const ROUTE = fc.oneof({ weight: 2, arbitrary: fc.constant('login') }, { weight: 5, arbitrary: fc.constant('callback') }, { weight: 1, arbitrary: fc.constantFrom(...ODD_PATHS) });

const CONTENT_TYPES = ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8', 'APPLICATION/X-WWW-FORM-URLENCODED', 'text/plain', 'multipart/form-data; boundary=x', 'application/json', ''];
const POST_BODY = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(PARAMS, fc.boolean()).map(([params, raw]) => ({ params, raw, extra: '' })) },
  { weight: 1, arbitrary: fc.constantFrom('&'.repeat(70_000), 'a=b'.padEnd(65 * 1024, 'x'), '\u0000\uFFFD%%%').map((extra) => ({ params: [] as [string, string][], raw: true, extra })) },
);

describe('web handler fuzz', () => {
  it('answers every GET with a redirect or a 4xx/5xx error, never crashing, hanging or leaking', async () => {
    await checkProperty(
      'web handler: GET routes over HTTP',
      0x5eed71,
      fc.asyncProperty(BASE, ROUTE, PARAMS, fc.boolean(), NEXT, COOKIE, async (base, route, params, raw, next, cookie) => {
        const signIn = route === 'callback' ? await startSignIn(app, base) : undefined;
        const filled = withState(params, signIn?.state ?? 'no-live-state');
        const query = route === 'login' ? `${new URLSearchParams({ next })}&${queryString(filled, raw)}` : queryString(filled, raw);
        const path = route === 'login' || route === 'callback' ? `${base}/example/${route}` : `${base}${route}`;
        const response = await app.send('GET', `${path}?${query}`, { cookie: signIn?.cookieFor(cookie) });
        const received = new URL(`${path}?${query}`, app.origin).searchParams;
        await checkAnswer(app, response, { route, signedIn: { params: received, cookie, state: signIn?.state } });
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());

  it('answers every POST callback with a redirect or a 4xx/5xx error, never crashing, hanging or leaking', async () => {
    await checkProperty(
      'web handler: POST callbacks over HTTP',
      0x5eed72,
      fc.asyncProperty(BASE, POST_BODY, fc.constantFrom(...CONTENT_TYPES), COOKIE, fc.boolean(), async (base, body, contentType, cookie, toLogin) => {
        const signIn = await startSignIn(app, base);
        const filled = withState(body.params, signIn.state);
        const route = toLogin ? 'login' : 'callback';
        const headers = { cookie: signIn.cookieFor(cookie), ...(contentType ? { 'content-type': contentType } : {}) };
        const form = queryString(filled, body.raw) + body.extra;
        const response = await app.send('POST', `${base}/example/${route}`, headers, form);
        const isForm = contentType.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
        if (route === 'callback' && (!isForm || body.extra.length > 64 * 1024)) expect(response.status).toBe(415);
        await checkAnswer(app, response, { route: toLogin ? 'POST login' : 'callback', signedIn: { params: new URLSearchParams(form), cookie, state: signIn.state } });
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());

  it('handed onError only typed errors', () => {
    expect(app.errors.filter((error) => !(error instanceof OAuthRegistryError))).toEqual([]);
    expect(app.errors.length).toBeGreaterThan(0);
  });
});
