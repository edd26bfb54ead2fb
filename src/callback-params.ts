// The parameters of an authorization callback, read once and the same way by everyone who looks at them
// (the web handler's browser-binding check and the client's state and code checks).
import { CallbackError } from './errors.ts';

/** A full URL, a query string, a parsed query (Express's req.query, arrays included) or a form_post body. */
export type CallbackInput = string | URL | URLSearchParams | Readonly<Record<string, unknown>>;

/**
 * RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once." These decide whose
 * sign-in completes: if two readers could pick different copies (one the first, one the last), a repeated
 * `state` would pass a check on one value while the other is consumed, so a repeat is refused outright.
 * RFC 9207 `iss` and the RFC 5849 §2.2 callback parameters are held to the same rule.
 */
const SINGLE_VALUED: ReadonlySet<string> = new Set(['state', 'code', 'iss', 'error', 'error_description', 'error_uri', 'oauth_token', 'oauth_verifier']);

/** The callback's parameters by name; a repeated protocol parameter is a CallbackError (DUPLICATE_PARAMETER). */
export function callbackParams(input: CallbackInput): Record<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of entriesOf(input)) {
    if (params.has(name) && SINGLE_VALUED.has(name)) {
      throw new CallbackError('DUPLICATE_PARAMETER', `the callback carries the ${name} parameter more than once (RFC 6749 §3.1)`);
    }
    params.set(name, value);
  }
  // A Map first: assigning a `__proto__` parameter to a plain object would change its prototype.
  return Object.fromEntries(params);
}

/** URL's own TypeError keeps the whole input, code included, as a property: it must not reach a log. */
function parseCallbackUrl(input: string): URL {
  try {
    return new URL(input);
  } catch {
    throw new CallbackError('CALLBACK_INVALID', 'the callback URL is not a valid URL: pass the URL the provider redirected to, its query string or its parameters');
  }
}

function entriesOf(input: CallbackInput): Iterable<[string, string]> {
  if (input instanceof URLSearchParams) return input;
  if (input instanceof URL) return input.searchParams;
  if (typeof input === 'string') {
    const query = /^[a-z][a-z0-9+.-]*:/i.test(input) ? parseCallbackUrl(input).search : input;
    return new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  }
  // A parsed query holds a repeated parameter as an array; nested objects (qs's `a[b]=`) are not callback values.
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(input)) {
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') entries.push([name, item]);
  }
  return entries;
}
