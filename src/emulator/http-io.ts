// The request and reply shapes every emulator handler works with: handlers return a Reply instead of
// writing to the socket, so faults (wrong content type, malformed body) can be applied afterwards.
import type { IncomingMessage } from 'node:http';

export interface EmulatorRequest {
  method: string;
  /** Absolute URL as the client addressed it (used for OAuth 1 signature base strings). */
  url: URL;
  /** The query string exactly as sent, for checks that care about encoding (literal `+`). */
  rawQuery: string;
  headers: Record<string, string>;
  rawBody: string;
  contentType: string;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function readRequest(message: IncomingMessage, origin: string): Promise<EmulatorRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const target = message.url ?? '/';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const questionMark = target.indexOf('?');
  return {
    method: (message.method ?? 'GET').toUpperCase(),
    url: new URL(target, `http://${headers.host ?? new URL(origin).host}`),
    rawQuery: questionMark >= 0 ? target.slice(questionMark + 1) : '',
    headers,
    rawBody: Buffer.concat(chunks).toString('utf8'),
    contentType: (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase(),
  };
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

export function form(status: number, value: Record<string, unknown>, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: encodeForm(value) };
}

export function text(status: number, value: string, contentType = 'text/plain; charset=utf-8'): Reply {
  return { status, headers: { 'content-type': contentType }, body: value };
}

export function redirect(location: string): Reply {
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

export function encodeForm(value: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || item === null) continue;
    params.set(key, typeof item === 'object' ? JSON.stringify(item) : String(item));
  }
  return params.toString();
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A header value by case-insensitive name (node lower-cases incoming names). */
export function header(request: EmulatorRequest, name: string): string | undefined {
  return request.headers[name.toLowerCase()];
}
