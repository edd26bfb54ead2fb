// Where each provider endpoint lives on the emulator, and the example values of URL variables.
// An endpoint whose manifest URL has no variable sits at a fixed path (/oauth/token). One with variables is
// served under /e/<endpoint>/ followed by the manifest URL itself, host included, placeholders and all: the
// client fills them as it would for the real provider (from vars, or from the callback or token), and the
// emulator reads the values back and checks them against the variables' patterns and examples. A URL that a
// provider-sent origin opens ({instance_url}/services/…), or an absolute API URL on another host, is reached
// through the client's `origins` option, which maps that origin to /o/<name>/ here.
import type { EndpointName, ProviderManifest } from '../manifest/schema.ts';
import { URL_VARIABLE } from '../manifest/schema.ts';
import { fillUrlVariables } from '../util/template.ts';

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
  | 'registration'
  | 'deviceAuthorization'
  | 'deviceVerification'
  | 'pushedAuthorization'
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
  registration: '/oauth/register',
  deviceAuthorization: '/oauth/device',
  deviceVerification: '/device',
  pushedAuthorization: '/oauth/par',
};
const API_PREFIX = '/api/';
const TEMPLATED_PREFIX = '/e/';
const ORIGIN_PREFIX = '/o/';
export const ISSUER_PATH = '/oidc';

const ENDPOINT_ROUTES = ['requestToken', 'authorize', 'token', 'refresh', 'revoke', 'userinfo', 'jwks', 'registration', 'deviceAuthorization', 'pushedAuthorization', 'api'] as const satisfies readonly EndpointName[];

/** The value the emulator expects for each manifest variable: its example, else its default. */
export function expectedVars(manifest: ProviderManifest): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, variable] of Object.entries(manifest.variables)) {
    // An optional variable is left out, so that clients must drop its path segment.
    if (variable.optional) continue;
    vars[name] = variable.example ?? variable.default ?? `example-${name.toLowerCase()}`;
  }
  return vars;
}

/**
 * What a client passes as `vars`: the expected values, minus those the provider sends during sign-in (the
 * client must take them from the callback or the token) and minus optional ones without an example (the
 * client must drop their path segment).
 */
export function exampleVars(manifest: ProviderManifest): Record<string, string> {
  const vars = expectedVars(manifest);
  for (const [name, variable] of Object.entries(manifest.variables)) if (variable.from) delete vars[name];
  return vars;
}

/** The manifest variables (not id_token claims: oidc.issuerVariables) a URL uses. */
function appVariablesOf(manifest: ProviderManifest, url: string): string[] {
  return variablesOf(url).filter((name) => Object.hasOwn(manifest.variables, name));
}

function variablesOf(url: string | undefined): string[] {
  return url ? [...url.matchAll(URL_VARIABLE)].map((m) => m[1]!) : [];
}

/** `{instance_url}/services/…`: the name of the origin-valued variable a URL opens with. */
function openingVariable(url: string | undefined): string | undefined {
  return url ? /^\{([a-zA-Z][a-zA-Z0-9_]*)\}/.exec(url)?.[1] : undefined;
}

export interface EmulatorLayout {
  /** Endpoint overrides for the client; templated ones keep their `{placeholders}`. */
  endpoints: EmulatorEndpoints;
  /** The same with the expected values filled in: where a client that did its job ends up. */
  filledEndpoints: EmulatorEndpoints;
  /** Origins the client must send here instead: `origins` client option. */
  origins: Record<string, string>;
}

