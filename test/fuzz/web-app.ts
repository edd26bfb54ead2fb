// The app the web handler fuzz drives: one client behind two handlers (default error answers at /auth, an
// onError at /hooked), served over HTTP, with a healthy provider; and what every answer must look like.
import fc from 'fast-check';
import { expect } from 'vitest';
import { createAuthHandler } from '../../src/web/index.ts';
import { baseManifest, clientFor } from '../runtime/helpers.ts';
import type { AnswerTemplate } from './answers.ts';
import { fakeFetch } from './fake-fetch.ts';
import { HANG_MS, PLANTED, PLANTED_SECRETS } from './helpers.ts';
import { SERVED, serveHandler, UNMATCHED } from './web-server.ts';

const PROVIDER: Record<string, AnswerTemplate> = {
  '/token': { status: 200, contentType: 'application/json', kind: 'json', value: { access_token: PLANTED.accessToken, refresh_token: PLANTED.refreshToken, token_type: 'Bearer' } },
  '/v1/me': { status: 200, contentType: 'application/json', kind: 'json', value: { id: 'user-1', login: 'ada', email: 'ada@example.test' } },
};

export interface App {
  origin: string;
  plain: (request: Request) => Promise<Response | undefined>;
  hooked: (request: Request) => Promise<Response | undefined>;
  /** What onError was handed. */
  errors: unknown[];
  crashes: unknown[];
  send(method: string, pathAndQuery: string, headers: Record<string, string | undefined>, body?: string): Promise<Answer>;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

export async function startApp(): Promise<App> {
  const server = await serveHandler();
  const client = clientFor(baseManifest(), { clientSecret: PLANTED.clientSecret, http: { retries: 0, timeoutMs: HANG_MS, fetch: fakeFetch((request) => PROVIDER[new URL(request.url).pathname]) } });
  const errors: unknown[] = [];
  const common = { clients: { example: client }, origin: server.origin, onSignIn: () => ({ userId: 'user-1' }) };
  const plain = createAuthHandler(common);
  // An app's own error page: without nosniff or no-store, which the handler must add.
  const hooked = createAuthHandler({ ...common, basePath: '/hooked', onError: (error) => (errors.push(error), new Response('sign-in failed', { status: 400 })) });
  server.handle = async (request) => (await plain(request)) ?? (await hooked(request));
  return {
    origin: server.origin,
    plain,
    hooked,
    errors,
    crashes: server.crashes,
    async send(method, pathAndQuery, headers, body) {
      const sent = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
      const response = await fetch(`${server.origin}${pathAndQuery}`, { method, headers: sent, body, redirect: 'manual', signal: AbortSignal.timeout(HANG_MS) }).catch((error: unknown) => {
        throw new Error(`no answer within ${HANG_MS} ms (a hang or a dropped connection) to ${method} ${pathAndQuery.slice(0, 200)}`, { cause: error });
      });
      return { status: response.status, headers: response.headers, body: await response.text() };
    },
    close: () => server.close(),
  };
}

export type Cookie = 'right' | 'none' | 'wrong' | 'among-others' | 'other-value';
export const COOKIE = fc.constantFrom<Cookie>('right', 'right', 'right', 'none', 'wrong', 'among-others', 'other-value');

/** Starts a sign-in in process (its login answer is not under test here): the live state and its cookie. */
export async function startSignIn(app: App, base: string) {
  const response = (await (base === '/auth' ? app.plain : app.hooked)(new Request(`${app.origin}${base}/example/login`)))!;
  const state = new URL(response.headers.get('location')!).searchParams.get('state')!;
  const name = response.headers.getSetCookie()[0]!.split('=')[0]!;
  const cookieFor = (kind: Cookie): string | undefined =>
    ({ right: `${name}=1`, none: undefined, wrong: 'oauth-registry-AAAAAAAAAAAAAAAAAAAAAA=1', 'among-others': `a=b; ${name}=1; c=d`, 'other-value': `${name}=2` })[kind];
  return { state, cookieFor };
}

interface Expectation {
  route: string;
  /** The parameters as the handler received them (the query, or the form body), the cookie sent and the live state. */
  signedIn: { params: URLSearchParams; cookie: Cookie; state: string | undefined };
}

/** A redirect or an error answer, with the headers error answers need and no planted secret anywhere. */
export async function checkAnswer(app: App, answer: Answer, expected: Expectation): Promise<void> {
  expect(app.crashes, 'the handler rejected').toEqual([]);
  const shown = [String(answer.status), answer.body, ...[...answer.headers].map(([name, value]) => `${name}: ${value}`)].join('\n');
  for (const secret of PLANTED_SECRETS) expect(shown, `the answer shows ${secret}`).not.toContain(secret);
  if (!answer.headers.has(SERVED)) {
    // node:http refused the request before any handler saw it (a request line or headers over its limit).
    expect([400, 431]).toContain(answer.status);
    return;
  }
  if (answer.headers.has(UNMATCHED)) {
    expect(['login', 'callback'], `${expected.route} was not handled`).not.toContain(expected.route);
    return;
  }
  expect(answer.status === 302 || (answer.status >= 400 && answer.status <= 599), `status ${answer.status}`).toBe(true);
  if (answer.status >= 400) {
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    return;
  }
  const location = answer.headers.get('location') ?? '';
  if (expected.route === 'login') {
    expect(new URL(location).origin).toBe('https://id.example.test');
    expect(answer.headers.get('set-cookie')).toMatch(/HttpOnly/);
    return;
  }
  // A completed sign-in: to a path on this origin, for the browser holding the cookie, with one live state and one code.
  expect(location.startsWith('/') && !location.startsWith('//') && !location.includes('\\'), `redirect to ${location}`).toBe(true);
  const { params, cookie, state } = expected.signedIn;
  expect(['right', 'among-others']).toContain(cookie);
  expect(params.getAll('state')).toEqual([state]);
  expect(params.getAll('code').length).toBe(1);
  expect(params.get('code')).not.toBe('');
  expect(params.getAll('error').filter(Boolean)).toEqual([]);
}
