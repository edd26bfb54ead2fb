// Where each provider endpoint lives on the emulator, and the example values of URL variables.
// Endpoints whose manifest URL uses `{shop}`-style variables carry the example value under a `/v/` prefix,
// and the emulator checks the value it receives against the variable's pattern and example.
import type { EndpointName, ProviderManifest } from '../manifest/schema.ts';
import { URL_VARIABLE } from '../manifest/schema.ts';

export type OverrideName = EndpointName | 'issuer' | 'discovery';
export type EmulatorEndpoints = Partial<Record<OverrideName, string>>;

export type RouteName =
  | 'requestToken'
  | 'authorize'
  | 'consent'
  | 'token'
  | 'refresh'
  | 'revoke'
  | 'discovery'
  | 'jwks'
  | 'userinfo'
  | 'api';

const PATHS: Record<Exclude<RouteName, 'api'>, string> = {
  requestToken: '/oauth1/request-token',
  authorize: '/oauth/authorize',
  consent: '/oauth/consent',
  token: '/oauth/token',
  refresh: '/oauth/refresh',
  revoke: '/oauth/revoke',
  discovery: '/oidc/.well-known/openid-configuration',
  jwks: '/oidc/jwks',
  userinfo: '/oidc/userinfo',
};
const API_PREFIX = '/api/';
export const ISSUER_PATH = '/oidc';

/** The value the emulator expects for each manifest variable: its example, else its default. */
export function exampleVars(manifest: ProviderManifest): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, variable] of Object.entries(manifest.variables)) vars[name] = variable.example ?? variable.default ?? `example-${name.toLowerCase()}`;
  return vars;
}

function variablesOf(url: string | undefined): string[] {
  return url ? [...url.matchAll(URL_VARIABLE)].map((m) => m[1]!) : [];
}

function prefixFor(manifest: ProviderManifest, name: EndpointName): string {
  const used = variablesOf(manifest.endpoints[name]);
  return used.length ? `/v/${used.map((v) => `{${v}}`).join('/')}` : '';
}

export function emulatorEndpoints(manifest: ProviderManifest, origin: string, vars: Record<string, string>): EmulatorEndpoints {
  return fillVariables(placeholderEndpoints(manifest, origin), vars);
}

function placeholderEndpoints(manifest: ProviderManifest, origin: string): EmulatorEndpoints {
  const at = (name: EndpointName, path: string) => `${origin}${prefixFor(manifest, name)}${path}`;
  const endpoints: EmulatorEndpoints = {};
  const has = manifest.endpoints;
  if (manifest.protocol === 'oauth1') endpoints.requestToken = at('requestToken', PATHS.requestToken);
  if (has.authorize || manifest.protocol === 'oidc') endpoints.authorize = at('authorize', PATHS.authorize);
  endpoints.token = at('token', PATHS.token);
  if (has.refresh) endpoints.refresh = at('refresh', PATHS.refresh);
  if (has.revoke) endpoints.revoke = at('revoke', PATHS.revoke);
  if (has.userinfo || (manifest.protocol === 'oidc' && manifest.oidc?.userinfo !== false)) endpoints.userinfo = at('userinfo', PATHS.userinfo);
  if (has.api || manifest.profile?.url || Object.keys(manifest.operations).length) endpoints.api = `${origin}${prefixFor(manifest, 'api')}${API_PREFIX}`;
  if (manifest.protocol === 'oidc') {
    endpoints.issuer = `${origin}${ISSUER_PATH}`;
    endpoints.discovery = `${origin}${PATHS.discovery}`;
  }
  return endpoints;
}

function fillVariables(endpoints: EmulatorEndpoints, vars: Record<string, string>): EmulatorEndpoints {
  const filled: EmulatorEndpoints = {};
  for (const [name, url] of Object.entries(endpoints) as [OverrideName, string][]) {
    filled[name] = url.replace(URL_VARIABLE, (_all, variable: string) => encodeURIComponent(vars[variable] ?? ''));
  }
  return filled;
}

export interface RouteMatch {
  route: RouteName;
  apiPath: string;
  variables: Record<string, string>;
}

/** Which emulator route a request path hits, with the `/v/...` variable values it carried. */
export function matchRoute(manifest: ProviderManifest, pathname: string): RouteMatch {
  let path = pathname;
  const variables: Record<string, string> = {};
  if (path.startsWith('/v/')) {
    const segments = path.split('/').slice(2);
    const candidates: EndpointName[] = ['requestToken', 'authorize', 'token', 'refresh', 'revoke', 'userinfo', 'api'];
    const names = candidates.map((c) => variablesOf(manifest.endpoints[c])).find((used) => used.length && segments.length > used.length) ?? [];
    names.forEach((name, index) => (variables[name] = decodeURIComponent(segments[index] ?? '')));
    path = `/${segments.slice(names.length).join('/')}`;
  }
  for (const [route, routePath] of Object.entries(PATHS) as [Exclude<RouteName, 'api'>, string][]) {
    if (path === routePath) return { route, apiPath: '', variables };
  }
  if (path.startsWith(API_PREFIX)) return { route: 'api', apiPath: path.slice(API_PREFIX.length), variables };
  return { route: 'api', apiPath: path.replace(/^\//, ''), variables };
}

const ROUTE_ENDPOINT: Partial<Record<RouteName, EndpointName>> = {
  requestToken: 'requestToken',
  authorize: 'authorize',
  consent: 'authorize',
  token: 'token',
  refresh: 'refresh',
  revoke: 'revoke',
  userinfo: 'userinfo',
  api: 'api',
};

/** Checks the variable values a request carried against the examples and the declared patterns. */
export function checkVariables(manifest: ProviderManifest, route: RouteName, received: Record<string, string>, expected: Record<string, string>): string | undefined {
  const endpoint = ROUTE_ENDPOINT[route];
  for (const name of variablesOf(endpoint ? manifest.endpoints[endpoint] : undefined)) {
    if (!(name in received)) return `this endpoint needs the URL variable ${name}`;
  }
  for (const [name, value] of Object.entries(received)) {
    const pattern = manifest.variables[name]?.pattern;
    if (pattern && !new RegExp(`^(?:${pattern})$`).test(value)) return `URL variable ${name} does not match its pattern`;
    if (value !== expected[name]) return `URL variable ${name} is not the example value "${expected[name]}"`;
  }
  return undefined;
}
