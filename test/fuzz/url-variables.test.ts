// URL variables fuzzed through client creation and authorize(): any `vars` (lone surrogates, `/`, `..`, `?`,
// `#`, `@`, prototype names) either give a typed error that leaks no planted secret, or an authorization URL
// on exactly the manifest's origin and path, the value confined to its own host label, path segment or
// query parameter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { checkProperty } from './budget.ts';
import { expectTypedError, fuzzTimeout, hostileString, PLANTED, PLANTED_SECRETS } from './helpers.ts';

const REDIRECT = 'https://app.example.test/callback';

interface Layout {
  name: string;
  authorize: string;
  variables: ManifestInput['variables'];
  /** Checks an authorization URL built with `vars`; the manifest's fixed parts must be untouched. */
  check(url: URL, vars: Record<string, string>): void;
}

const LAYOUTS: Layout[] = [
  {
    name: 'a path segment',
    authorize: 'https://login.example.test/{tenant}/oauth2/authorize',
    variables: { tenant: { description: 'tenant' } },
    check(url, vars) {
      expect(url.origin).toBe('https://login.example.test');
      const [empty, tenant, ...rest] = url.pathname.split('/');
      expect([empty, ...rest]).toEqual(['', 'oauth2', 'authorize']);
      expect(decodeURIComponent(tenant!)).toBe(vars.tenant);
    },
  },
  {
    name: 'a host label',
    authorize: 'https://{shop}.shop.example.test/oauth/authorize',
    variables: { shop: { description: 'shop' } },
    check(url, vars) {
      expect(url.protocol).toBe('https:');
      expect(url.port).toBe('');
      expect(url.username + url.password).toBe('');
      expect(url.hostname).toBe(`${vars.shop!.toLowerCase()}.shop.example.test`);
      expect(url.pathname).toBe('/oauth/authorize');
    },
  },
  {
    name: 'a query parameter, beside a patterned path segment with a default',
    authorize: 'https://login.example.test/{version}/authorize?tenant={tenant}',
    variables: { tenant: { description: 'tenant' }, version: { description: 'API version', pattern: 'v\\d+', default: 'v2' } },
    check(url, vars) {
      expect(url.origin).toBe('https://login.example.test');
      expect(url.pathname).toBe(`/${vars.version ?? 'v2'}/authorize`);
      expect(url.searchParams.getAll('tenant')).toEqual([vars.tenant]);
      expect(url.hash).toBe('');
    },
  },
];

function clientFor(layout: Layout, vars: Record<string, string>): OAuthClient {
  const manifest = parseManifestObject({
    id: 'fuzzed',
    name: 'Fuzzed',
    protocol: 'oauth2',
    docs: 'https://docs.example.test/',
    lastVerified: '2026-11-23',
    variables: layout.variables,
    endpoints: { authorize: layout.authorize, token: 'https://login.example.test/token' },
  } satisfies ManifestInput);
  return new OAuthClient(manifest, { clientId: 'fuzz-client', clientSecret: PLANTED.clientSecret, redirectUri: REDIRECT, vars, http: { retries: 0 } });
}

const NAMES = ['tenant', 'shop', 'version', 'constructor', '__proto__', 'toString', 'other'] as const;

/** vars as an app might pass them: hostile values under declared, undeclared and prototype names. */
const VARS = fc
  .array(fc.tuple(fc.constantFrom(...NAMES), fc.oneof(hostileString(10), fc.constantFrom('acme', 'Acme-42', 'v3', '..', '.', '', 'a.b', 'x'.repeat(70)))), { maxLength: 4 })
  .map((entries) => {
    const vars: Record<string, string> = {};
    // defineProperty: a `__proto__` entry becomes an own key, as JSON.parse would make it.
    for (const [name, value] of entries) Object.defineProperty(vars, name, { value, enumerable: true, writable: true, configurable: true });
    return vars;
  });

describe('URL variables fuzz', () => {
  it('builds an authorization URL on the manifest origin and path, or refuses with a typed error', async () => {
    await checkProperty(
      'URL variables: authorize()',
      0x5eed11,
      fc.asyncProperty(fc.constantFrom(...LAYOUTS), VARS, async (layout, vars) => {
        let url: string;
        try {
          url = (await clientFor(layout, vars).authorize()).url;
        } catch (error) {
          expectTypedError(error);
          return;
        }
        for (const secret of PLANTED_SECRETS) expect(url).not.toContain(secret);
        layout.check(new URL(url), vars);
      }),
      { timeout: 2000 },
    );
  }, fuzzTimeout());
});
