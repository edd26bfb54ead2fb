// RFC 9126 pushed authorization requests: the authorization parameters go to the provider over an
// authenticated back channel, and the browser carries only client_id and the request_uri that stands for them.
import { checkEndpointSecurity } from '../client-context.ts';
import type { ClientContext } from '../context.ts';
import { ConfigError, ProviderError, ResponseError, redactUrl } from '../errors.ts';
import { withClientSecret } from '../lazy.ts';
import type { ProviderMetadata } from '../oidc/discovery.ts';
import { readPath } from '../util/path.ts';
import { scrubSecrets } from '../util/scrub.ts';
import { authenticateClient } from './client-auth.ts';

export interface PushedRequest {
  /** §2.2: the reference the authorization request carries instead of its parameters. */
  requestUri: string;
  /** §2.2: seconds the request_uri stays valid. */
  expiresIn: number;
}

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * The PAR endpoint to push to, or undefined to send the parameters in the URL as usual: the manifest's
 * authorization.par decides, or (§5) discovery's require_pushed_authorization_requests.
 */
export function parEndpoint(context: ClientContext, metadata: ProviderMetadata | undefined): string | undefined {
  const mode = context.manifest.authorization.par ?? (metadata?.require_pushed_authorization_requests === true ? 'required' : undefined);
  if (!mode) return undefined;
  const discovered = metadata?.pushed_authorization_request_endpoint;
  const url = context.endpoints.pushedAuthorization ?? (typeof discovered === 'string' ? discovered : undefined);
  if (url) return checkEndpointSecurity(url, `${context.manifest.id} pushed authorization endpoint`);
  if (mode === 'required') throw new ConfigError('UNSUPPORTED', `${context.manifest.id} requires pushed authorization requests but names no pushed authorization endpoint (endpoints.pushedAuthorization or discovery)`);
  // `supported` without an endpoint in discovery: the provider takes the parameters in the URL.
  return undefined;
}

/**
 * §2.1: POSTs the authorization parameters, authenticated as at the token endpoint, and reads §2.2's answer.
 * Sent once: the provider may already hold the pushed request, and a second push buys nothing but a second one.
 */
export async function pushAuthorizationRequest(base: ClientContext, parUrl: string, params: URLSearchParams): Promise<PushedRequest> {
  const where = `${base.manifest.name} pushed authorization endpoint`;
  const method = base.manifest.token.clientAuth;
  if (method === 'secret_hash') throw new ConfigError('UNSUPPORTED', `${base.manifest.id} hashes its secret over a grant (token.clientAuth secret_hash), which a pushed authorization request has none of`);
  const context = await withClientSecret(base);
  const auth = await authenticateClient(context, method, parUrl, {});
  const body = new URLSearchParams(params);
  // §2.1: request_uri is the answer, never part of the request.
  body.delete('request_uri');
  for (const [name, value] of Object.entries(auth.params)) body.set(name, value);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (auth.authorization) headers.authorization = auth.authorization;
  const response = await context.http({ method: 'POST', url: parUrl, headers, body: body.toString(), contentType: 'json', oneTime: true });
  const data = response.data;
  if (response.status < 200 || response.status > 299) {
    const sent = [context.clientSecret, auth.params.client_assertion, ...params.values()];
    const error = scrubSecrets(stringAt(data, 'error'), sent);
    const description = scrubSecrets(stringAt(data, 'error_description'), sent);
    throw new ProviderError('PAR_ERROR', { error: error ?? `http_${response.status}`, ...(description ? { errorDescription: description } : {}), status: response.status, where });
  }
  const requestUri = stringAt(data, 'request_uri');
  const expiresIn = readPath(data, 'expires_in');
  if (!requestUri || !VISIBLE_ASCII.test(requestUri)) throw new ResponseError('UNEXPECTED_RESPONSE', `${where} (${redactUrl(parUrl)}) answered HTTP ${response.status} without a request_uri`, response.status);
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${where} (${redactUrl(parUrl)}) answered HTTP ${response.status} without a positive expires_in`, response.status);
  }
  return { requestUri, expiresIn };
}

/**
 * The authorization URL built the usual way, turned into a pushed one: its parameters are pushed, and the
 * browser gets the endpoint with only client_id and request_uri (§4), plus any fixed fragment.
 */
export async function pushedAuthorizationUrl(context: ClientContext, builtUrl: string, parUrl: string): Promise<string> {
  const built = new URL(builtUrl);
  const clientIdName = context.manifest.authorization.rename.client_id ?? 'client_id';
  const pushed = await pushAuthorizationRequest(context, parUrl, built.searchParams);
  const target = new URL(built.href);
  target.search = '';
  target.searchParams.set(clientIdName, context.clientId);
  target.searchParams.set('request_uri', pushed.requestUri);
  return target.href;
}

function stringAt(data: unknown, path: string): string | undefined {
  const value = typeof data === 'object' && data !== null ? readPath(data, path) : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
