// Turns a body into data by its Content-Type, or by the manifest's forced type when the provider mislabels it
// (JSON sent as text/plain, form-encoded sent as text/html).
import { XMLParser } from 'fast-xml-parser';
import type { ContentTypeName } from '../manifest/schema.ts';

export type BodyKind = ContentTypeName | 'html' | 'empty';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true });

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

export class BodyParseError extends Error {
  constructor(readonly kind: BodyKind) {
    super(`body is not valid ${kind}`);
  }
}

/** Parses `text` as `kind`. Throws BodyParseError (which never quotes the body) when it does not parse. */
export function parseBody(text: string, kind: BodyKind): unknown {
  if (text.trim() === '') return kind === 'text' || kind === 'html' ? '' : undefined;
  try {
    switch (kind) {
      case 'json':
        return JSON.parse(text);
      case 'form':
        return Object.fromEntries(new URLSearchParams(text.trim()));
      case 'xml':
        return parseXml(text);
      case 'jsonp':
        return JSON.parse(unwrapJsonp(text));
      default:
        return text;
    }
  } catch {
    throw new BodyParseError(kind);
  }
}

function parseXml(text: string): unknown {
  if (!text.trimStart().startsWith('<')) throw new Error('not xml');
  return xml.parse(text, true);
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
