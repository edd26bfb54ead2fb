// RFC 6749 §4.1.2: the authorization response. State was checked by the caller; this reads the outcome.
import type { ClientContext } from '../context.ts';
import { CallbackError, ProviderError } from '../errors.ts';
import { constantTimeEqual } from '../util/random.ts';

export type CallbackInput = string | URL | URLSearchParams | Record<string, string | undefined>;

/** The callback's parameters, from a full URL, a query string, a parsed query or a form_post body. */
export function callbackParams(input: CallbackInput): Record<string, string> {
  if (input instanceof URLSearchParams) return Object.fromEntries(input);
  if (input instanceof URL) return Object.fromEntries(input.searchParams);
  if (typeof input === 'string') {
    const query = /^[a-z][a-z0-9+.-]*:/i.test(input) ? parseCallbackUrl(input).search : input;
    return Object.fromEntries(new URLSearchParams(query.startsWith('?') ? query.slice(1) : query));
  }
  return Object.fromEntries(Object.entries(input).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** URL's own TypeError keeps the whole input, code included, as a property: it must not reach a log. */
function parseCallbackUrl(input: string): URL {
  try {
    return new URL(input);
  } catch {
    throw new CallbackError('CALLBACK_INVALID', 'the callback URL is not a valid URL: pass the URL the provider redirected to, its query string or its parameters');
  }
}

/** §4.1.2.1 errors, RFC 9207 `iss`, then the code. */
export function readAuthorizationCode(context: ClientContext, params: Record<string, string>): string {
  const expectedIssuer = context.manifest.authorization.issuer ?? context.issuer;
  if (params.iss !== undefined && expectedIssuer && !constantTimeEqual(params.iss, expectedIssuer)) {
    throw new CallbackError('ISSUER_MISMATCH', `the callback's iss parameter does not match ${expectedIssuer} (RFC 9207)`);
  }
  if (params.error) {
    throw new ProviderError('AUTHORIZATION_DENIED', {
      error: params.error,
      errorDescription: params.error_description,
      where: `${context.manifest.name} authorization`,
    });
  }
  if (!params.code) throw new CallbackError('MISSING_CODE', 'the callback carries neither code nor error');
  return params.code;
}
