// RFC 5849 §2.2: send the resource owner to the provider with the temporary credentials, then check what
// comes back to the callback before anything is exchanged.
import { CallbackError, ProviderError } from '../errors.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import type { Transaction } from '../types.ts';
import { constantTimeEqual } from '../util/random.ts';
import { fillParams, type TemplateScope } from '../util/template.ts';
import { oauth1Settings } from './context.ts';

/** The authorization URL: the endpoint with oauth_token and the manifest's oauth1.authorizeParams. */
export function buildAuthorizationUrl(manifest: ProviderManifest, endpointUrl: string, requestToken: string, scope: TemplateScope = {}): string {
  const url = new URL(endpointUrl);
  const extra = fillParams(oauth1Settings(manifest).authorizeParams, scope, 'oauth1.authorizeParams');
  for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
  url.searchParams.set('oauth_token', requestToken);
  return url.toString();
}

export interface OAuth1Callback {
  token: string;
  /** Absent only when the manifest declares oauth1.verifier: none. */
  verifier: string | undefined;
}

export type CallbackParams = URLSearchParams | Record<string, string | undefined>;

/** Checks the callback against the transaction that started it. */
export function parseAuthorizationCallback(
  manifest: ProviderManifest,
  params: CallbackParams,
  transaction: Pick<Transaction, 'requestToken'>,
): OAuth1Callback {
  const read = (name: string) => (params instanceof URLSearchParams ? params.get(name) ?? undefined : params[name]) || undefined;
  // Not in RFC 5849, but providers send `denied=<request token>` when the user refuses.
  if (read('denied') !== undefined) {
    throw new ProviderError('AUTHORIZATION_DENIED', { error: 'access_denied', errorDescription: 'the user refused authorization', where: 'The authorization callback' });
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
  return { token, verifier };
}
