// Outgoing headers as a plain record with lower-case names: cheaper than a Headers object, which the HTTP
// client would copy anyway. Values come from manifests, tokens and the caller, so each is checked here:
// a CR, LF or non-Latin-1 character would otherwise surface as a TypeError deep inside fetch.
import { ConfigError } from '../errors.ts';

export type HeaderRecord = Record<string, string>;

const TOKEN_CHARS = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// RFC 9110 §5.5: field values are visible characters, spaces and tabs (obs-text is Latin-1 above 0x7f).
const VALUE_CHARS = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Sets `name` (case-insensitively) after checking both parts; `where` names the source in the error. */
export function setHeader(headers: HeaderRecord, name: string, value: string, where: string): void {
  if (!TOKEN_CHARS.test(name)) throw new ConfigError('CONFIG_INVALID', `${where}: "${name.slice(0, 40)}" is not a valid header name`);
  // The value may be a token: the message names the header, never the value.
  if (!VALUE_CHARS.test(value)) throw new ConfigError('CONFIG_INVALID', `${where}: the value of the ${name} header has a line break or a character a header cannot carry`);
  headers[name.toLowerCase()] = value;
}
