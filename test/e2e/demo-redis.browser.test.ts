// The demo with REDIS_URL set: sign-in transactions, users and tokens live in Redis, not in the process.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemo, type DemoServer } from '../../examples/express-demo/app.ts';
import { UserDirectory } from '../../examples/express-demo/users.ts';
import { EMULATED_USER } from '../../src/emulator/index.ts';
import { RedisStore } from '../../src/stores/redis.ts';
import { deleteKeysUnder, describeWithRedis, REDIS_URL, uniquePrefix } from '../stores/redis-env.ts';
import { describeWithChromium, guardServerFetch, launchChromium, type Browser } from './browser.ts';
import { demoUserId, signedInName, signInWith, signOut } from './demo-page.ts';

describeWithChromium('express demo in chromium', () => {
  describeWithRedis('with REDIS_URL', () => {
    const prefix = uniquePrefix('demo');
    let redis: Redis;
    let demo: DemoServer;
    let browser: Browser;
    let page: Page;
    const serverFetch = guardServerFetch();

    beforeAll(async () => {
      serverFetch.install();
      redis = new Redis(REDIS_URL);
      demo = await startDemo({ env: { REDIS_URL, REDIS_PREFIX: prefix, SESSION_SECRET: randomBytes(32).toString('base64url') } });
      browser = await launchChromium();
      page = await browser.context.newPage();
    });

    afterAll(async () => {
      await browser?.close();
      await demo?.close();
      if (redis) {
        await deleteKeysUnder(redis, prefix);
        await redis.quit();
      }
      serverFetch.uninstall();
    });

    const keysUnder = (space: string) => redis.keys(`${prefix}${space}:*`);

    // OAuth 1 keeps its request token in the transaction; OIDC its nonce and PKCE verifier.
    it.each(['twitter', 'google'])('signs in with %s with the transaction, the user and the token in Redis', async (id) => {
      expect(demo.storage).toBe('redis');
      await signInWith(page, demo.url, id);
      expect(await signedInName(page)).toBe(EMULATED_USER.name);
      expect(await page.locator('#api-error').allTextContents()).toEqual([]);

      const userId = await demoUserId(page);
      const users = new UserDirectory(new RedisStore({ client: redis, prefix: `${prefix}users:` }));
      expect(await users.get(userId)).toMatchObject({ id: userId, socialId: `${id}$${EMULATED_USER.id}`, provider: id });
      // The consumed transaction leaves its single-use marker behind.
      expect((await keysUnder('transactions')).length).toBeGreaterThan(0);
      const tokenKeys = (await keysUnder('tokens')).filter((key) => key.includes(encodeURIComponent(userId)));
      expect(tokenKeys).toHaveLength(1);

      await signOut(page, demo.url);
      // Signing out forgets the token; the user stays registered.
      expect(await redis.exists(tokenKeys[0]!)).toBe(0);
      expect(await users.get(userId)).toBeDefined();
    });

    it('sent no request outside 127.0.0.1', () => {
      expect(browser.offsite).toEqual([]);
      expect(serverFetch.offsite).toEqual([]);
    });
  });
});
