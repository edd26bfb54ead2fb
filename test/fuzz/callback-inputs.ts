// Callback parameters as a browser, a framework or an attacker may hand them over: repeated, unicode,
// huge, `__proto__` and other prototype names, arrays and nested objects; with or without the live state.
import fc from 'fast-check';
import { hostileString, PLANTED } from './helpers.ts';

export const LIVE_STATE = '@@LIVE_STATE@@';
/** What the OAuth 1 provider of the callback fuzz answers as its request token (RFC 5849 §2.1). */
export const REQUEST_TOKEN = 'request-token-4f1c';
/** The planted code, under the name `code` only: elsewhere (an error_description) it would be the sender's own words. */
const CODE = '@@CODE@@';

const NAMES = ['state', 'state', 'code', 'code', 'iss', 'error', 'error_description', 'error_uri', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'state[]', 'next', 'oauth_token', 'oauth_verifier', 'denied', 'session_state'];

const VALUE = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(LIVE_STATE, CODE) },
  { weight: 3, arbitrary: hostileString(10) },
  { weight: 2, arbitrary: fc.constantFrom('access_denied', 'https://id.example.test', '', ' ', '%00', '%E0%A4%A', 'a+b', '\u0000') },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(100_000), '\u{1F600}'.repeat(5_000)) },
);

export type Params = [string, string][];

const PARAM = fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: hostileString(5) }), VALUE);

/**
 * Mostly a plausible callback (the live state and the code, and for OAuth 1 the request token and a
 * verifier) with edits: a parameter left out or repeated (with the same value or another), an error added,
 * junk around; sometimes nothing but junk.
 */
export const PARAMS: fc.Arbitrary<Params> = fc.oneof(
  { weight: 1, arbitrary: fc.array(PARAM, { maxLength: 6 }) },
  {
    weight: 4,
    arbitrary: fc
      .record({
        state: fc.constantFrom(LIVE_STATE, LIVE_STATE, LIVE_STATE, 'not-the-state', undefined),
        code: fc.constantFrom(CODE, CODE, CODE, '', undefined),
        oauth1: fc.option(fc.tuple(fc.constantFrom(REQUEST_TOKEN, REQUEST_TOKEN, 'other-token'), VALUE), { nil: undefined }),
        repeats: fc.array(fc.tuple(fc.constantFrom('state', 'code', 'error', 'iss', 'oauth_token', 'oauth_verifier'), VALUE), { maxLength: 2 }),
        extra: fc.array(PARAM, { maxLength: 3 }),
        rotate: fc.nat(),
      })
      .map(({ state, code, oauth1, repeats, extra, rotate }) => {
        const params: Params = [...repeats, ...extra];
        if (state !== undefined) params.push(['state', state]);
        if (code !== undefined) params.push(['code', code]);
        if (oauth1) params.push(['oauth_token', oauth1[0]], ['oauth_verifier', oauth1[1]]);
        const at = rotate % (params.length + 1);
        return [...params.slice(at), ...params.slice(0, at)];
      }),
  },
);

/** The parameters with LIVE_STATE replaced by `state` and CODE by the planted code. */
export function withState(params: Params, state: string): Params {
  return params.map(([name, value]) => [name, value === LIVE_STATE ? state : value === CODE ? (name === 'code' ? PLANTED.code : 'not-the-code') : value]);
}

/** One form: a query string, form-encoded or written raw (so `%`, `&` and `#` mean what they say). */
export function queryString(params: Params, raw: boolean): string {
  return raw ? params.map(([name, value]) => `${name}=${value}`).join('&') : new URLSearchParams(params).toString();
}

export type Shape = 'url' | 'query' | 'query?' | 'URL' | 'URLSearchParams' | 'record' | 'weird';
export const SHAPE = fc.constantFrom<Shape>('url', 'query', 'query?', 'URL', 'URLSearchParams', 'record', 'record', 'weird');

/**
 * What a caller may pass to callback(). A record holds repeated names as arrays (as Express parses them),
 * its `__proto__` as an own key (as JSON.parse makes it), and sometimes values that are not strings.
 */
export function callbackInput(shape: Shape, params: Params, base: string, raw: boolean, junk: unknown): unknown {
  const query = queryString(params, raw);
  switch (shape) {
    case 'url':
      return `${base}?${query}`;
    case 'query':
      return query;
    case 'query?':
      return `?${query}`;
    case 'URL':
      return new URL(`${base}?${query}`);
    case 'URLSearchParams':
      return new URLSearchParams(params);
    case 'weird':
      return [`javascript:alert(1)//?${query}`, `http://[::1?${query}`, `${base}#${query}`, `//evil.example/?${query}`][query.length % 4];
    case 'record': {
      const record: Record<string, unknown> = {};
      for (const [name, value] of params) {
        const previous = Object.hasOwn(record, name) ? record[name] : undefined;
        const next = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
        Object.defineProperty(record, name, { value: next, enumerable: true, writable: true, configurable: true });
      }
      if (junk !== undefined) Object.defineProperty(record, 'junk', { value: junk, enumerable: true });
      return record;
    }
  }
}

/** The parameters the input carries, read independently of the library: name → every value. */
export function carried(input: unknown): URLSearchParams | undefined {
  if (input instanceof URLSearchParams) return input;
  if (input instanceof URL) return input.searchParams;
  if (typeof input === 'string') {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(input)) return new URLSearchParams(input.startsWith('?') ? input.slice(1) : input);
    try {
      return new URL(input).searchParams;
    } catch {
      return undefined;
    }
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') params.append(name, item);
  }
  return params;
}
