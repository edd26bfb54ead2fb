// Debian's chromium under playwright-core, for the browser tests: a fresh profile per launch, and a
// guard that aborts (and records) every page request that would leave this machine.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { describe, vi } from 'vitest';
import { isLoopbackHost } from '../../src/manifest/schema.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const available = existsSync(CHROMIUM_PATH);
if (!available) {
  const hint = `${CHROMIUM_PATH} is missing; install Debian's chromium with \`bash .ci/chromium.sh\``;
  // In CI a missing browser is a broken setup, never a quiet pass.
  if (process.env.CI) throw new Error(`Browser tests cannot run: ${hint}`);
  console.warn(`Skipping browser tests: ${hint}`);
}

/** `describe` when chromium is installed, `describe.skip` otherwise (outside CI). */
export const describeWithChromium = describe.skipIf(!available);

export interface Browser {
  context: BrowserContext;
  /** URLs of page requests that were aborted because they were not for a loopback address. */
  offsite: string[];
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'oauth-registry-chromium-'));
  const removeProfile = () => rmSync(profileDir, { recursive: true, force: true });
  try {
    const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // A missing element fails its test in seconds, well inside the test timeout.
    context.setDefaultTimeout(10_000);
    const offsite: string[] = [];
    // Tests never reach the internet, whatever a page links to.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || isLoopbackHost(url.hostname)) return route.continue();
      offsite.push(url.origin + url.pathname);
      return route.abort('blockedbyclient');
    });
    return {
      context,
      offsite,
      close: async () => {
        await context.close();
        removeProfile();
      },
    };
  } catch (error) {
    removeProfile();
    throw error;
  }
}

/**
 * The demo runs in the test's process and the SDK's HTTP goes through global fetch: while installed,
 * anything not for a loopback address is refused and recorded in `offsite`.
 */
export function guardServerFetch() {
  const offsite: string[] = [];
  return {
    offsite,
    install() {
      const realFetch = globalThis.fetch;
      vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(input instanceof Request ? input.url : input);
        if (isLoopbackHost(url.hostname)) return realFetch(input, init);
        offsite.push(url.origin + url.pathname);
        return Promise.reject(new TypeError('browser tests allow loopback requests only'));
      });
    },
    uninstall: () => vi.unstubAllGlobals(),
  };
}
