// RFC 7009 token revocation: the token (or its refresh token) posted to the revocation endpoint with the
// client's credentials, as the manifest's revocation section shapes it.
import { resolveProviderUrl } from '../client-context.ts';
import { tokenFields } from '../api/request.ts';
import { type ClientContext, templateScope } from '../context.ts';
import { ConfigError, ProviderError } from '../errors.ts';
import { discover, withClientSecret } from '../lazy.ts';
import type { TokenSet } from '../types.ts';
import { authenticateClient } from './client-auth.ts';
import { buildTokenRequest, type GrantParams } from './token-request.ts';

export async function revokeToken(context: ClientContext, token: TokenSet | string, hint: 'access_token' | 'refresh_token'): Promise<void> {
  const { manifest } = context;
  const endpoint = context.endpoints.revoke ?? (manifest.protocol === 'oidc' ? (await discover(context)).revocation_endpoint : undefined);
  if (!endpoint) throw new ConfigError('UNSUPPORTED', `${manifest.id} has no revocation endpoint`);
  const url = resolveProviderUrl(context, endpoint, { token: typeof token === 'string' ? undefined : tokenFields(token) });
  const spec = manifest.revocation;
  const value = typeof token === 'string' ? token : hint === 'refresh_token' ? token.refreshToken : token.accessToken;
  if (!value) throw new ConfigError('UNSUPPORTED', `${manifest.id}: this token has no ${hint} to revoke`);
  // §2.1: token_type_hint is optional; some providers reject it, so the manifest decides.
  const params: GrantParams = { [spec.tokenParam]: value, ...(spec.tokenTypeHint ? { token_type_hint: hint } : {}) };
  const authenticated = await withClientSecret(context);
  const auth = await authenticateClient(authenticated, spec.clientAuth ?? manifest.token.clientAuth, url, params);
  const request = buildTokenRequest(authenticated, url, params, { auth, scope: templateScope(authenticated), method: 'POST', encoding: spec.encoding });
  const response = await authenticated.http(request);
  // §2.2: 200 whether or not the token was valid; anything else is an error (§2.2.1).
  if (response.status < 200 || response.status > 299) {
    const body = (typeof response.data === 'object' && response.data) as Record<string, unknown> | false;
    throw new ProviderError('TOKEN_ERROR', {
      error: body && typeof body.error === 'string' ? body.error : `http_${response.status}`,
      status: response.status,
      where: `${manifest.name} revocation endpoint`,
    });
  }
}
