// Token endpoint answers in the manifest's shape: the fields where token.response.fields puts them, nested
// under token.response.root, without the fields token.response.defaults supplies, encoded per
// token.response.contentType and, when that is forced, served under a wrong Content-Type header as the
// real provider does. Errors follow token.response.error (RFC 6749 §5.2 unless the manifest says otherwise).
import type { ContentTypeName, ProviderManifest } from '../manifest/schema.ts';
import { setAtPath } from './field-path.ts';
import { encodeForm, type Reply } from './http-io.ts';

/** The Content-Type each forced format is served under: never the right one, so clients must trust the manifest. */
const MISLEADING_CONTENT_TYPE: Record<ContentTypeName, string> = {
  json: 'text/plain; charset=utf-8',
  form: 'text/plain; charset=utf-8',
  xml: 'text/plain; charset=utf-8',
  jsonp: 'text/html; charset=utf-8',
  text: 'text/html; charset=utf-8',
};

const HONEST_CONTENT_TYPE: Record<ContentTypeName, string> = {
  json: 'application/json; charset=utf-8',
  form: 'application/x-www-form-urlencoded',
  xml: 'application/xml; charset=utf-8',
  jsonp: 'application/javascript; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

export function encodeBody(value: Record<string, unknown>, format: ContentTypeName, callback = 'callback'): string {
  switch (format) {
    case 'json':
      return JSON.stringify(value);
    case 'jsonp':
      return `/**/ ${callback}(${JSON.stringify(value)});`;
    case 'xml':
      return toXml(value);
    case 'form':
    case 'text':
      return encodeForm(value);
  }
}

/** A body in `format`, under a misleading Content-Type when the manifest forces the format. */
export function formattedReply(status: number, value: Record<string, unknown>, format: ContentTypeName | undefined, callback?: string): Reply {
  const body = encodeBody(value, format ?? 'json', callback);
  const contentType = format ? MISLEADING_CONTENT_TYPE[format] : HONEST_CONTENT_TYPE.json;
  return { status, headers: { 'content-type': contentType, 'cache-control': 'no-store' }, body };
}

/** The answer format the client asked for with Accept, when the manifest does not force one. */
function negotiatedFormat(manifest: ProviderManifest, accept: string | undefined): ContentTypeName | 'honest-form' | undefined {
  if (manifest.token.response.contentType) return manifest.token.response.contentType;
  if (accept && !accept.includes('json') && accept.includes('x-www-form-urlencoded')) return 'honest-form';
  return undefined;
}

export function tokenSuccessReply(manifest: ProviderManifest, standard: Record<string, unknown>, extras: Record<string, unknown>, accept?: string): Reply {
  const response = manifest.token.response;
  const inner: Record<string, unknown> = { ...extras };
  for (const [name, value] of Object.entries(standard)) {
    if (value === undefined || name in response.defaults) continue;
    // The granted scope comes back joined the provider's way (token.response.scopeDelimiter, else the request's).
    const wire = name === 'scope' && typeof value === 'string' ? value.split(' ').join(response.scopeDelimiter ?? manifest.authorization.scope.delimiter) : value;
    setAtPath(inner, response.fields[name as keyof typeof response.fields] ?? name, wire);
  }
  const body: Record<string, unknown> = {};
  if (response.root) setAtPath(body, response.root, inner);
  else Object.assign(body, inner);
  const when = response.error.when;
  if (when) setAtPath(body, when.path, when.equals !== undefined ? differentFrom(when.equals) : when.notEquals);
  return reply(manifest, 200, body, accept);
}

export function tokenErrorReply(manifest: ProviderManifest, status: number, error: string, description: string, accept?: string): Reply {
  const config = manifest.token.response.error;
  const body: Record<string, unknown> = {};
  setAtPath(body, config.code, error);
  setAtPath(body, config.description, description);
  // Providers that report errors inside a 200 body (token.response.error.when) do so for every error.
  if (config.when) setAtPath(body, config.when.path, config.when.equals ?? differentFrom(config.when.notEquals!));
  return reply(manifest, config.when ? 200 : status, body, accept);
}

function reply(manifest: ProviderManifest, status: number, body: Record<string, unknown>, accept: string | undefined): Reply {
  const format = negotiatedFormat(manifest, accept);
  const answer = format === 'honest-form' ? { status, headers: { 'content-type': HONEST_CONTENT_TYPE.form, 'cache-control': 'no-store' }, body: encodeForm(body) } : formattedReply(status, body, format);
  // token.response.prefix: the provider's own marker before the body, which clients must strip.
  const prefix = manifest.token.response.prefix;
  return prefix ? { ...answer, body: `${prefix}${answer.body}` } : answer;
}

function differentFrom(value: string | number | boolean): string | number | boolean {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value === 0 ? 1 : 0;
  return value === 'error' ? 'ok' : 'error';
}

function toXml(value: Record<string, unknown>): string {
  const keys = Object.keys(value);
  const single = keys.length === 1 && typeof value[keys[0]!] === 'object' ? keys[0]! : undefined;
  const document = single ? { [single]: value[single] } : { response: value };
  return `<?xml version="1.0" encoding="UTF-8"?>${xmlElements(document)}`;
}

/** `@name` keys are attributes, as the runtime's XML parser reads them (attributeNamePrefix '@'). */
function xmlElements(value: unknown): string {
  if (Array.isArray(value)) return value.map(xmlElements).join('');
  if (typeof value !== 'object' || value === null) return escapeXml(String(value ?? ''));
  return Object.entries(value)
    .filter(([key]) => !key.startsWith('@'))
    .map(([key, item]) => (Array.isArray(item) ? item.map((element) => xmlElement(key, element)).join('') : xmlElement(key, item)))
    .join('');
}

function xmlElement(key: string, item: unknown): string {
  const attributes = typeof item === 'object' && item !== null && !Array.isArray(item) ? Object.entries(item).filter(([name]) => name.startsWith('@')) : [];
  return `<${key}${attributes.map(([name, value]) => ` ${name.slice(1)}="${escapeXml(String(value))}"`).join('')}>${xmlElements(item)}</${key}>`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
