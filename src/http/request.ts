// Every request the SDK makes goes through here: ky for retries, one deadline over the whole exchange (body
// included), a cap on the body size, and errors that name the URL without its credentials. ky is imported
// on the first request, so building an authorization URL loads no HTTP client.
import type { KyInstance, Options as KyOptions } from 'ky';
import { NetworkError, ResponseError, redactUrl } from '../errors.ts';
import type { ContentTypeName } from '../manifest/schema.ts';
import { readCappedText } from '../util/read-capped.ts';
import { type BodyKind, kindFromHeader, parseBodyAs } from './parse.ts';

export interface HttpOptions {
  /** One deadline for the whole exchange: every attempt, the waits between them and the body. */
  timeoutMs?: number;
  /** Retries for idempotent requests answered 408/429/5xx (Retry-After is honoured within the deadline). */
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
  /** A URL object is used as is (and may be changed by preRequest): no second parse. */
  url: URL | string;
  headers?: Record<string, string> | Headers;
  body?: string | undefined;
  /** Parse as this type whatever the Content-Type header says. */
  contentType?: ContentTypeName | undefined;
  /** Text the provider puts before the body, removed before parsing (token.response.prefix). */
  bodyPrefix?: string | undefined;
  /**
   * A one-time exchange (an authorization code, a rotating refresh token, OAuth 1 credentials): never
   * repeated, whatever its method, since a second attempt can only fail or, worse, succeed twice.
   */
  oneTime?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  kind: BodyKind;
  data: unknown;
}

export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;

const DEFAULTS = { timeoutMs: 10_000, retries: 2, maxBodyBytes: 5 * 1024 * 1024 };
const RETRY_STATUS = [408, 429, 500, 502, 503, 504];

let kyLoading: Promise<typeof import('ky')> | undefined;
const loadKy = () => (kyLoading ??= import('ky'));

export function createHttp(options: HttpOptions = {}, preRequest?: PreRequestHook): HttpSend {
  const settings = { ...DEFAULTS, ...options };
  let client: KyInstance | undefined;

  return async (request) => {
    const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
    // A plain record goes to ky as it is; the hook gets a Headers object to edit.
    let headers = request.headers;
    let body = request.body;
    if (preRequest) {
      const outgoing: OutgoingRequest = { url, headers: headers instanceof Headers ? headers : new Headers(headers), body };
      await preRequest(outgoing);
      ({ headers, body } = outgoing);
    }
    const target = url.href;
    client ??= (await loadKy()).default.create(kyDefaults(settings));
    const deadline = Date.now() + settings.timeoutMs;
    const signal = AbortSignal.timeout(settings.timeoutMs);
    const retry = request.oneTime ? { limit: 0 } : { shouldRetry: retryWithin(deadline) };
    let response: Response;
    try {
      response = await client(target, { method: request.method, ...(headers ? { headers } : {}), body: body ?? null, signal, retry });
    } catch (cause) {
      // ky throws the last non-2xx answer after its retries; it is still an answer for the caller to read.
      const answered = (cause as { response?: unknown }).response;
      if (!(answered instanceof Response)) throw new NetworkError(target, { cause });
      response = answered;
    }
    const read = await readBody(response, settings.maxBodyBytes, target);
    const text = request.bodyPrefix && read.startsWith(request.bodyPrefix) ? read.slice(request.bodyPrefix.length) : read;
    const kind = request.contentType ?? kindFromHeader(response.headers.get('content-type'));
    const parsed = parseBodyAs(text, kind, () => redactUrl(target), response.status);
    const data = parsed instanceof Promise ? await parsed : parsed;
    return { status: response.status, headers: response.headers, kind: text.trim() === '' ? 'empty' : kind, data };
  };
}

function kyDefaults(settings: typeof DEFAULTS & HttpOptions): KyOptions {
  return {
    // The deadline is the per-call signal, which also bounds the body; ky's own timeout stops at the headers.
    timeout: false,
    redirect: 'manual',
    retry: {
      limit: settings.retries,
      methods: ['get', 'put', 'head', 'delete', 'options'],
      statusCodes: RETRY_STATUS,
      afterStatusCodes: [413, 429, 503],
      backoffLimit: 5_000,
    },
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  };
}

/** A Retry-After that would outlast the deadline ends the retries: the answer in hand is the result. */
function retryWithin(deadline: number) {
  return ({ error }: { error: Error }): boolean | undefined => {
    const response = (error as { response?: unknown }).response;
    if (!(response instanceof Response)) return undefined;
    const header = response.headers.get('retry-after');
    if (!header) return undefined;
    const seconds = Number(header);
    const waitMs = Number.isNaN(seconds) ? Date.parse(header) - Date.now() : seconds * 1000;
    return Number.isNaN(waitMs) || Date.now() + waitMs >= deadline ? false : undefined;
  };
}

async function readBody(response: Response, maxBytes: number, url: string): Promise<string> {
  const tooLarge = () => new ResponseError('RESPONSE_TOO_LARGE', `${redactUrl(url)} answered more than ${maxBytes} bytes`, response.status);
  const declared = response.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  let text: string | undefined;
  try {
    // A declared length within the cap is read in one step; otherwise chunk by chunk, counting. A compressed
    // body is always counted, since its declared length says nothing about what it inflates to.
    const bounded = declared !== null && !response.headers.has('content-encoding');
    text = bounded ? await response.text() : await readCappedText(response.body, maxBytes);
  } catch (cause) {
    throw new NetworkError(url, { cause });
  }
  if (text === undefined) throw tooLarge();
  return text;
}
