// The demo as a person uses it: Debian's chromium opens the home page, signs in with 24 providers (the
// seeds and a spread of protocols, URL variables and quirks) against their emulators, sees the user's name, and signs out. Nothing leaves 127.0.0.1.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemo, type DemoServer } from '../../examples/express-demo/app.ts';
import { SESSION_COOKIE } from '../../examples/express-demo/session.ts';
import { EMULATED_USER } from '../../src/emulator/index.ts';
import { loadBuiltinManifest } from '../../src/manifest/builtin.ts';
import { listProviders } from '../../src/manifest/registry.ts';
import { describeWithChromium, guardServerFetch, launchChromium, type Browser } from './browser.ts';
import { demoUserId, profileCell, signedInName, signInLink, signInWith, signOut } from './demo-page.ts';

const SEED_PROVIDERS = ['github', 'google', 'facebook', 'twitter', 'weibo'];
// Spread across the protocols, URL variables and the quirkiest manifests of the registry.
const SIGN_IN_PROVIDERS = [
  ...SEED_PROVIDERS,
  // OAuth 1.0a: scope on the authorize URL, a GET token call, signed API calls.
  'flickr',
  'trello',
  'tumblr-oauth1',
  // OpenID Connect: a signed-JWT client secret posted back by form_post, a templated tenant issuer, HS256.
  'apple',
  'microsoft',
  'line',
  'okta',
  'keycloak',
  // URL variables: a shop, an instance the app registers itself with, a host named in the callback or token.
  'shopify',
  'mastodon',
  'zoho',
  'salesforce',
  // Quirks: a URL fragment, a signed gateway with renamed callback parameters, a JSONP look-up, a client key,
  // a JWT access token as the profile, a hashed secret, Basic auth with a JSON body.
  'wechat',
  'alipay',
  'qq',
  'tiktok',
  'eveonline',
  'smartsheet',
  'notion',
];

/** The name the demo greets the user by: the profile's name, else the username, else the social id. */
function expectedGreeting(id: string): string {
  const manifest = loadBuiltinManifest(id);
  // OpenID Connect providers without a profile section read the standard claims, name included.
  const fields: { name?: unknown; username?: unknown } = manifest.profile?.fields ?? { name: 'name' };
  if (fields.name) return EMULATED_USER.name;
  if (fields.username) return EMULATED_USER.username;
  return `${id}$${EMULATED_USER.id}`;
}

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

  it.each(SIGN_IN_PROVIDERS)('signs in with %s, shows the profile and an API result, and signs out', async (id) => {
    await signInWith(page, demo.url, id);

    expect(await signedInName(page)).toBe(expectedGreeting(id));
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
    expect(new Set(userIds.values()).size).toBe(SIGN_IN_PROVIDERS.length);
    await signInWith(page, demo.url, 'github');
    expect(await demoUserId(page)).toBe(userIds.get('github'));
    await signOut(page, demo.url);
  });

  it('sent no request outside 127.0.0.1, from the browser or from the demo server', () => {
    expect(browser.offsite).toEqual([]);
    expect(serverFetch.offsite).toEqual([]);
  });
});
