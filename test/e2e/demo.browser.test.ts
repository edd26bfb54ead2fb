// The demo as a person uses it: Debian's chromium opens the home page, signs in with each seed provider
// against its emulator, sees the user's name, and signs out. Nothing leaves 127.0.0.1.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemo, type DemoServer } from '../../examples/express-demo/app.ts';
import { SESSION_COOKIE } from '../../examples/express-demo/session.ts';
import { EMULATED_USER } from '../../src/emulator/index.ts';
import { listProviders } from '../../src/manifest/registry.ts';
import { describeWithChromium, guardServerFetch, launchChromium, type Browser } from './browser.ts';
import { demoUserId, profileCell, signedInName, signInLink, signInWith, signOut } from './demo-page.ts';

const SEED_PROVIDERS = ['github', 'google', 'facebook', 'twitter', 'weibo'];

describeWithChromium('express demo in chromium', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  /** Demo user ids by provider, from each provider's first sign-in. */
  const userIds = new Map<string, string>();
  const serverFetch = guardServerFetch();

  beforeAll(async () => {
    serverFetch.install();
    // An empty environment: no real credentials, no Redis, so every provider is emulated.
    demo = await startDemo({ port: 0, env: {} });
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    serverFetch.uninstall();
  });

  it('offers a sign-in button for every provider of the registry, each backed by a local emulator', async () => {
    expect(demo.providers.map((provider) => provider.id)).toEqual(listProviders().filter((id) => demo.providers.some((provider) => provider.id === id)));
    expect(new Set(demo.providers.map((provider) => provider.mode))).toEqual(new Set(['emulator']));
    await page.goto(demo.url);
    for (const id of SEED_PROVIDERS) expect(await signInLink(page, id).count()).toBe(1);
    expect(await page.locator('ul.providers li').count()).toBe(demo.providers.length);
  });

  it('narrows the list with the search box', async () => {
    await page.goto(demo.url);
    await page.getByRole('searchbox', { name: 'Search providers' }).fill('weib');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(`${demo.url}/?q=weib`);
    expect(await page.locator('ul.providers li').count()).toBe(1);
    expect(await signInLink(page, 'weibo').count()).toBe(1);
  });

  it.each(SEED_PROVIDERS)('signs in with %s, shows the profile and an API result, and signs out', async (id) => {
    await signInWith(page, demo.url, id);

    expect(await signedInName(page)).toBe(EMULATED_USER.name);
    expect(await profileCell(page, 'socialId')).toBe(`${id}$${EMULATED_USER.id}`);
    expect(await profileCell(page, 'provider')).toBe(id);
    // The showcase API call answered with data, not an error.
    expect(await page.locator('#api-error').allTextContents()).toEqual([]);
    expect(await page.locator('#api-result').textContent()).not.toBe('');
    userIds.set(id, await demoUserId(page));

    const session = (await browser.context.cookies(demo.url)).find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // Sealed: the user id is not readable in the cookie.
    expect(session!.value).not.toContain(userIds.get(id));

    await signOut(page, demo.url);
    expect(await signInLink(page, id).count()).toBe(1);
    expect(await page.locator('#user-name').count()).toBe(0);
    expect((await browser.context.cookies(demo.url)).map((cookie) => cookie.name)).not.toContain(SESSION_COOKIE);
  });

  it('registers one user per social id: each provider its own, the same one on a second sign-in', async () => {
    expect(new Set(userIds.values()).size).toBe(SEED_PROVIDERS.length);
    await signInWith(page, demo.url, 'github');
    expect(await demoUserId(page)).toBe(userIds.get('github'));
    await signOut(page, demo.url);
  });

  it('sent no request outside 127.0.0.1, from the browser or from the demo server', () => {
    expect(browser.offsite).toEqual([]);
    expect(serverFetch.offsite).toEqual([]);
  });
});
