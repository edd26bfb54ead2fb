// Shared fixtures for the OAuth 1 tests: a manifest, a client context on the real HTTP helper, and a
// provider-side signature check written independently of the signer (RFC 5849 §3.4.1, §3.4.2).
import { createHmac } from 'node:crypto';
import { createHttp } from '../../src/http/request.ts';
import { Manifest, type ManifestInput, type ProviderManifest } from '../../src/manifest/schema.ts';
import type { OAuth1Context } from '../../src/oauth1/context.ts';
import { createOAuth1Signer } from '../../src/oauth1/signer.ts';

export const PROVIDER = 'https://api.example.test';
export const CLIENT = { clientId: 'client-key', clientSecret: 'client-secret' };

export function oauth1Manifest(oauth1: ManifestInput['oauth1'] = {}, extra: Partial<ManifestInput> = {}): ProviderManifest {
  return Manifest.parse({
    id: 'example-oauth1',
    name: 'Example OAuth 1',
    protocol: 'oauth1',
    docs: 'https://docs.example.test/oauth1',
    lastVerified: '2026-11-01',
    endpoints: {
      requestToken: `${PROVIDER}/oauth/request_token`,
      authorize: `${PROVIDER}/oauth/authorize`,
      token: `${PROVIDER}/oauth/access_token`,
    },
    oauth1,
    ...extra,
  });
}

export function oauth1Context(manifest: ProviderManifest): OAuth1Context {
  return {
    manifest,
    ...CLIENT,
    endpoints: { ...manifest.endpoints },
    issuer: undefined,
    discoveryUrl: undefined,
    vars: {},
    redirectUri: undefined,
    rewrites: [],
    privateKey: undefined,
    http: createHttp({ retries: 0, timeoutMs: 2_000 }),
    signer: createOAuth1Signer(manifest, CLIENT),
  };
}

/** Parses `OAuth a="b", c="d"` into decoded name/value pairs. */
export function headerParams(header: string | undefined): Record<string, string> {
  if (!header?.startsWith('OAuth ')) throw new Error('not an OAuth Authorization header');
  return Object.fromEntries([...header.matchAll(/([\w]+)="([^"]*)"/g)].map(([, name, value]) => [name!, decodeURIComponent(value!)]));
}

const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** What a provider does: rebuild the base string from the request it received and compare HMAC-SHA1. */
export function hasValidHmacSha1(method: string, url: string, header: string | undefined, body: string, tokenSecret = ''): boolean {
  const { realm: _realm, oauth_signature: signature, ...oauth } = headerParams(header);
  const parsed = new URL(url);
  const pairs = [...parsed.searchParams, ...new URLSearchParams(body), ...Object.entries(oauth)]
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
  const normalized = pairs.map(([name, value]) => `${name}=${value}`).join('&');
  const base = [method.toUpperCase(), encode(`${parsed.origin}${parsed.pathname}`), encode(normalized)].join('&');
  return createHmac('sha1', `${encode(CLIENT.clientSecret)}&${encode(tokenSecret)}`).update(base).digest('base64') === signature;
}