export function emulatorLayout(manifest: ProviderManifest, origin: string, vars: Record<string, string>): EmulatorLayout {
  const endpoints: EmulatorEndpoints = {};
  const origins: Record<string, string> = {};
  for (const name of servedEndpoints(manifest)) {
    const template = manifest.endpoints[name];
    const opening = openingVariable(template);
    if (opening) {
      const example = manifest.variables[opening]?.example;
      if (example) origins[new URL(example).origin] = `${origin}${ORIGIN_PREFIX}${opening}`;
      continue;
    }
    if (template && variablesOf(template).length) endpoints[name] = `${origin}${TEMPLATED_PREFIX}${name}/${template.replace(/^https?:\/\//, '')}`;
    else endpoints[name] = name === 'api' ? `${origin}${API_PREFIX}` : `${origin}${PATHS[name]}`;
  }
  if (manifest.protocol === 'oidc') {
    // An issuer with the app's variables in it is served as written, for the client to fill (and discover under).
    const issuer = manifest.oidc!.issuer;
    if (appVariablesOf(manifest, issuer).length) endpoints.issuer = `${origin}${TEMPLATED_PREFIX}issuer/${issuer.replace(/^https?:\/\//, '').replace(/\/$/, '')}`;
    else {
      endpoints.issuer = `${origin}${ISSUER_PATH}`;
      endpoints.discovery = `${origin}${PATHS.discovery}`;
    }
  }
  foreignApiOrigins(manifest).forEach((foreign, index) => (origins[foreign] ??= `${origin}${ORIGIN_PREFIX}${index}`));
  const filledEndpoints: EmulatorEndpoints = {};
  for (const [name, url] of Object.entries(endpoints) as [OverrideName, string][]) filledEndpoints[name] = fillUrlVariables(url, manifest.variables, vars);
  return { endpoints, filledEndpoints, origins };
}

function servedEndpoints(manifest: ProviderManifest): (typeof ENDPOINT_ROUTES)[number][] {
  const has = manifest.endpoints;
  const oidc = manifest.protocol === 'oidc';
  return ENDPOINT_ROUTES.filter((name) => {
    switch (name) {
      case 'requestToken':
        return manifest.protocol === 'oauth1';
      case 'authorize':
        return Boolean(has.authorize) || oidc;
      case 'token':
        return true;
      case 'userinfo':
        return Boolean(has.userinfo) || (oidc && manifest.oidc?.userinfo !== false);
      case 'api':
        return Boolean(has.api || manifest.profile?.url || Object.keys(manifest.operations).length);
      case 'deviceAuthorization':
        // OIDC providers may publish it in discovery only.
        return Boolean(has.deviceAuthorization) || (oidc && manifest.grants.includes('device_code'));
      case 'pushedAuthorization':
        // OIDC providers may publish it in discovery only.
        return Boolean(has.pushedAuthorization) || (oidc && manifest.authorization.par !== undefined);
      default:
        return Boolean(has[name]);
    }
  });
}

