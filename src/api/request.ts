// Protected-resource requests (RFC 6750): the manifest says where the token goes, which headers and query
// parameters every call carries, and how to parse what comes back.
import { checkEndpointSecurity, resolveProviderUrl } from '../client-context.ts';
import type { ClientContext } from '../context.ts';
import { rewriteUrl, templateScope } from '../context.ts';
import { ConfigError, HttpError } from '../errors.ts';
import type { ContentTypeName } from '../manifest/schema.ts';
import type { ApiResponse, TokenSet } from '../types.ts';
import { scrubSecrets } from '../util/scrub.ts';
import { fillParams } from '../util/template.ts';
import { type HeaderRecord, setHeader } from '../http/header-record.ts';
import { applyHeaderTransforms } from './transforms.ts';
import { signatureParams, type SigningKeys } from './signing.ts';

export type QueryValue = string | number | boolean | undefined;

export interface ApiRequestOptions {
  /** A TokenSet, or a bare access token (no TokenSet is built for it). */
  token?: TokenSet | string | undefined;
  query?: Record<string, QueryValue>;
  json?: unknown;
  form?: Record<string, string | number | boolean>;
  body?: string;
  headers?: Record<string, string>;
  /** Parse the answer as this type whatever its Content-Type says. */
  contentType?: ContentTypeName;
  /** Leave out api.headers and api.query (their placeholders may need what this call fetches). */
  withoutApiDefaults?: boolean;
}

/** Signs an OAuth 1 request; set by the client for oauth1 manifests. */
export type RequestSigner = (request: { method: string; url: URL; form?: Record<string, string> }, token: TokenSet | string) => string | Promise<string>;

/**
 * The URL a call goes to; it carries the token, so it must be https like every endpoint (RFC 6750 §5.3). An API
 * base holding a variable the provider sent (an instance URL, a data centre) is filled from the token.
 */
export function resolveApiUrl(context: ClientContext, path: string, token?: TokenSet | string): URL {
  if (/^https?:\/\//i.test(path)) {
    // An absolute path names its own host, so it is checked here; the API base was checked with the client.
    const url = new URL(rewriteUrl(context, path));
    checkEndpointSecurity(url.href, `${context.manifest.id} API call`);
    return url;
  }
  const template = context.endpoints.api;
  if (!template) throw new ConfigError('UNSUPPORTED', `${context.manifest.id} has no endpoints.api to resolve "${path}" against`);
  const base = template.includes('{') ? resolveProviderUrl(context, template, { token: token === undefined ? undefined : tokenFields(token) }) : template;
  const url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  // A relative path that resolves to another origin ('///evil.example/x', 'http:evil.example') would carry
  // the token there: only an absolute URL may name another host.
  if (url.origin !== originOf(base)) {
    throw new ConfigError('CONFIG_INVALID', `${context.manifest.id}: the API path resolves outside ${originOf(base)}; pass an absolute URL to call another host`);
  }
  return url;
}

const origins = new Map<string, string>();
function originOf(base: string): string {
  let origin = origins.get(base);
  if (origin === undefined) origins.set(base, (origin = new URL(base).origin));
  return origin;
}

