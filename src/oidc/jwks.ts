// The provider's signing keys (RFC 7517 JWK Set) by jwks_uri: cached, fetched once for any number of
// concurrent verifications, and fetched again on an unknown kid at most once per cooldown.
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { ClientContext } from '../context.ts';
import { ResponseError, redactUrl } from '../errors.ts';
import { singleFlight } from '../util/single-flight.ts';

const JWKS_REFETCH_COOLDOWN_MS = 30_000; // bounds refetches that forged kids can trigger
type KeySet = ReturnType<typeof createLocalJWKSet>;
const jwksCache = new Map<string, { keys: KeySet; fetchedAt: number }>();
/** Fetches under way, by URI: concurrent verifications on a cold cache share one. A failure is not kept. */
const jwksFlight = singleFlight<KeySet>();

/** `force`: the cached keys lack the token's kid (the provider may have rotated them). */
export async function loadJwks(context: ClientContext, uri: string, force: boolean): Promise<KeySet> {
  const hit = jwksCache.get(uri);
  if (hit && (!force || Date.now() - hit.fetchedAt < JWKS_REFETCH_COOLDOWN_MS)) return hit.keys;
  return jwksFlight(uri, () => fetchJwks(context, uri));
}

async function fetchJwks(context: ClientContext, uri: string): Promise<KeySet> {
  const response = await context.http({ method: 'GET', url: uri, contentType: 'json' });
  const body = response.data as JSONWebKeySet | undefined;
  if (response.status !== 200 || !body || !Array.isArray(body.keys)) {
    throw new ResponseError('DISCOVERY_FAILED', `the JWKS at ${redactUrl(uri)} answered HTTP ${response.status} without keys`, response.status);
  }
  const keys = createLocalJWKSet(body);
  jwksCache.set(uri, { keys, fetchedAt: Date.now() });
  return keys;
}

export function clearJwksCache(): void {
  jwksCache.clear();
}
