// Strings from parsed input (a framework's query object, a JSON body) can hold lone UTF-16 surrogates, which
// no UTF-8 or URL encoding can carry: encodeURIComponent throws a URIError on them.
import { ConfigError } from '../errors.ts';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The text as URL encoding (URLSearchParams, fetch) sends it: each lone surrogate becomes U+FFFD. */
export function asSent(text: string): string {
  return text.replace(LONE_SURROGATES, '\ufffd');
}

/** encodeURIComponent for an app-given name (a user id, a store key), with a typed error instead of a URIError. */
export function encodeName(text: string, what: string): string {
  if (hasLoneSurrogate(text)) throw new ConfigError('CONFIG_INVALID', `${what} holds a lone UTF-16 surrogate, which no key can carry`);
  return encodeURIComponent(text);
}
