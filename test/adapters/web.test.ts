// The web handler's checks that need no provider: options, next paths, route matching, error answers.
import { describe, expect, it } from 'vitest';
import { createProviderClient } from '../../src/create-client.ts';
import { CallbackError, ConfigError, OAuthRegistryError, ProviderError } from '../../src/errors.ts';
import { defaultErrorResponse } from '../../src/web/error-response.ts';
import { createAuthHandler, sameOriginPath, type AuthOptions } from '../../src/web/index.ts';
import { matchAuthRoute } from '../../src/web/routes.ts';

const ORIGIN = 'https://app.example';
const github = createProviderClient('github', { clientId: 'id', clientSecret: 'secret' });

function options(overrides: Partial<AuthOptions> = {}): AuthOptions {
  return { clients: { github }, origin: ORIGIN, onSignIn: () => ({ userId: 'u' }), ...overrides };
}

describe('sameOriginPath', () => {
  it.each([
    ['/account', '/account'],
    ['/a/b?c=1#d', '/a/b?c=1#d'],
    ['/a/../b', '/b'],
    ['https://evil.example/', undefined],
    ['//evil.example', undefined],
    ['/\\evil.example', undefined],
    // Paths a browser normalises to `//evil.example` (another host) once dot segments are resolved.
    ['/.//evil.example', undefined],
    ['/a/..//evil.example', undefined],
    ['/%2e//evil.example', undefined],
    ['/%2E%2E//evil.example', undefined],
    ['/a/.%2e//evil.example', undefined],
    ['/ok/%5c/evil.example', '/ok/%5c/evil.example'],
    ['/a/./b', '/a/b'],
    ['/a?back=//evil.example', '/a?back=//evil.example'],
    ['/\u0000x', undefined],
    ['/\t/evil.example', undefined],
    ['javascript:alert(1)', undefined],
    ['account', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j → %j', (next, expected) => {
    expect(sameOriginPath(next, ORIGIN)).toBe(expected);
  });
});

describe('matchAuthRoute', () => {
  const providers = new Set(['github', 'my provider']);
  it.each([
    ['GET', '/auth/github/login', { provider: 'github', action: 'login' }],
    ['GET', '/auth/github/callback', { provider: 'github', action: 'callback' }],
    ['POST', '/auth/github/callback', { provider: 'github', action: 'callback' }],
    ['GET', '/auth/my%20provider/login', { provider: 'my provider', action: 'login' }],
    ['POST', '/auth/github/login', undefined],
    ['GET', '/auth/other/login', undefined],
    ['GET', '/auth/github/login/extra', undefined],
    ['GET', '/authx/github/login', undefined],
    ['GET', '/auth/%E0%A4%A/login', undefined],
  ])('%s %s', (method, path, expected) => {
    expect(matchAuthRoute(method, path, '/auth', providers)).toEqual(expected);
  });
});

describe('createAuthHandler options', () => {
  it.each([
    ['http://app.example', 'INSECURE_ENDPOINT'],
    ['https://app.example/sub', 'CONFIG_INVALID'],
    ['https://user:pw@app.example', 'CONFIG_INVALID'],
    ['app.example', 'CONFIG_INVALID'],
  ])('refuses origin %s', (origin, code) => {
    expect(() => createAuthHandler(options({ origin }))).toThrowError(expect.objectContaining({ code }));
  });

  it('allows plain http on loopback and a trailing slash', () => {
    expect(() => createAuthHandler(options({ origin: 'http://127.0.0.1:3000' }))).not.toThrow();
    expect(() => createAuthHandler(options({ origin: 'http://localhost:3000/' }))).not.toThrow();
  });

  it('never echoes origin credentials', () => {
    expect(() => createAuthHandler(options({ origin: 'https://user:hunter2@app.example' }))).toThrowError(expect.not.objectContaining({ message: expect.stringContaining('hunter2') }));
  });

  it.each(['auth', '/auth/', '/', '//auth', '/auth?x'])('refuses basePath %j', (basePath) => {
    expect(() => createAuthHandler(options({ basePath }))).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it.each(['https://evil.example', '//evil.example', 'home', '/.//evil.example'])('refuses defaultNext %j', (defaultNext) => {
    expect(() => createAuthHandler(options({ defaultNext }))).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('refuses a client filed under another provider id', () => {
    expect(() => createAuthHandler(options({ clients: { weibo: github } }))).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('the handler', () => {
  it('returns undefined for requests that are not its routes', async () => {
    const handle = createAuthHandler(options());
    expect(await handle(new Request(`${ORIGIN}/`))).toBeUndefined();
    expect(await handle(new Request(`${ORIGIN}/auth/weibo/login`))).toBeUndefined();
  });

  it('hands callback errors to onError with the provider', async () => {
    const seen: { error: unknown; provider: string }[] = [];
    const handle = createAuthHandler(
      options({
        onError: (error, provider) => {
          seen.push({ error, provider });
          return new Response('custom', { status: 418 });
        },
      }),
    );
    const response = await handle(new Request(`${ORIGIN}/auth/github/callback?code=the-code`));
    expect(response?.status).toBe(418);
    expect(seen).toEqual([{ error: expect.objectContaining({ code: 'MISSING_STATE' }), provider: 'github' }]);
    expect(response?.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response?.headers.get('cache-control')).toBe('no-store');
    expect(response?.headers.get('referrer-policy'), 'the callback URL holds the code (RFC 9700 §4.2.4)').toBe('no-referrer');
  });

  it("adds the error headers to onError's response without overriding the app's own", async () => {
    const handle = createAuthHandler(options({ onError: () => Response.json({ failed: true }, { status: 400, headers: { 'cache-control': 'private, max-age=0' } }) }));
    const response = await handle(new Request(`${ORIGIN}/auth/github/callback?code=the-code`));
    expect(response?.status).toBe(400);
    expect(response?.headers.get('cache-control')).toBe('private, max-age=0');
    expect(response?.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response?.json()).toEqual({ failed: true });
  });

  it('answers 415 to a callback POST that is not a form', async () => {
    const handle = createAuthHandler(options());
    const response = await handle(new Request(`${ORIGIN}/auth/github/callback`, { method: 'POST', body: '{"code":"x"}', headers: { 'content-type': 'application/json' } }));
    expect(response?.status).toBe(415);
    expect(response?.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response?.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 415 to a form body over 64 KiB', async () => {
    const handle = createAuthHandler(options());
    const body = `state=s&code=${'x'.repeat(70_000)}`;
    const response = await handle(new Request(`${ORIGIN}/auth/github/callback`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(response?.status).toBe(415);
  });
});

describe('defaultErrorResponse', () => {
  it.each([
    [new CallbackError('TRANSACTION_REPLAYED', 'already used'), 400],
    [new ProviderError('AUTHORIZATION_DENIED', { error: 'access_denied', where: 'GitHub authorization' }), 400],
    [new ProviderError('TOKEN_ERROR', { error: 'invalid_grant', where: 'GitHub token endpoint' }), 502],
    [new OAuthRegistryError('NETWORK_ERROR', 'request failed'), 502],
    [new ConfigError('CONFIG_INVALID', 'bad config'), 500],
  ])('%s → %i with code and message', async (error, status) => {
    const response = defaultErrorResponse(error);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe(`${error.code}: ${error.message}`);
  });

  it('shows nothing of an error that is not ours', async () => {
    const response = defaultErrorResponse(new Error('db password is hunter2'));
    expect(response.status).toBe(500);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).not.toContain('hunter2');
  });
});

describe('clients found on demand (ClientSource)', () => {
  it('builds a client on its first sign-in and answers only for the ids the source has', async () => {
    const built: string[] = [];
    const handle = createAuthHandler(
      options({
        clients: {
          has: (id) => id === 'github',
          get: (id) => {
            built.push(id);
            return createProviderClient(id, { clientId: 'id', clientSecret: 'secret' });
          },
        },
      }),
    );
    expect(built).toEqual([]);
    const login = await handle(new Request(`${ORIGIN}/auth/github/login`));
    expect(login?.status).toBe(302);
    expect(built).toEqual(['github']);
    expect(await handle(new Request(`${ORIGIN}/auth/gitlab/login`))).toBeUndefined();
  });

  it('refuses a source that hands out another provider\'s client', async () => {
    const handle = createAuthHandler(options({ clients: { has: () => true, get: () => github } }));
    const response = await handle(new Request(`${ORIGIN}/auth/weibo/login`));
    expect(response?.status).toBe(500);
    expect(await response?.text()).toContain('gave the github client for "weibo"');
  });
});
