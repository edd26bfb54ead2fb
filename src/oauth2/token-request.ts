// RFC 6749 §4.1.3 / §6 / §4.4 token requests, shaped by the manifest's method, encoding, client authentication,
// per-grant, renamed, omitted and fixed parameters.
import type { ClientContext } from '../context.ts';
import type { HttpRequest } from '../http/request.ts';
import { fillParams, type TemplateScope } from '../util/template.ts';
import type { ClientAuthentication } from './client-auth.ts';
import { signingKeys } from '../api/request.ts';
import { signatureParams } from '../api/signing.ts';

export { basicAuthorization } from './client-auth.ts';

export type GrantParams = Record<string, string | undefined>;

// Every token-endpoint call is sent once: a code (§4.1.2) and a rotating refresh token (§10.4) are single-use,
// so a retry after a lost answer can only fail or, worse, spend the grant twice.
const ONCE = { oneTime: true } as const;

export interface TokenRequestOptions {
  /** How the client authenticates (client-auth.ts). */
  auth: ClientAuthentication;
  /** What `{{…}}` placeholders in the manifest's token params and headers read. */
  scope: TemplateScope;
  /** The manifest's fixed parameters; revocation sends none. */
  fixedParams?: Record<string, string | number | boolean>;
  /** Per-grant extras (token.grantParams[grant_type]). */
  grantParams?: Record<string, string | number | boolean>;
  method?: 'GET' | 'POST';
  encoding?: 'form' | 'json' | 'query';
  /** Standard parameters never sent; default token.omit. */
  omit?: readonly string[];
}

export function buildTokenRequest(context: ClientContext, url: string, grant: GrantParams, options: TokenRequestOptions): HttpRequest {
  const { token } = context.manifest;
  const headers: Record<string, string> = lowerKeys(fillParams(token.headers, options.scope, 'token.headers'));
  if (options.auth.authorization) headers.authorization = options.auth.authorization;
  const params: Record<string, string | undefined> = { ...grant, ...options.auth.params };
  Object.assign(params, fillParams(options.fixedParams ?? {}, options.scope, 'token.params'));
  Object.assign(params, fillParams(options.grantParams ?? {}, options.scope, `token.grantParams.${grant.grant_type ?? ''}`));
  for (const name of options.omit ?? token.omit) delete params[name];

  const wire: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) wire[token.rename[name as keyof typeof token.rename] ?? name] = value;
  }
  // token.signing (Alipay): a signature over the parameters as the provider names them.
  if (token.signing) Object.assign(wire, signatureParams(token.signing, wire, signingKeys(context, undefined, 'token.signing')));
  const target = new URL(url);
  const method = options.method ?? token.method;
  const encoding = options.encoding ?? token.encoding;
  if (method === 'GET' || encoding === 'query') {
    for (const [name, value] of Object.entries(wire)) target.searchParams.set(name, value);
    return { ...ONCE, method, url: target, headers };
  }
  if (encoding === 'json') {
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
