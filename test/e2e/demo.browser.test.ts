// The demo as a person uses it: Debian's chromium opens the home page, signs in with each seed provider
// against its emulator, sees the user's name, and signs out. Nothing leaves 127.0.0.1.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startDemo, type DemoServer } from '../../examples/express-demo/app.ts';
import { SESSION_COOKIE } from '../../examples/express-demo/session.ts';
import { EMULATED_USER } from '../../src/emulator/index.ts';
import { getManifest } from '../../src/manifest/registry.ts';
import { isLoopbackHost } from '../../src/manifest/schema.ts';
import { describeWithChromium, launchChromium, type Browser } from './browser.ts';

const SEED_PROVIDERS = ['github', 'google', 'facebook', 'twitter', 'weibo'];

describeWithChromium('express demo in chromium', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  /** Demo user ids by provider, from each provider's first sign-in. */
  const userIds = new Map<string, string>();
  /** Server-side requests (the demo runs in this process) that would have left this machine. */
  const offsiteFetches: string[] = [];

  beforeAll(async () => {
    // The SDK's HTTP goes through global fetch: refuse, and record, anything not for a loopback address.
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if (isLoopbackHost(url.hostname)) return realFetch(input, init);
      offsiteFetches.push(url.origin + url.pathname);
      return Promise.reject(new TypeError('the browser test allows loopback requests only'));
    });
    // An empty environment: no real credentials, no Redis, so every provider is emulated.
    demo = await startDemo({ port: 0, env: {} });
    browser = await launchChromium();
    page = await browser.context.newPage();
    // A missing element fails its test in seconds, not at the test timeout.
    page.setDefaultTimeout(5_000);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    vi.unstubAllGlobals();
  });

  it('offers a sign-in button for every seed provider, each backed by a local emulator', async () => {
    expect(demo.providers.map((provider) => [provider.id, provider.mode])).toEqual(SEED_PROVIDERS.map((id) => [id, 'emulator']));
    await page.goto(demo.url);
    for (const id of SEED_PROVIDERS) {
      await expect.poll(() => signInLink(page, id).count()).toBe(1);
    }
  });

  it.each(SEED_PROVIDERS)('signs in with %s, shows the profile and an API result, and signs out', async (id) => {
    // Each sign-in starts signed out, whatever the previous test left behind.
    await browser.context.clearCookies();
    await page.goto(demo.url);
    await signInLink(page, id).click();
    // login → provider (emulator consents) → callback → home, all within the demo's origin at the end.
    await page.waitForURL(`${demo.url}/`);

    expect(await page.locator('#user-name').textContent()).toBe(EMULATED_USER.name);
    expect(await profileCell(page, 'socialId')).toBe(`${id}$${EMULATED_USER.id}`);
    expect(await profileCell(page, 'provider')).toBe(id);
    // The showcase API call answered with data, not an error.
    expect(await page.locator('#api-error').allTextContents()).toEqual([]);
    expect(await page.locator('#api-result').textContent()).not.toBe('');
    userIds.set(id, (await page.locator('#user-id').textContent()) ?? '');

    const session = (await browser.context.cookies(demo.url)).find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // Sealed: the user id is not readable in the cookie.
    expect(session!.value).not.toContain(userIds.get(id));

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${demo.url}/`);
    expect(await signInLink(page, id).count()).toBe(1);
    expect(await page.locator('#user-name').count()).toBe(0);
    expect((await browser.context.cookies(demo.url)).map((cookie) => cookie.name)).not.toContain(SESSION_COOKIE);
  });

  it('registers one user per social id: each provider its own, the same one on a second sign-in', async () => {
    expect(new Set(userIds.values()).size).toBe(SEED_PROVIDERS.length);
    await browser.context.clearCookies();
    await page.goto(demo.url);
    await signInLink(page, 'github').click();
    await page.waitForURL(`${demo.url}/`);
    expect(await page.locator('#user-id').textContent()).toBe(userIds.get('github'));
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('sent no request outside 127.0.0.1, from the browser or from the demo server', () => {
    expect(browser.offsite).toEqual([]);
    expect(offsiteFetches).toEqual([]);
  });
});

function signInLink(page: Page, id: string) {
  return page.getByRole('link', { name: `Sign in with ${getManifest(id).name}`, exact: true });
}

async function profileCell(page: Page, field: string): Promise<string | null> {
  return page.locator('#profile tr', { has: page.locator('th', { hasText: new RegExp(`^${field}$`) }) }).locator('td').textContent();
}
