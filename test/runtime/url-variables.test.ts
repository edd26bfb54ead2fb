// URL variables (`vars`) come from the app, often from its users (a shop name, a tenant): whatever their
// value, the client either refuses it with a ConfigError naming the variable, or builds a URL on the
// manifest's own origin and under its own path prefix.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { baseManifest, clientFor } from './helpers.ts';

const inPath = baseManifest({
  variables: { tenant: { description: 'tenant id' } },
  endpoints: { authorize: 'https://login.example.test/{tenant}/oauth2/authorize', token: 'https://login.example.test/{tenant}/oauth2/token' },
});
const inHost = baseManifest({
  variables: { shop: { description: 'shop subdomain' } },
  endpoints: { authorize: 'https://{shop}.shop.example.test/oauth/authorize', token: 'https://{shop}.shop.example.test/oauth/token' },
});

function refusal(build: () => unknown): ConfigError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('URL variables', () => {
  it('refuses a lone surrogate with a ConfigError naming the variable, not a URIError', () => {
    const error = refusal(() => clientFor(inPath, { vars: { tenant: 'a\uD800b' } }));
    expect(error.code).toBe('MISSING_VARIABLE');
    expect(error.message).toBe('vars.tenant is not well-formed Unicode (it holds a lone surrogate)');
  });

  it('keeps a well-formed pair of surrogates (an emoji), encoded', async () => {
    const { url } = await clientFor(inPath, { vars: { tenant: 'x\u{1F600}' } }).authorize();
    expect(new URL(url).pathname).toBe('/x%F0%9F%98%80/oauth2/authorize');
  });

  it.each(['..', '.', ''])('refuses %j, which would leave the path prefix', (tenant) => {
    const error = refusal(() => clientFor(inPath, { vars: { tenant } }));
    expect(error.message).toBe('vars.tenant cannot be empty, "." or ".."');
  });

  it('encodes / ? # @ % inside one path segment', async () => {
    const { url } = await clientFor(inPath, { vars: { tenant: 'a/../b?c#d@e%f' } }).authorize();
    const parsed = new URL(url);
    expect(parsed.origin).toBe('https://login.example.test');
    expect(parsed.pathname).toBe('/a%2F..%2Fb%3Fc%23d%40e%25f/oauth2/authorize');
  });

  it.each(['evil.example.test#', 'evil.example.test/', 'a.b', 'user@evil', '-x', 'x'.repeat(64)])('refuses %j in a host name', (shop) => {
    const error = refusal(() => clientFor(inHost, { vars: { shop } }));
    expect(error.message).toMatch(/^vars\.shop sits in the host name, so it must be one DNS label/);
    expect(error.message).not.toContain(shop);
  });

  it('accepts a DNS label in a host name', async () => {
    const { url } = await clientFor(inHost, { vars: { shop: 'Acme-42' } }).authorize();
    expect(new URL(url).origin).toBe('https://acme-42.shop.example.test');
  });

  it('does not take a value from Object.prototype for a variable named like one of its properties', () => {
    const manifest = baseManifest({
      variables: { constructor: { description: 'unlucky name' } },
      endpoints: { authorize: 'https://login.example.test/{constructor}/authorize', token: 'https://login.example.test/{constructor}/token' },
    });
    expect(refusal(() => clientFor(manifest)).code).toBe('MISSING_VARIABLE');
  });

  it('refuses a value that is not a string', () => {
    const error = refusal(() => clientFor(inPath, { vars: { tenant: 42 as unknown as string } }));
    expect(error.message).toBe('vars.tenant must be a string');
  });
});
