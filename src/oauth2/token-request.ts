// RFC 6749 §4.1.3 / §6 / §4.4 token requests, shaped by the manifest's method, encoding, client authentication,
// renamed and fixed parameters.
import type { ClientContext } from '../context.ts';
import { requireSecret, templateScope } from '../context.ts';
import type { HttpRequest } from '../http/request.ts';
import { fillParams } from '../util/template.ts';

export type GrantParams = Record<string, string | undefined>;

// Every token-endpoint call is sent once: a code (§4.1.2) and a rotating refresh token (§10.4) are single-use,
// so a retry after a lost answer can only fail or, worse, spend the grant twice.
const ONCE = { oneTime: true } as const;

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

export function buildTokenRequest(
  context: ClientContext,
  url: string,
  grant: GrantParams,
  clientAuth = context.manifest.token.clientAuth,
  extraParams: Record<string, string | number | boolean> = context.manifest.token.params,
): HttpRequest {
  const { token } = context.manifest;
  const headers: Record<string, string> = lowerKeys(token.headers);
  const params: Record<string, string | undefined> = { ...grant };
  if (clientAuth === 'basic' || clientAuth === 'basic_and_client_id') {
    headers.authorization = basicAuthorization(context.clientId, requireSecret(context));
  }
  if (clientAuth !== 'basic') params.client_id = context.clientId;
  if (clientAuth === 'post') params.client_secret = requireSecret(context);
  Object.assign(params, fillParams(extraParams, templateScope(context), 'token.params'));

  const wire: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) wire[token.rename[name as keyof typeof token.rename] ?? name] = value;
  }
  const target = new URL(url);
  if (token.method === 'GET' || token.encoding === 'query') {
    for (const [name, value] of Object.entries(wire)) target.searchParams.set(name, value);
    return { ...ONCE, method: token.method, url: target, headers };
  }
  if (token.encoding === 'json') {
    return { ...ONCE, method: 'POST', url: target, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(wire) };
  }
  return {
    ...ONCE,
    method: 'POST',
    url: target,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(wire).toString(),
  };
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
