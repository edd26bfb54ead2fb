import { describe, expect, it } from 'vitest';
import { CookieStore, type CookieJar, type CookieOptions } from '../../src/stores/cookie.ts';
import { describeStoreContract } from './store-contract.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0001';

/** Plays the browser: keeps what responses set, drops what Max-Age=0 deletes, sends the rest back. */
class BrowserJar implements CookieJar {
  readonly cookies = new Map<string, string>();
  readonly writes: { name: string; value: string; options: CookieOptions }[] = [];

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string, options: CookieOptions): void {
    this.writes.push({ name, value, options });
    if (options.maxAgeSeconds === 0) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

describeStoreContract('CookieStore', { create: () => new CookieStore({ jar: new BrowserJar(), secrets: SECRET }) });

describe('CookieStore', () => {
  it('refuses a key with a lone surrogate as a ConfigError, not a URIError', async () => {
    const store = new CookieStore({ jar: new BrowserJar(), secrets: SECRET });
    await expect((async () => store.set('key-\ud800', 'v', 60_000))()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('carries a value from one request to the next through the browser', async () => {
    const browser = new BrowserJar();
    await new CookieStore({ jar: browser, secrets: SECRET }).set('tx', { state: 's1' }, 600_000);
    const nextRequest = new CookieStore({ jar: browser, secrets: SECRET });
    expect(await nextRequest.take('tx')).toEqual({ state: 's1' });
    expect(browser.cookies.has('oauth.tx')).toBe(false);
  });

  it('sets HttpOnly, Secure, SameSite=Lax, Path=/ and a Max-Age from the TTL by default', async () => {
    const browser = new BrowserJar();
    await new CookieStore({ jar: browser, secrets: SECRET }).set('tx', 'v', 1_500);
    expect(browser.writes[0]!.options).toEqual({ httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAgeSeconds: 2 });
  });

  it('lets the app override attributes and the name prefix, and deletes with Max-Age=0', async () => {
    const browser = new BrowserJar();
    const store = new CookieStore({ jar: browser, secrets: SECRET, namePrefix: 'app_', cookie: { secure: false, path: '/auth' } });
    await store.set('k', 'v');
    await store.delete('k');
    expect(browser.writes.map(({ name, options }) => [name, options.secure, options.path, options.maxAgeSeconds])).toEqual([
      ['app_k', false, '/auth', undefined],
      ['app_k', false, '/auth', 0],
    ]);
  });

  it('escapes key characters a cookie name may not hold', () => {
    const store = new CookieStore({ jar: new BrowserJar(), secrets: SECRET });
    expect(store.cookieName('github:user (1)')).toBe('oauth.github%3Auser%20%281%29');
  });

  it('reports a tampered cookie with its name and never its value', async () => {
    const browser = new BrowserJar();
    await new CookieStore({ jar: browser, secrets: SECRET }).set('tx', 'v');
    const sealed = browser.cookies.get('oauth.tx')!;
    browser.cookies.set('oauth.tx', `${sealed.slice(0, 10)}${sealed[10] === 'A' ? 'B' : 'A'}${sealed.slice(11)}`);
    const error = await new CookieStore({ jar: browser, secrets: SECRET }).get('tx').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'COOKIE_INVALID', reason: 'tampered' });
    expect((error as Error).message).toContain('cookie "oauth.tx"');
    expect((error as Error).message).not.toContain(sealed.slice(3, 20));
  });

  it('refuses a sealed value moved to another cookie name', async () => {
    const browser = new BrowserJar();
    await new CookieStore({ jar: browser, secrets: SECRET }).set('token', 'v');
    browser.cookies.set('oauth.tx', browser.cookies.get('oauth.token')!);
    await expect(new CookieStore({ jar: browser, secrets: SECRET }).get('tx')).rejects.toMatchObject({ reason: 'tampered' });
  });

  it('treats an expired cookie the browser still sends as absent', async () => {
    let now = 1_000_000;
    const browser = new BrowserJar();
    await new CookieStore({ jar: browser, secrets: SECRET, now: () => now }).set('tx', 'v', 1_000);
    now += 1_000;
    expect(await new CookieStore({ jar: browser, secrets: SECRET, now: () => now }).get('tx')).toBeUndefined();
  });

  it('refuses a value too large for a browser cookie', async () => {
    const store = new CookieStore({ jar: new BrowserJar(), secrets: SECRET });
    await expect(store.set('big', 'x'.repeat(4_000))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('checks the secrets when it is made', () => {
    expect(() => new CookieStore({ jar: new BrowserJar(), secrets: 'too-short' })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
