// RFC 6749 §4.1.1 authorization request, with PKCE (RFC 7636 §4.3) and the OIDC nonce.
import type { ClientContext } from '../context.ts';
import { templateScope } from '../context.ts';
import { ConfigError } from '../errors.ts';
import { fillParams } from '../util/template.ts';
import { pkceChallenge } from '../util/random.ts';

export interface AuthorizationRequest {
  authorizeUrl: string;
  redirectUri: string;
  state: string;
  scope: string[];
  codeVerifier?: string | undefined;
  nonce?: string | undefined;
  /** RFC 9449 §10: the JWK thumbprint of the client's DPoP key. */
  dpopJkt?: string | undefined;
  extraParams?: Record<string, string> | undefined;
}

export function buildAuthorizationUrl(context: ClientContext, request: AuthorizationRequest): string {
  const { authorization } = context.manifest;
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: context.clientId,
    redirect_uri: request.redirectUri,
    state: request.state,
  };
  if (request.scope.length) params.scope = request.scope.join(authorization.scope.delimiter);
  if (request.codeVerifier) {
    params.code_challenge = pkceChallenge(request.codeVerifier, authorization.pkceMethod);
    params.code_challenge_method = authorization.pkceMethod;
  }
  if (request.nonce) params.nonce = request.nonce;
  // RFC 9449 §10: binds the code to the DPoP key, so a stolen code is useless to a client without it.
  if (request.dpopJkt) params.dpop_jkt = request.dpopJkt;
  if (authorization.responseMode === 'form_post') params.response_mode = 'form_post';
  const fixed = fillParams(authorization.params, templateScope(context), 'authorization.params');
  const url = new URL(request.authorizeUrl);
  for (const [name, value] of Object.entries({ ...params, ...fixed, ...request.extraParams })) {
    url.searchParams.set(authorization.rename[name as keyof typeof authorization.rename] ?? name, value);
  }
  const built = authorization.scope.encodeDelimiter ? url.toString() : keepDelimiterLiteral(url, authorization.rename.scope ?? 'scope', authorization.scope.delimiter);
  // A fixed fragment the provider's page reads (WeChat's #wechat_redirect); it never reaches the server.
  return authorization.fragment ? `${built.replace(/#.*$/, '')}#${authorization.fragment}` : built;
}

/** A few providers want the scope delimiter unencoded (a literal `+`); URLSearchParams would encode it. */
function keepDelimiterLiteral(url: URL, scopeParam: string, delimiter: string): string {
  const encoded = new URLSearchParams({ d: delimiter }).toString().slice(2);
  const scopePart = new RegExp(`([?&]${escapeRegExp(scopeParam)}=[^&]*)`);
  return url.toString().replace(scopePart, (part) => part.split(encoded).join(delimiter));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether to send PKCE: always where the provider allows it (secure by default). */
export function usesPkce(context: ClientContext): boolean {
  return context.manifest.authorization.pkce !== 'unsupported';
}

export function requireEndpoint(context: ClientContext, name: keyof ClientContext['endpoints']): string {
  const url = context.endpoints[name];
  if (!url) throw new ConfigError('UNSUPPORTED', `${context.manifest.id} has no ${name} endpoint`);
  return url;
}
