// Turns a manifest and the app's options into the context every protocol step reads: credentials (with
// their environment fallbacks), endpoints with URL variables filled and overrides applied, and the HTTP sender.
import type { ClientOptions } from './client.ts';
import { type ClientContext, envName } from './context.ts';
import { ConfigError } from './errors.ts';
import { createHttp } from './http/request.ts';
import type { AnyProviderManifest, ProviderManifest } from './manifest/schema.ts';
import { usableManifest } from './manifest/usable.ts';
import { fillUrlVariables } from './util/template.ts';
import { isLoopbackHost } from './util/url.ts';

export function buildContext(manifest: ProviderManifest, options: ClientOptions): ClientContext {
  // Untyped callers can hand over a retired manifest, which has no endpoints to build from.
  usableManifest(manifest as AnyProviderManifest);
  const clientId = requireClientId(manifest.id, options);
  const vars = options.vars ?? {};
  const overrides = options.endpoints ?? {};
  const origins = Object.entries(options.origins ?? {}).map(([from, to]) => [new URL(from).origin, checkEndpointSecurity(to).replace(/\/$/, '')] as const);
  const rewrites: (readonly [string, string])[] = [];
  const endpoints: ClientContext['endpoints'] = {};
  for (const [name, url] of Object.entries(manifest.endpoints) as [keyof ClientContext['endpoints'], string | undefined][]) {
    if (url) endpoints[name] = fillUrlVariables(url, manifest.variables, vars);
  }
  for (const [name, url] of Object.entries(overrides)) {
    if (!url || name === 'issuer' || name === 'discovery') continue;
    const key = name as keyof ClientContext['endpoints'];
    const replacement = checkEndpointSecurity(fillUrlVariables(url, manifest.variables, vars));
    if (endpoints[key]) rewrites.push([endpoints[key]!, replacement]);
    endpoints[key] = replacement;
  }
  rewrites.push(...origins);
  for (const [name, url] of Object.entries(endpoints) as [keyof ClientContext['endpoints'], string][]) {
    if (!overrides[name]) endpoints[name] = applyOrigins(url, origins);
  }
  let issuer = overrides.issuer ?? manifest.oidc?.issuer;
  if (issuer && !overrides.issuer) issuer = fillDeclaredVariables(issuer, manifest, vars);
  const discovered =
    overrides.discovery ??
    (manifest.oidc?.discovery && !overrides.issuer ? fillUrlVariables(manifest.oidc.discovery, manifest.variables, vars) : undefined) ??
    (issuer ? `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration` : undefined);
  const discoveryUrl = discovered && !overrides.discovery ? applyOrigins(discovered, origins) : discovered;
  if (discoveryUrl) checkEndpointSecurity(discoveryUrl);
  return {
    manifest,
    clientId,
    clientSecret: options.clientSecret ?? process.env[envName(manifest.id, 'CLIENT_SECRET')],
    privateKey: options.privateKey ?? process.env[envName(manifest.id, 'PRIVATE_KEY')],
    endpoints,
    issuer,
    discoveryUrl,
    vars,
    redirectUri: options.redirectUri,
    rewrites,
    http: createHttp(options.http, options.preRequest),
  };
}

/** The client id from the options or `<ID>_CLIENT_ID`: Authlib's convention. */
export function requireClientId(id: string, options: ClientOptions): string {
  const clientId = options.clientId ?? process.env[envName(id, 'CLIENT_ID')];
  if (!clientId) throw new ConfigError('MISSING_CREDENTIALS', `${id} needs a client id: pass clientId or set ${envName(id, 'CLIENT_ID')}`);
  return clientId;
}

const warnedDeprecated = new Set<string>();

/**
 * A deprecated manifest still works; the app hears about it once per provider, through Node's warnings,
 * with the provider to move to when the manifest names one.
 */
export function warnIfDeprecated(manifest: ProviderManifest): void {
  if (manifest.status !== 'deprecated' || warnedDeprecated.has(manifest.id)) return;
  warnedDeprecated.add(manifest.id);
  const instead = manifest.replacedBy ? `use ${manifest.replacedBy} instead, ` : '';
  process.emitWarning(`the ${manifest.id} manifest is deprecated; ${instead}see ${manifest.docs}`, { code: 'OAUTH_REGISTRY_DEPRECATED_PROVIDER' });
}

function applyOrigins(url: string, origins: readonly (readonly [string, string])[]): string {
  const origin = origins.find(([from]) => url === from || url.startsWith(`${from}/`));
  return origin ? origin[1] + url.slice(origin[0].length) : url;
}

/** Issuers may keep placeholders that only the id_token can fill; fill just the declared URL variables. */
function fillDeclaredVariables(url: string, manifest: ProviderManifest, vars: Record<string, string>): string {
  return fillUrlVariables(url, manifest.variables, vars, { onlyDeclared: true });
}

/**
 * HTTPS only, loopback excepted: credentials and codes never cross the network in clear (RFC 6749 §3.1, §3.2,
 * §10.9; RFC 6750 §5.3). `where` names the URL's source in the error, e.g. "OIDC discovery token_endpoint".
 */
export function checkEndpointSecurity(url: string, where?: string): string {
  const prefix = where ? `${where}: ` : '';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('CONFIG_INVALID', `${prefix}"${url}" is not an absolute URL`);
  }
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) return url;
  throw new ConfigError('INSECURE_ENDPOINT', `${prefix}${parsed.origin} is not https; only loopback addresses may use http`);
}
