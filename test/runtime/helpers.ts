import nock from 'nock';
import { afterEach, beforeAll, afterAll } from 'vitest';
import { OAuthClient, type ClientOptions } from '../../src/client.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import type { ManifestInput } from '../../src/manifest/schema.ts';

export const ORIGIN = 'https://id.example.test';
export const API = 'https://api.example.test';
export const REDIRECT = 'https://app.example.test/callback';
export const CLIENT = { clientId: 'client-123', clientSecret: 'very-secret-value' };

/** A plain RFC 6749 provider; tests switch one field at a time and watch the wire change. */
export function baseManifest(overrides: Partial<ManifestInput> = {}): ManifestInput {
  return {
    id: 'example',
    name: 'Example',
    protocol: 'oauth2',
    docs: 'https://docs.example.test/oauth',
    lastVerified: '2026-11-23',
    endpoints: { authorize: `${ORIGIN}/authorize`, token: `${ORIGIN}/token`, revoke: `${ORIGIN}/revoke`, api: `${API}/v1/` },
    profile: { url: 'me', fields: { id: 'id', name: 'name', email: 'email', username: 'login', avatar: 'avatar_url' } },
    ...overrides,
  };
}

export function clientFor(manifest: ManifestInput, options: ClientOptions = {}): OAuthClient {
  return new OAuthClient(parseManifestObject(manifest), { ...CLIENT, redirectUri: REDIRECT, http: { retries: 0 }, ...options });
}

/** Disallow real network and reset interceptors between tests. */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

/** Runs authorize, then answers the callback with `code` for the transaction's state. */
export async function signIn(client: OAuthClient, code = 'auth-code-1') {
  const { url, transaction } = await client.authorize();
  const callback = `${REDIRECT}?code=${code}&state=${transaction.state}`;
  return { url: new URL(url), transaction, callback };
}

export function tokenReply(extra: Record<string, unknown> = {}) {
  return { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-1', ...extra };
}
