// Plays a provider through the client's own `http.fetch` option: the client, ky, the body cap and the
// parsers all run as in production; only the socket is left out, which makes a run three to four times
// cheaper than through nock. What only a socket can do (1xx answers, lying lengths, cut connections) is
// played by wire.ts on 127.0.0.1.
import { type AnswerTemplate, ECHO } from './answers.ts';

export interface SeenRequest {
  method: string;
  url: string;
  authorization: string;
  body: string;
}

/** A null-body status carries no body, whatever the server wrote (Fetch §2.2.3). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** A fetch that answers every request with `answerFor(request)`; undefined plays a refused connection. */
export function fakeFetch(answerFor: (request: SeenRequest) => AnswerTemplate | undefined): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const seen: SeenRequest = { method: request.method, url: request.url, authorization: request.headers.get('authorization') ?? '', body: await request.text() };
    const template = answerFor(seen);
    if (!template) throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const { status, headers, body } = renderAnswer(template, seen);
    return new Response(NULL_BODY.has(status) ? null : (body as Uint8Array<ArrayBuffer>), { status, headers });
  };
}

export interface RenderedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The template with its echo markers filled from `seen`, encoded as its kind says. */
export function renderAnswer(template: AnswerTemplate, seen: SeenRequest): RenderedAnswer {
  const value = fill(template.value, seen);
  const text = encode(template.kind, value);
  // `raw` bodies are bytes, many of them not UTF-8.
  const body = template.kind === 'raw' ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
  const headers: Record<string, string> = { 'content-length': String(body.byteLength) };
  if (template.contentType !== undefined) headers['content-type'] = template.contentType;
  return { status: template.status, headers, body: new Uint8Array(body) as Uint8Array<ArrayBuffer> };
}

function fill(value: unknown, seen: SeenRequest): unknown {
  if (typeof value === 'string') return value.replaceAll(ECHO.body, seen.body).replaceAll(ECHO.url, seen.url).replaceAll(ECHO.authorization, seen.authorization);
  if (Array.isArray(value)) return value.map((item) => fill(item, seen));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) Object.defineProperty(out, key, { value: fill(item, seen), enumerable: true, writable: true, configurable: true });
  return out;
}

function encode(kind: AnswerTemplate['kind'], value: unknown): string {
  switch (kind) {
    case 'json':
      return JSON.stringify(value) ?? 'null';
    case 'jsonp':
      return `/**/ acme_cb(${JSON.stringify(value) ?? ''});`;
    case 'form':
      return typeof value === 'object' && value !== null ? new URLSearchParams(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''])).toString() : String(value);
    case 'xml':
      return `<?xml version="1.0"?>${xml('response', value)}`;
    default:
      return String(value);
  }
}

function xml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => xml(name, item)).join('');
  const inner = typeof value === 'object' && value !== null ? Object.entries(value).map(([key, item]) => xml(key, item)).join('') : escapeXml(String(value));
  return `<${name}>${inner}</${name}>`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
}
