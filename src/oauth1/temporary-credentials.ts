// RFC 5849 §2.1: obtain temporary credentials (the "request token") before sending the user to authorize.
import { ConfigError, ProviderError } from '../errors.ts';
import { fillParams } from '../util/template.ts';
import { callCredentialsEndpoint, oauth1Settings, type OAuth1Context } from './context.ts';

export interface TemporaryCredentialsRequest {
  /** Absolute callback URI, or "oob" when the provider shows the verifier to the user instead. */
  callbackUri: string;
  /** Scopes for providers that take them on this call; the manifest's default scopes when omitted. */
  scope?: string | readonly string[];
}

export interface TemporaryCredentials {
  token: string;
  tokenSecret: string;
  raw: Record<string, string>;
}

const WHERE = 'The temporary-credentials endpoint';

export async function requestTemporaryCredentials(ctx: OAuth1Context, request: TemporaryCredentialsRequest): Promise<TemporaryCredentials> {
  const settings = oauth1Settings(ctx.manifest);
  const params = fillParams(settings.requestTokenParams, { client: { clientId: ctx.clientId }, vars: ctx.vars }, 'oauth1.requestTokenParams');
  // Providers that take scopes on the authorization URL (oauth1.scopeOn) get none here.
  const scope = settings.scopeOn === 'authorize' ? undefined : scopeValue(ctx, request.scope);
  if (scope !== undefined) {
    if (!settings.scopeParam) throw new ConfigError('UNSUPPORTED', `${ctx.manifest.id}: scopes were asked for but oauth1.scopeParam is not set`);
    params[settings.scopeParam] = scope;
  }

  const fields = await callCredentialsEndpoint(ctx, {
    endpoint: 'requestToken',
    method: settings.requestTokenMethod,
    params,
    oauthParams: { oauth_callback: request.callbackUri },
    where: WHERE,
  });
  // §2.1: the server MUST answer oauth_callback_confirmed=true; it is what tells 1.0a apart from the
  // session-fixation-prone 1.0 flow, so a provider declared to send it may not drop it.
  if (!isCallbackConfirmed(fields.oauth_callback_confirmed, settings.callbackConfirmed)) {
    throw new ProviderError('OAUTH1_ERROR', { error: 'callback_not_confirmed', errorDescription: 'oauth_callback_confirmed was not "true"', where: WHERE });
  }
  return { token: fields.oauth_token!, tokenSecret: fields.oauth_token_secret!, raw: fields };
}

/** Some server libraries capitalise the value (`True`); the manifest may insist on the RFC's spelling. */
function isCallbackConfirmed(value: string | undefined, expected: boolean | 'strict'): boolean {
  if (expected === false) return true;
  return expected === 'strict' ? value === 'true' : value?.toLowerCase() === 'true';
}

export function scopeValue(ctx: Pick<OAuth1Context, 'manifest'>, requested: string | readonly string[] | undefined): string | undefined {
  const { delimiter, default: defaults } = ctx.manifest.authorization.scope;
  const scopes = requested === undefined ? defaults : typeof requested === 'string' ? [requested] : requested;
  return scopes.length > 0 ? scopes.join(delimiter) : undefined;
}
