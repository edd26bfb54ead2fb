// Protected-resource requests (RFC 6750): the manifest says where the token goes, which headers and query
// parameters every call carries, and how to parse what comes back.
import { checkEndpointSecurity } from '../client-context.ts';
import type { ClientContext } from '../context.ts';
import { rewriteUrl, templateScope } from '../context.ts';
import { ConfigError, HttpError } from '../errors.ts';
import type { ContentTypeName } from '../manifest/schema.ts';
import type { ApiResponse, TokenSet } from '../types.ts';
import { scrubSecrets } from '../util/scrub.ts';
import { fillParams } from '../util/template.ts';
import { applyHeaderTransforms } from './transforms.ts';

export type QueryValue = string | number | boolean | undefined;

export interface ApiRequestOptions {
  token?: TokenSet | undefined;
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
export type RequestSigner = (request: { method: string; url: URL; form?: Record<string, string> }, token: TokenSet) => string;

/** The URL a call goes to; it carries the token, so it must be https like every endpoint (RFC 6750 §5.3). */
export function resolveApiUrl(context: ClientContext, path: string): URL {
  let url: URL;
  if (/^https?:\/\//i.test(path)) {
    url = new URL(rewriteUrl(context, path));
  } else {
    const base = context.endpoints.api;
    if (!base) throw new ConfigError('UNSUPPORTED', `${context.manifest.id} has no endpoints.api to resolve "${path}" against`);
    url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  }
  checkEndpointSecurity(url.toString(), `${context.manifest.id} API call`);
  return url;
}

export async function apiRequest<T = unknown>(
  context: ClientContext,
  method: string,
  path: string,
  options: ApiRequestOptions,
  signer?: RequestSigner,
): Promise<ApiResponse<T>> {
  const { api } = context.manifest;
  const url = resolveApiUrl(context, path);
  const scope = templateScope(context, options.token ? tokenFields(options.token) : undefined);
  const defaults = options.withoutApiDefaults ? { headers: {}, query: {} } : { headers: fillParams(api.headers, scope, 'api.headers'), query: fillParams(api.query, scope, 'api.query') };
  const headers = new Headers({ ...defaults.headers, ...options.headers });
  for (const [name, value] of Object.entries({ ...defaults.query, ...options.query })) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  const form = options.form ? Object.fromEntries(Object.entries(options.form).map(([k, v]) => [k, String(v)])) : undefined;
  if (options.token) placeToken(context, method, url, headers, options.token, form, signer);

  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set('content-type', 'application/json');
  } else if (form) {
    body = new URLSearchParams(form).toString();
    headers.set('content-type', 'application/x-www-form-urlencoded');
  }
  applyHeaderTransforms(headers, api.transforms);
  const response = await context.http({ method, url, headers, body, contentType: options.contentType ?? api.contentType });
  if (response.status < 200 || response.status > 299) {
    // The URL may carry the token under a parameter name of the manifest's choosing, and a provider may quote
    // the token back in its error body: both are kept for the caller, without what this request sent.
    const sent = [options.token?.accessToken, options.token?.tokenSecret, context.clientSecret];
    throw new HttpError(response.status, scrubSecrets(url.toString(), sent), scrubSecrets(response.data, sent));
  }
  return { status: response.status, headers: response.headers, data: response.data as T };
}

/** What `{{token.x}}` placeholders read: every field the provider sent, plus the access token itself. */
export function tokenFields(token: TokenSet): Record<string, unknown> {
  return { ...token.raw, access_token: token.accessToken };
}

function placeToken(
  context: ClientContext,
  method: string,
  url: URL,
  headers: Headers,
  token: TokenSet,
  form: Record<string, string> | undefined,
  signer: RequestSigner | undefined,
): void {
  if (signer) {
    headers.set('authorization', signer({ method, url, ...(form ? { form } : {}) }, token));
    return;
  }
  const { auth } = context.manifest.api;
  if (auth.in === 'header') {
    const name = auth.name ?? 'Authorization';
    headers.set(name, auth.scheme ? `${auth.scheme} ${token.accessToken}` : token.accessToken);
  } else if (auth.in === 'query') {
    url.searchParams.set(auth.name ?? 'access_token', token.accessToken);
  } else {
    if (!form) throw new ConfigError('CONFIG_INVALID', `${context.manifest.id} sends the token in a form body: pass the request body as \`form\``);
    form[auth.name ?? 'access_token'] = token.accessToken;
  }
}