export async function apiRequest<T = unknown>(
  context: ClientContext,
  method: string,
  path: string,
  options: ApiRequestOptions,
  signer?: RequestSigner,
): Promise<ApiResponse<T>> {
  const { api } = context.manifest;
  const url = resolveApiUrl(context, path, options.token);
  const headers: HeaderRecord = {};
  if (!options.withoutApiDefaults) {
    const defaults = apiDefaults(context, options.token);
    for (const name in defaults.headers) setHeader(headers, name, defaults.headers[name]!, 'api.headers');
    for (const name in defaults.query) url.searchParams.set(name, defaults.query[name]!);
  }
  for (const name in options.headers) setHeader(headers, name, options.headers[name]!, 'request headers');
  for (const name in options.query) {
    const value = options.query[name];
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  const form = options.form ? Object.fromEntries(Object.entries(options.form).map(([k, v]) => [k, String(v)])) : undefined;
  if (options.token !== undefined) {
    // Only OAuth 1 signs, and its signer loads on first use; the common case stays synchronous.
    if (signer) headers.authorization = await signer({ method, url, ...(form ? { form } : {}) }, options.token);
    else placeToken(context, url, headers, options.token, form);
  }

  // api.signing: a signature over every parameter of the call, added where the parameters travel.
  if (api.signing) {
    const signed = signatureParams(api.signing, { ...Object.fromEntries(url.searchParams), ...form }, signingKeys(context, options.token === undefined ? undefined : tokenFields(options.token), 'api.signing'));
    for (const [name, value] of Object.entries(signed)) {
      if (form) form[name] = value;
      else url.searchParams.set(name, value);
    }
  }

  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (form) {
    body = new URLSearchParams(form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const outgoing = api.transforms.length ? applyHeaderTransforms(new Headers(headers), api.transforms) : headers;
  const outgoingRequest = { method, url, headers: outgoing, body, contentType: options.contentType ?? api.contentType };
  const boundToken = dpopBoundToken(options.token);
  const response = boundToken === undefined
    ? await context.http(outgoingRequest)
    : await (await import('../dpop/send.ts')).sendWithDpop(context, () => outgoingRequest, { kind: 'resource', where: `${context.manifest.name} API (${url.origin})`, accessToken: boundToken });
  if (response.status < 200 || response.status > 299) {
    // The URL may carry the token under a parameter name of the manifest's choosing, and a provider may quote
    // the token back in its error body: both are kept for the caller, without what this request sent.
    const token = options.token;
    const sent = typeof token === 'string' ? [token, context.clientSecret] : [token?.accessToken, token?.tokenSecret, context.clientSecret];
    throw new HttpError(response.status, scrubSecrets(url.href, sent), scrubSecrets(response.data, sent));
  }
  return { status: response.status, headers: response.headers, data: response.data as T };
}

interface ApiDefaults {
  headers: Record<string, string>;
  query: Record<string, string>;
}

/** Manifest values that read no token are filled once per client; only token-dependent ones every call. */
const staticDefaults = new WeakMap<ClientContext, { fixed: ApiDefaults; perToken: ApiDefaults | undefined }>();

function apiDefaults(context: ClientContext, token: TokenSet | string | undefined): ApiDefaults {
  let split = staticDefaults.get(context);
  if (!split) {
    const { headers, query } = context.manifest.api;
    const pick = (params: Record<string, string | number | boolean>, dynamic: boolean) =>
      Object.fromEntries(Object.entries(params).filter(([, value]) => readsToken(value) === dynamic).map(([name, value]) => [name, String(value)]));
    const scope = templateScope(context);
    const perToken = { headers: pick(headers, true), query: pick(query, true) };
    split = {
      fixed: { headers: fillParams(pick(headers, false), scope, 'api.headers'), query: fillParams(pick(query, false), scope, 'api.query') },
      perToken: Object.keys(perToken.headers).length || Object.keys(perToken.query).length ? perToken : undefined,
    };
    staticDefaults.set(context, split);
  }
  if (!split.perToken) return split.fixed;
  const scope = templateScope(context, token === undefined ? undefined : tokenFields(token));
  return {
    headers: { ...split.fixed.headers, ...fillParams(split.perToken.headers, scope, 'api.headers') },
    query: { ...split.fixed.query, ...fillParams(split.perToken.query, scope, 'api.query') },
  };
}

function readsToken(value: string | number | boolean): boolean {
  return typeof value === 'string' && /\{\{\s*(token|steps)\./.test(value);
}

/** Templates of a signing recipe may read the client secret, which no other template can. */
export function signingKeys(context: ClientContext, token: Record<string, unknown> | undefined, where: string): SigningKeys {
  const scope = templateScope(context, token);
  return { scope: { ...scope, client: { ...(scope.client as object), ...(context.clientSecret ? { secret: context.clientSecret } : {}) } }, privateKey: context.privateKey, where };
}

/** What `{{token.x}}` placeholders read: every field the provider sent, plus the access token itself. */
export function tokenFields(token: TokenSet | string): Record<string, unknown> {
  return typeof token === 'string' ? { access_token: token } : { ...token.raw, access_token: token.accessToken };
}

/** The access token of a DPoP-bound TokenSet (token_type DPoP, RFC 9449 §5); a bare string is a bearer token. */
function dpopBoundToken(token: TokenSet | string | undefined): string | undefined {
  return typeof token === 'object' && token !== null && token.tokenType?.toLowerCase() === 'dpop' ? token.accessToken : undefined;
}

function placeToken(context: ClientContext, url: URL, headers: HeaderRecord, token: TokenSet | string, form: Record<string, string> | undefined): void {
  const accessToken = typeof token === 'string' ? token : token.accessToken;
  if (dpopBoundToken(token) !== undefined) {
    // A bound token is useless without its key, and sent as a bearer token it would be refused anyway.
    if (!context.dpop) throw new ConfigError('CONFIG_INVALID', `${context.manifest.id}: this token is DPoP-bound: create the client with the dpop option holding the key pair it is bound to`);
    // RFC 9449 §7.1: the DPoP scheme in the Authorization header, wherever api.auth puts bearer tokens.
    setHeader(headers, 'Authorization', `DPoP ${accessToken}`, `${context.manifest.id} access token`);
    return;
  }
  const { auth } = context.manifest.api;
  if (auth.in === 'header') {
    const name = auth.name ?? 'Authorization';
    setHeader(headers, name, auth.scheme ? `${auth.scheme} ${accessToken}` : accessToken, `${context.manifest.id} access token`);
  } else if (auth.in === 'query') {
    url.searchParams.set(auth.name ?? 'access_token', accessToken);
  } else {
    if (!form) throw new ConfigError('CONFIG_INVALID', `${context.manifest.id} sends the token in a form body: pass the request body as \`form\``);
    form[auth.name ?? 'access_token'] = accessToken;
  }
}
