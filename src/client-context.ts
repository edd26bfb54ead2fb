// Turns a manifest and the app's options into the context every protocol step reads: credentials (with
// their environment fallbacks), endpoints with URL variables filled and overrides applied, and the HTTP sender.
import type { ClientOptions } from './client.ts';
import { type ClientContext, envName } from './context.ts';
import { ConfigError } from './errors.ts';
import { createHttp } from './http/request.ts';
import type { AnyProviderManifest, ProviderManifest } from './manifest/schema.ts';
import { usableManifest } from './manifest/usable.ts';
import { fillUrlVariables } from './util/template.ts';
import { readPath } from './util/path.ts';
import { isLoopbackHost } from './util/url.ts';

export function buildContext(manifest: ProviderManifest, options: ClientOptions): ClientContext {
  // Untyped callers can hand over a retired manifest, which has no endpoints to build from.
  usableManifest(manifest as AnyProviderManifest);
  const clientId = requireClientId(manifest.id, options);
  const vars = options.vars ?? {};
  const overrides = options.endpoints ?? {};
  // Variables the provider fills during sign-in stay as placeholders until a callback or token is at hand.
  const leave = providerVariables(manifest);
  const origins = Object.entries(options.origins ?? {}).map(([from, to]) => [new URL(from).origin, checkEndpointSecurity(to).replace(/\/$/, '')] as const);
  const rewrites: (readonly [string, string])[] = [];
  const endpoints: ClientContext['endpoints'] = {};
  for (const [name, url] of Object.entries(manifest.endpoints) as [keyof ClientContext['endpoints'], string | undefined][]) {
    if (url) endpoints[name] = fillUrlVariables(url, manifest.variables, vars, { leave });
  }
  for (const [name, url] of Object.entries(overrides)) {
    if (!url || name === 'issuer' || name === 'discovery') continue;
    const key = name as keyof ClientContext['endpoints'];
    const filled = fillUrlVariables(url, manifest.variables, vars, { leave });
    const replacement = URL_VARIABLE_AT_START.test(filled) ? filled : checkEndpointSecurity(filled);
    if (endpoints[key]) rewrites.push([endpoints[key]!, replacement]);
    endpoints[key] = replacement;
  }
  rewrites.push(...origins);
  for (const [name, url] of Object.entries(endpoints) as [keyof ClientContext['endpoints'], string][]) {
    if (!overrides[name] && !hasPlaceholder(url)) endpoints[name] = applyOrigins(url, origins);
  }
  let issuer = overrides.issuer ?? manifest.oidc?.issuer;
  // An override may hold the manifest's variables too (an emulator's templated issuer); claims stay for the id_token.
  if (issuer) issuer = fillDeclaredVariables(issuer, manifest, vars);
  const discovered =
    (overrides.discovery ? fillDeclaredVariables(overrides.discovery, manifest, vars) : undefined) ??
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

const URL_VARIABLE_AT_START = /^\{/;

function hasPlaceholder(url: string): boolean {
  return url.includes('{');
}

/** The variables whose value the provider sends (variables.<name>.from), by name. */
export function providerVariables(manifest: ProviderManifest): ReadonlySet<string> {
  return new Set(Object.entries(manifest.variables).flatMap(([name, variable]) => (variable.from ? [name] : [])));
}

/** Where provider-sent values come from: the callback being completed, or a token (whose raw fields keep them). */
export interface VariableSource {
  callback?: Record<string, string> | undefined;
  token?: Record<string, unknown> | undefined;
}

/**
 * `url` with the variables the provider sent filled in (checked against their patterns like any variable),
 * then the client's origin rewrites and the https check. A URL without such variables is returned as it is.
 */
export function resolveProviderUrl(context: ClientContext, url: string, source: VariableSource): string {
  if (!hasPlaceholder(url)) return url;
  const values: Record<string, string> = {};
  for (const [name, variable] of Object.entries(context.manifest.variables)) {
    const from = variable.from;
    if (!from) continue;
    const value = 'callback' in from ? (source.callback?.[from.callback] ?? source.token?.[from.callback]) : readPath(source.token, from.token);
    if (typeof value === 'string') values[name] = value;
    else if (url.includes(`{${name}}`)) {
      const where = 'callback' in from ? `the callback's ${from.callback} parameter` : `the token's ${from.token} field`;
      throw new ConfigError('MISSING_VARIABLE', `${context.manifest.id}: ${url} needs ${where} (variables.${name}), which is not at hand: pass the TokenSet the sign-in returned`);
    }
  }
  const filled = fillUrlVariables(url, context.manifest.variables, values);
  return checkEndpointSecurity(applyOrigins(filled, originRewrites(context)));
}

function originRewrites(context: ClientContext): readonly (readonly [string, string])[] {
  return context.rewrites.filter(([from]) => /^https?:\/\/[^/]+$/.test(from));
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
