// OpenID Connect Discovery 1.0 §4: the provider's metadata, cached per URL for an hour.
import { checkEndpointSecurity } from '../client-context.ts';
import type { ClientContext } from '../context.ts';
import { ResponseError, redactUrl } from '../errors.ts';
import { singleFlight } from '../util/single-flight.ts';

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  userinfo_endpoint?: string;
  jwks_uri?: string;
  revocation_endpoint?: string;
  [key: string]: unknown;
}

const TTL_MS = 60 * 60 * 1000;
const cache = new Map<string, { metadata: ProviderMetadata; expires: number }>();
/** Fetches under way, by URL: a burst of sign-ins on a cold cache makes one request. A failure is not kept. */
const metadataFlight = singleFlight<ProviderMetadata>();

export async function discover(context: ClientContext): Promise<ProviderMetadata> {
  const url = context.discoveryUrl;
  if (!url) throw new ResponseError('DISCOVERY_FAILED', `${context.manifest.id} has no OIDC issuer to discover`);
  const hit = cache.get(url);
  const metadata = hit && hit.expires > Date.now() ? hit.metadata : await sharedFetch(context, url);
  // §4.3: the metadata must name the issuer it was fetched for. Checked per client, as clients expecting
  // different issuers may share a URL (and its cache entry). Templated (multi-tenant) issuers are checked per id_token.
  if (context.issuer && !context.issuer.includes('{') && metadata.issuer !== context.issuer) {
    throw new ResponseError('DISCOVERY_FAILED', `OIDC discovery at ${redactUrl(url)} names issuer ${metadata.issuer}, expected ${context.issuer}`);
  }
  return metadata;
}

function sharedFetch(context: ClientContext, url: string): Promise<ProviderMetadata> {
  return metadataFlight(url, () => fetchMetadata(context, url));
}

async function fetchMetadata(context: ClientContext, url: string): Promise<ProviderMetadata> {
  const response = await context.http({ method: 'GET', url, contentType: 'json' }).catch((cause: unknown) => {
    throw new ResponseError('DISCOVERY_FAILED', `OIDC discovery at ${redactUrl(url)} failed`, undefined, { cause });
  });
  const metadata = response.data as ProviderMetadata;
  if (response.status !== 200 || typeof metadata !== 'object' || metadata === null || typeof metadata.issuer !== 'string') {
    throw new ResponseError('DISCOVERY_FAILED', `OIDC discovery at ${redactUrl(url)} answered HTTP ${response.status} without an issuer`, response.status);
  }
  checkMetadataEndpoints(metadata, url);
  cache.set(url, { metadata, expires: Date.now() + TTL_MS });
  return metadata;
}

/** Endpoints that get credentials (or, for jwks_uri, the keys we trust) must be https like configured ones. */
const CHECKED_ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'revocation_endpoint', 'pushed_authorization_request_endpoint'] as const;

function checkMetadataEndpoints(metadata: ProviderMetadata, url: string): void {
  for (const name of CHECKED_ENDPOINTS) {
    const value = metadata[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new ResponseError('DISCOVERY_FAILED', `OIDC discovery at ${redactUrl(url)} lists a ${name} that is not a string`);
    checkEndpointSecurity(value, `OIDC discovery at ${redactUrl(url)} lists ${name}`);
  }
}

export function clearDiscoveryCache(): void {
  cache.clear();
}
