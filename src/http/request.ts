// Every request the SDK makes goes through here: ky for timeouts and retries, a cap on the body size, and
// errors that name the URL without its credentials.
import ky, { HTTPError, type KyInstance } from 'ky';
import { NetworkError, ResponseError, redactUrl } from '../errors.ts';
import type { ContentTypeName } from '../manifest/schema.ts';
import { readCappedText } from '../util/read-capped.ts';
import { BodyParseError, type BodyKind, kindFromHeader, parseBody } from './parse.ts';

export interface HttpOptions {
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Retries for idempotent requests answered 408/429/5xx (Retry-After is honoured). */
  retries?: number;
  /** Larger bodies are refused with RESPONSE_TOO_LARGE. */
  maxBodyBytes?: number;
  /** For tests and custom transports. */
  fetch?: typeof fetch;
}

export interface OutgoingRequest {
  url: URL;
  headers: Headers;
  body?: string | undefined;
}

export type PreRequestHook = (request: OutgoingRequest) => void | Promise<void>;

export interface HttpRequest {
  method: string;
  url: URL | string;
  headers?: Record<string, string> | Headers;
  body?: string;
  /** Parse as this type whatever the Content-Type header says. */
  contentType?: ContentTypeName | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  kind: BodyKind;
  data: unknown;
}

export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;

const DEFAULTS = { timeoutMs: 10_000, retries: 2, maxBodyBytes: 5 * 1024 * 1024 };

export function createHttp(options: HttpOptions = {}, preRequest?: PreRequestHook): HttpSend {
  const settings = { ...DEFAULTS, ...options };
  const client: KyInstance = ky.create({
    timeout: settings.timeoutMs,
    redirect: 'manual',
    retry: {
      limit: settings.retries,
      methods: ['get', 'put', 'head', 'delete', 'options'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [413, 429, 503],
      maxRetryAfter: 60_000,
      backoffLimit: 5_000,
    },
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });

  return async (request) => {
    const outgoing: OutgoingRequest = {
      url: new URL(request.url),
      headers: new Headers(request.headers),
      body: request.body,
    };
    if (preRequest) await preRequest(outgoing);
    const target = outgoing.url.toString();
    let response: Response;
    try {
      response = await client(target, { method: request.method, headers: outgoing.headers, body: outgoing.body ?? null });
    } catch (cause) {
      // ky retries only what it throws; the final non-2xx answer is still an answer for the caller to read.
      if (!(cause instanceof HTTPError)) throw new NetworkError(target, { cause });
      response = cause.response;
    }
    const text = await readCapped(response, settings.maxBodyBytes, target);
    const kind = request.contentType ?? kindFromHeader(response.headers.get('content-type'));
    let data: unknown;
    try {
      data = parseBody(text, kind);
    } catch (cause) {
      if (!(cause instanceof BodyParseError)) throw cause;
      throw new ResponseError('UNEXPECTED_RESPONSE', `${redactUrl(target)} answered HTTP ${response.status} with a body that is not valid ${kind}`, response.status);
    }
    return { status: response.status, headers: response.headers, kind: text.trim() === '' ? 'empty' : kind, data };
  };
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () => new ResponseError('RESPONSE_TOO_LARGE', `${redactUrl(url)} answered more than ${maxBytes} bytes`, response.status);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  let text: string | undefined;
  try {
    text = await readCappedText(response.body, maxBytes);
  } catch (cause) {
    throw new NetworkError(url, { cause });
  }
  if (text === undefined) throw tooLarge();
  return text;
}