/** Origins of absolute API URLs (profile, its steps, operations, token lookup) that are not the API base's. */
function foreignApiOrigins(manifest: ProviderManifest): string[] {
  const base = manifest.endpoints.api;
  const baseOrigin = base && !variablesOf(base).length ? new URL(base).origin : undefined;
  const urls = [manifest.profile?.url, ...(manifest.profile?.before ?? []).map((s) => s.url), ...(manifest.profile?.after ?? []).map((s) => s.url), manifest.token.lookup?.url, ...Object.values(manifest.operations).map((op) => op.path)];
  const origins = new Set<string>();
  for (const url of urls) {
    const origin = url ? /^https:\/\/[^/?#]+/.exec(url)?.[0] : undefined;
    // A host with a variable in it is the API base's business, not a fixed foreign origin.
    if (origin && !origin.includes('{') && origin !== baseOrigin) origins.add(new URL(origin).origin);
  }
  return [...origins].sort();
}

export interface RouteMatch {
  route: RouteName;
  /** For the API: the path relative to endpoints.api, or (reached through an origin) the path on that origin. */
  apiPath: string;
  variables: Record<string, string>;
}

/** Which emulator route a request path hits, with the variable values the path carried. */
export function matchRoute(manifest: ProviderManifest, pathname: string): RouteMatch {
  if (pathname.startsWith(`${TEMPLATED_PREFIX}issuer/`) && manifest.oidc) {
    // Discovery and the JWKS live under a templated issuer, as the client derives them from it.
    const rest = pathname.slice(`${TEMPLATED_PREFIX}issuer/`.length);
    const issuer = manifest.oidc.issuer.replace(/^https?:\/\//, '').replace(/\/$/, '');
    for (const [suffix, route] of [['/.well-known/openid-configuration', 'discovery'], ['/jwks', 'jwks']] as const) {
      const matched = rest.endsWith(suffix) ? matchTemplate(issuer, rest.slice(0, -suffix.length), false) : undefined;
      if (matched) return { route, apiPath: '', variables: matched.variables };
    }
    return { route: 'api', apiPath: pathname.slice(1), variables: {} };
  }
  if (pathname.startsWith(TEMPLATED_PREFIX)) {
    const [name, ...rest] = pathname.slice(TEMPLATED_PREFIX.length).split('/');
    const template = manifest.endpoints[name as EndpointName];
    if (template) {
      const matched = matchTemplate(template.replace(/^https?:\/\//, ''), rest.join('/'), name === 'api');
      if (matched) return { route: name as RouteName, ...matched };
    }
    return { route: 'api', apiPath: pathname.slice(1), variables: {} };
  }
  if (pathname.startsWith(ORIGIN_PREFIX)) {
    const [key, ...rest] = pathname.slice(ORIGIN_PREFIX.length).split('/');
    const remainder = `/${rest.join('/')}`;
    for (const name of ENDPOINT_ROUTES) {
      const template = manifest.endpoints[name];
      if (openingVariable(template) !== key) continue;
      const matched = matchTemplate(template!.slice(key!.length + 2).replace(/^\//, ''), remainder.slice(1), name === 'api');
      if (matched) return { route: name, apiPath: matched.apiPath, variables: matched.variables };
    }
    // An absolute API URL on another host: the path on that host, which the API routes compare with.
    return { route: 'api', apiPath: remainder.slice(1), variables: {} };
  }
  for (const [route, routePath] of Object.entries(PATHS) as [Exclude<RouteName, 'api'>, string][]) {
    if (pathname === routePath) return { route, apiPath: '', variables: {} };
  }
  if (pathname.startsWith(API_PREFIX)) return { route: 'api', apiPath: pathname.slice(API_PREFIX.length), variables: {} };
  return { route: 'api', apiPath: pathname.replace(/^\//, ''), variables: {} };
}

/**
 * `path` against a manifest URL template without its scheme: variables (which may hold dots, and optional
 * ones nothing) are read back; an API template takes any path after it as the API path.
 */
function matchTemplate(template: string, path: string, api: boolean): { apiPath: string; variables: Record<string, string> } | undefined {
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const match of template.matchAll(URL_VARIABLE)) {
    source += escapeRegExp(template.slice(last, match.index));
    names.push(match[1]!);
    // An optional variable left empty takes its slash away with it.
    source = source.endsWith('/') ? `${source.slice(0, -1)}(?:/([^/]*))?` : `${source}([^/]*)`;
    last = match.index! + match[0].length;
  }
  source += escapeRegExp(template.slice(last).replace(/\?.*$/, ''));
  const matched = new RegExp(`^${source}${api ? '(.*)' : ''}$`).exec(path);
  if (!matched) return undefined;
  const variables: Record<string, string> = {};
  names.forEach((name, index) => (variables[name] = decodeURIComponent(matched[index + 1] ?? '')));
  return { apiPath: api ? (matched[names.length + 1] ?? '') : '', variables };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ROUTE_ENDPOINT: Partial<Record<RouteName, EndpointName>> = {
  requestToken: 'requestToken',
  authorize: 'authorize',
  consent: 'authorize',
  token: 'token',
  refresh: 'refresh',
  revoke: 'revoke',
  userinfo: 'userinfo',
  jwks: 'jwks',
  registration: 'registration',
  deviceAuthorization: 'deviceAuthorization',
  pushedAuthorization: 'pushedAuthorization',
  api: 'api',
};

/** Checks the variable values a request carried against the examples and the declared patterns. */
export function checkVariables(manifest: ProviderManifest, route: RouteName, received: Record<string, string>, expected: Record<string, string>): string | undefined {
  const endpoint = ROUTE_ENDPOINT[route];
  const template = endpoint ? manifest.endpoints[endpoint] : undefined;
  if (!Object.keys(received).length && !openingVariable(template)) return undefined;
  for (const name of variablesOf(template)) {
    if (name === openingVariable(template)) continue;
    const variable = manifest.variables[name];
    if (!(name in received) && !variable?.optional) return `this endpoint needs the URL variable ${name}`;
  }
  for (const [name, value] of Object.entries(received)) {
    const variable = manifest.variables[name];
    if (variable?.optional && value === '' && expected[name] === undefined) continue;
    if (variable?.pattern && !new RegExp(`^(?:${variable.pattern})$`).test(value)) return `URL variable ${name} does not match its pattern`;
    if (value.toLowerCase() !== expected[name]?.toLowerCase()) return `URL variable ${name} is not the example value "${expected[name] ?? ''}"`;
  }
  return undefined;
}
