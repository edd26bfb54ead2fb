// RFC 5849 §2.2: send the resource owner to the provider with the temporary credentials, then check what
// comes back to the callback before anything is exchanged.
import { CallbackError, ProviderError } from '../errors.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import type { Transaction } from '../types.ts';
import { constantTimeEqual } from '../util/random.ts';
import { fillParams, type TemplateScope } from '../util/template.ts';
import { hasLoneSurrogate } from '../util/unicode.ts';
import { oauth1Settings } from './context.ts';

export interface AuthorizationUrlOptions {
  /** Scopes for providers that take them here (oauth1.scopeOn: authorize); the manifest's defaults otherwise. */
  scope?: readonly string[] | undefined;
  /** The callback, for providers that want it repeated here (oauth1.callbackOnAuthorize). */
  callbackUri?: string | undefined;
}

/** The authorization URL: the endpoint with oauth_token, the manifest's oauth1.authorizeParams and, where the provider takes them here, scopes and the callback. */
export function buildAuthorizationUrl(manifest: ProviderManifest, endpointUrl: string, requestToken: string, scope: TemplateScope = {}, options: AuthorizationUrlOptions = {}): string {
  const settings = oauth1Settings(manifest);
  const url = new URL(endpointUrl);
  const extra = fillParams(settings.authorizeParams, scope, 'oauth1.authorizeParams');
  for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
  if (settings.scopeOn === 'authorize' && settings.scopeParam) {
    const scopes = options.scope ?? manifest.authorization.scope.default;
    if (scopes.length) url.searchParams.set(settings.scopeParam, scopes.join(manifest.authorization.scope.delimiter));
  }
  if (settings.callbackOnAuthorize && options.callbackUri) url.searchParams.set('oauth_callback', options.callbackUri);
  url.searchParams.set('oauth_token', requestToken);
  return url.toString();
}

export interface OAuth1Callback {
  token: string;
  /** Absent only when the manifest declares oauth1.verifier: none. */
  verifier: string | undefined;
}

export type CallbackParams = URLSearchParams | Record<string, string | undefined>;

const WHERE = 'The authorization callback';
/** Error codes are short tokens; anything else from an unverified callback is not echoed. */
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

function reader(params: CallbackParams): (name: string) => string | undefined {
  return (name) => (params instanceof URLSearchParams ? params.get(name) ?? undefined : params[name]) || undefined;
}

/**
 * A refusal that names no sign-in: no state and no request token that leads to one. A denial signs nobody
 * in, so reporting it is safe (no login CSRF) and nothing is consumed; but anyone can send a browser here,
 * so only a code-shaped `error` is repeated and no description.
 */
export function denialWithoutState(params: CallbackParams): ProviderError | undefined {
  const read = reader(params);
  const error = read('error');
  if (error === undefined && read('denied') === undefined) return undefined;
  return new ProviderError('AUTHORIZATION_DENIED', { error: error === undefined ? 'access_denied' : ERROR_CODE.test(error) ? error : 'unrecognised_error', where: WHERE });
}

/**
 * The state of a callback that does not carry one (providers may drop the callback URL's query): the
 * transaction is found through the request token it names. Without either, a refusal is still reported.
 */
export async function stateOfCallback(params: Record<string, string>, stateFor: (requestToken: string) => Promise<string | undefined>): Promise<string> {
  const requestToken = params.oauth_token ?? params.denied;
  const state = requestToken ? await stateFor(requestToken) : undefined;
  if (state) return state;
  throw denialWithoutState(params) ?? new CallbackError('MISSING_STATE', 'the OAuth 1 callback carries neither state nor a known oauth_token');
}

/** Checks the callback against the transaction that started it (whose state the caller has verified). */
export function parseAuthorizationCallback(
  manifest: ProviderManifest,
  params: CallbackParams,
  transaction: Pick<Transaction, 'requestToken'>,
): OAuth1Callback {
  const read = reader(params);
  // Not in RFC 5849, but providers send `denied=<request token>` when the user refuses, or an OAuth 2 style
  // `error` (RFC 6749 §4.1.2.1).
  const error = read('error');
  if (error !== undefined) throw new ProviderError('AUTHORIZATION_DENIED', { error, errorDescription: read('error_description'), where: WHERE });
  if (read('denied') !== undefined) {
    throw new ProviderError('AUTHORIZATION_DENIED', { error: 'access_denied', errorDescription: 'the user refused authorization', where: WHERE });
  }
  const token = read('oauth_token');
  if (token === undefined) throw new CallbackError('MISSING_STATE', 'the OAuth 1 callback has no oauth_token');
  // The request token plays the role of state: it binds the callback to the browser that started the flow.
  if (!transaction.requestToken || !constantTimeEqual(token, transaction.requestToken)) {
    throw new CallbackError('STATE_MISMATCH', 'the callback oauth_token is not the request token of this transaction');
  }
  const verifier = read('oauth_verifier');
  if (verifier === undefined && oauth1Settings(manifest).verifier === 'required') {
    throw new CallbackError('MISSING_CODE', 'the OAuth 1 callback has no oauth_verifier');
  }
  // RFC 5849 §3.6: the verifier is signed percent-encoded as UTF-8, which a lone surrogate has no encoding in.
  if (verifier !== undefined && hasLoneSurrogate(verifier)) throw new CallbackError('CALLBACK_INVALID', 'the OAuth 1 callback oauth_verifier is not valid text');
  return { token, verifier };
}
