// Turns a body into data by its Content-Type, or by the manifest's forced type when the provider mislabels it
// (JSON sent as text/plain, form-encoded sent as text/html). The XML parser is loaded on the first XML body.
import { ResponseError } from '../errors.ts';
import type { ContentTypeName } from '../manifest/schema.ts';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../util/json-depth.ts';

export type BodyKind = ContentTypeName | 'html' | 'empty';

type XmlParse = (text: string) => unknown;
let xmlLoading: Promise<XmlParse> | undefined;

function loadXmlParser(): Promise<XmlParse> {
  xmlLoading ??= import('fast-xml-parser').then(({ XMLParser }) => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true });
    return (text: string) => parser.parse(text, true);
  });
  return xmlLoading;
}

/** What the Content-Type header says the body is; `text` when it says nothing useful. */
export function kindFromHeader(contentType: string | null): BodyKind {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime === 'application/json' || mime.endsWith('+json')) return 'json';
  if (mime === 'application/x-www-form-urlencoded') return 'form';
  if (mime === 'application/xml' || mime === 'text/xml' || mime.endsWith('+xml')) return 'xml';
  if (mime === 'application/javascript' || mime === 'text/javascript') return 'jsonp';
  if (mime === 'text/html') return 'html';
  return 'text';
}

/**
 * Parses `text` as `kind`: the data, or for XML a promise of it (the parser loads on first use). A body
 * that does not parse, or nests too deep, is an UNEXPECTED_RESPONSE naming `where()` (a redacted URL, made
 * only on failure), never quoting the body.
 */
export function parseBodyAs(text: string, kind: BodyKind, where: () => string, status: number): unknown {
  if (text.trim() === '') return kind === 'text' || kind === 'html' ? '' : undefined;
  // Only XML needs a parser loaded first; every other kind parses synchronously.
  if (kind === 'xml') return loadXmlParser().then((xml) => parseLoaded(text, kind, where, status, xml));
  return parseLoaded(text, kind, where, status, undefined);
}

function parseLoaded(text: string, kind: BodyKind, where: () => string, status: number, xml: XmlParse | undefined): unknown {
  let data: unknown;
  try {
    data = parse(text, kind, xml);
  } catch {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${where()} answered HTTP ${status} with a body that is not valid ${kind}`, status);
  }
  // Whatever reads the body next (field paths, stores, JSON.stringify) must not meet unbounded nesting.
  if (exceedsJsonDepth(data)) {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${where()} answered HTTP ${status} with a body nested more than ${MAX_JSON_DEPTH} levels deep`, status);
  }
  return data;
}

function parse(text: string, kind: BodyKind, xml: XmlParse | undefined): unknown {
  switch (kind) {
    case 'json':
      return JSON.parse(text);
    case 'form':
      return Object.fromEntries(new URLSearchParams(text.trim()));
    case 'xml':
      if (!text.trimStart().startsWith('<')) throw new Error('not xml');
      return xml!(text);
    case 'jsonp':
      return JSON.parse(unwrapJsonp(text));
    default:
      return text;
  }
}

/** `callback( {...} );` → `{...}`. A body that is plain JSON is accepted as is. */
function unwrapJsonp(text: string): string {
  // Many JSONP endpoints put an empty comment first (`/**/ cb(...)`) to defuse content sniffing.
  const trimmed = text.trim().replace(/^\/\*[\s\S]*?\*\/\s*/, '');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return trimmed;
  const match = /^[\w$.]+\s*\(([\s\S]*)\)\s*;?$/.exec(trimmed);
  if (!match) throw new Error('not jsonp');
  return match[1]!;
}
