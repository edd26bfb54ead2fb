// The token a client method was handed, checked before anything is sent: a TokenSet (or an object shaped
// like one, as read back from a store) or a non-empty access token string. Anything else is the app's
// mistake, reported as a ConfigError that names the client and the method.
import { ConfigError } from './errors.ts';
import { TokenSet } from './types.ts';

/** The token as a TokenSet; a bare access token becomes a Bearer TokenSet with no raw fields. */
export function asTokenSet(clientId: string, token: TokenSet | string, method: string): TokenSet {
  const given = tokenInput(clientId, token, method);
  return typeof given === 'string' ? new TokenSet({ accessToken: given, tokenType: 'Bearer', raw: {} }) : given;
}

/** The token, checked: a bare access token stays a string (no TokenSet is built for it). */
export function tokenInput(clientId: string, token: TokenSet | string, method: string): TokenSet | string {
  if (typeof token === 'string' && token !== '') return token;
  const given = tokenObject(clientId, token, method);
  if (typeof given.accessToken !== 'string' || given.accessToken === '') throwNeedsToken(clientId, method);
  return TokenSet.from(given.raw === undefined ? { ...given, raw: {} } : given);
}

/** An object for the methods that read more than the access token (refresh, revoke). */
export function tokenObject(clientId: string, token: unknown, method: string): TokenSet {
  if (typeof token !== 'object' || token === null) throwNeedsToken(clientId, method);
  return token as TokenSet;
}

function throwNeedsToken(clientId: string, method: string): never {
  throw new ConfigError('CONFIG_INVALID', `${clientId}: ${method}() needs a token: a TokenSet or a non-empty access token string`);
}
