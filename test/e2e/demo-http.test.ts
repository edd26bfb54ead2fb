// The demo over plain HTTP: headers every page carries, and requests a browser would not make.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoServer } from '../../examples/express-demo/app.ts';
import { SESSION_COOKIE } from '../../examples/express-demo/session.ts';

describe('express demo over HTTP', () => {
  let demo: DemoServer;

  beforeAll(async () => {
    demo = await startDemo({ env: {} });
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('listens on 127.0.0.1 and serves the signed-out page with a strict policy, uncached', async () => {
    expect(new URL(demo.url).hostname).toBe('127.0.0.1');
    const response = await fetch(demo.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(await response.text()).toContain('href="/auth/github/login"');
  });

  it('treats a forged session cookie as signed out', async () => {
    const response = await fetch(demo.url, { headers: { cookie: `${SESSION_COOKIE}=v1.${'A'.repeat(60)}` } });
    expect(await response.text()).toContain('Sign in with GitHub');
  });

  it('signs out with a 303 to the home page and an expired cookie, even when not signed in', async () => {
    const response = await fetch(`${demo.url}/logout`, { method: 'POST', redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE.replace('.', '\\.')}=; Max-Age=0`));
  });

  it('sends login to the emulator with the callback on its own origin', async () => {
    const response = await fetch(`${demo.url}/auth/weibo/login`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.hostname).toBe('127.0.0.1');
    expect(location.searchParams.get('redirect_uri')).toBe(`${demo.url}/auth/weibo/callback`);
  });

  it('shuts down the demo and its emulators', async () => {
    const other = await startDemo({ env: {} });
    const login = await fetch(`${other.url}/auth/github/login`, { redirect: 'manual' });
    const emulatorOrigin = new URL(login.headers.get('location')!).origin;
    await other.close();
    await expect(fetch(other.url)).rejects.toThrow();
    await expect(fetch(emulatorOrigin)).rejects.toThrow();
  });
});
