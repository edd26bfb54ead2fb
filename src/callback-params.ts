// The parameters of an authorization callback, read once and the same way by everyone who looks at them
// (the web handler's browser-binding check and the client's state and code checks).
import { CallbackError } from './errors.ts';
import type { ProviderManifest } from './manifest/schema.ts';
import type { TokenSet } from './types.ts';

/** A full URL, a query string, a parsed query (Express's req.query, arrays included) or a form_post body. */
export type CallbackInput = string | URL | URLSearchParams | Readonly<Record<string, unknown>>;

/**
 * RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once." These decide whose
 * sign-in completes: if two readers could pick different copies (one the first, one the last), a repeated
 * `state` would pass a check on one value while the other is consumed, so a repeat is refused outright.
 * RFC 9207 `iss` and the RFC 5849 §2.2 callback parameters are held to the same rule.
 */
const SINGLE_VALUED: ReadonlySet<string> = new Set(['state', 'code', 'iss', 'error', 'error_description', 'error_uri', 'oauth_token', 'oauth_verifier']);

/**
 * The callback's parameters by name; a repeated protocol parameter is a CallbackError (DUPLICATE_PARAMETER).
 * `alsoSingle` adds a provider's own names for them (a renamed code, a signature parameter).
 */
export function callbackParams(input: CallbackInput, alsoSingle: readonly string[] = []): Record<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of entriesOf(input)) {
    if (params.has(name) && (SINGLE_VALUED.has(name) || alsoSingle.includes(name))) {
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

/** The provider's own names for callback parameters (a renamed code, a signature): single-valued like the standard ones. */
export function providerCallbackNames(manifest: ProviderManifest): string[] {
  const { responseParams, callbackSignature } = manifest.authorization;
  return [...Object.values(responseParams), ...(callbackSignature ? [callbackSignature.param] : [])];
}

/**
 * The callback under standard names (authorization.responseParams: Alipay's auth_code is the code). A callback
 * carrying both names for one parameter is not the provider's: it is refused.
 */
export function standardCallback(manifest: ProviderManifest, params: Record<string, string>): Record<string, string> {
  const renamed = Object.entries(manifest.authorization.responseParams) as [string, string][];
  if (!renamed.length) return params;
  const standard = { ...params };
  for (const [name, wire] of renamed) {
    if (params[wire] === undefined) continue;
    // Equal values: the callback was already read this way (the web handler hands it on).
    if (params[name] !== undefined && name !== wire && params[name] !== params[wire]) throw new CallbackError('CALLBACK_INVALID', `the callback carries both ${name} and ${wire}, which ${manifest.name} sends instead`);
    standard[name] = params[wire];
  }
  return standard;
}

/**
 * What a refresh answer leaves out but later calls still need: the callback values the sign-in kept and the
 * provider-sent hosts (an instance URL) of the token being refreshed.
 */
export function carryForward(manifest: ProviderManifest, previous: TokenSet, fresh: TokenSet): void {
  const fromToken = Object.values(manifest.variables).flatMap((variable) => (variable.from && 'token' in variable.from && !/[.[]/.test(variable.from.token) ? [variable.from.token] : []));
  for (const name of [...keptCallbackParams(manifest), ...fromToken]) {
    if (fresh.raw[name] === undefined && previous.raw?.[name] !== undefined) fresh.raw[name] = previous.raw[name];
  }
}

/** The callback values a sign-in keeps with its token: declared callbackParams and provider-sent hosts. */
export function keptCallbackParams(manifest: ProviderManifest): string[] {
  const fromCallback = Object.values(manifest.variables).flatMap((variable) => (variable.from && 'callback' in variable.from ? [variable.from.callback] : []));
  return [...manifest.authorization.callbackParams, ...fromCallback];
}

/** The callback as the provider signed it: under its own parameter names. */
export function rawCallback(manifest: ProviderManifest, params: Record<string, string>): Record<string, string> {
  const raw = { ...params };
  for (const [name, wire] of Object.entries(manifest.authorization.responseParams) as [string, string][]) {
    if (name !== wire && params[wire] !== undefined) delete raw[name];
  }
  return raw;
}
