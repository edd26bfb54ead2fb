// One call to the token endpoint (or the separate refresh endpoint): the URL, the client's credentials, the
// request as the manifest shapes it, and the answer read back into a TokenSet.
import { checkEndpointSecurity, resolveProviderUrl } from '../client-context.ts';
import { type ClientContext, templateScope } from '../context.ts';
import { ConfigError } from '../errors.ts';
import type { HttpRequest } from '../http/request.ts';
import { DEVICE_GRANT_TYPE } from './device-wire.ts';
import { discover, withClientSecret } from '../lazy.ts';
import type { TokenSet } from '../types.ts';
import { tokenFields } from '../api/request.ts';
import { authenticateClient } from './client-auth.ts';
import { buildTokenRequest, type GrantParams } from './token-request.ts';
import { readTokenResponse } from './token-response.ts';

export interface ExchangeContext {
  /** The callback's parameters, for a code exchange: `{{callback.x}}` reads them. */
  callback?: Record<string, string> | undefined;
  /** The token being refreshed: `{{token.x}}` reads its fields. */
  previous?: TokenSet | string | undefined;
}

export async function exchangeGrant(base: ClientContext, grant: GrantParams, exchange: ExchangeContext = {}): Promise<TokenSet> {
  const { manifest } = base;
  const source = { callback: exchange.callback, token: exchange.previous === undefined ? undefined : tokenFields(exchange.previous) };
  const url = resolveProviderUrl(base, await endpointFor(base, grant.grant_type === 'refresh_token'), source);
  const context = await withClientSecret(base);
  // Per-grant settings name the device grant by its short name, as `grants` does.
  const grantType = (grant.grant_type === DEVICE_GRANT_TYPE ? 'device_code' : grant.grant_type) as keyof typeof manifest.token.grantParams;
  const clientAuth = manifest.token.grantClientAuth[grantType] ?? manifest.token.clientAuth;
  const scope = templateScope(context, exchange.previous === undefined ? undefined : tokenFields(exchange.previous), {}, exchange.callback);
  const grantParams = manifest.token.grantParams[grantType];
  const omit = [...manifest.token.omit, ...(manifest.token.grantOmit[grantType] ?? [])];
  // Built afresh for each attempt: a DPoP nonce retry must not send the same client assertion (jti) twice.
  const build = async (): Promise<HttpRequest> => ({
    ...buildTokenRequest(context, url, grant, { auth: await authenticateClient(context, clientAuth, url, grant), scope, fixedParams: manifest.token.params, omit, ...(grantParams ? { grantParams } : {}) }),
    contentType: manifest.token.response.contentType,
    bodyPrefix: manifest.token.response.prefix,
  });
  const response = context.dpop ? await (await import('../dpop/send.ts')).sendWithDpop(context, build, { kind: 'token', where: `${manifest.name} token endpoint`, sent: Object.values(grant) }) : await context.http(await build());
  // The token's raw fields follow token.response.schema, which the generated Token type mirrors.
  return readTokenResponse(base, response, url, [grant.code, grant.refresh_token, grant.code_verifier, grant.device_code]);
}

/** endpoints.refresh for refresh grants when the provider has one; the token endpoint (or discovery's) otherwise. */
async function endpointFor(context: ClientContext, refresh: boolean): Promise<string> {
  const url = (refresh ? context.endpoints.refresh : undefined) ?? context.endpoints.token ?? (context.manifest.protocol === 'oidc' ? (await discover(context)).token_endpoint : undefined);
  if (!url) throw new ConfigError('UNSUPPORTED', `${context.manifest.id} has no token endpoint`);
  // Provider-sent variables are filled (and the URL checked) by the caller.
  return url.includes('{') ? url : checkEndpointSecurity(url);
}
