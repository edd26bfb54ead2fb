// OAuth 1.0a signature verification (RFC 5849 §3.4): the signature is recomputed with the oauth-1.0a package
// from every parameter the request carried (§3.4.1.3.1: Authorization header minus realm, query, form body).
import { createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import type { EmulatorRequest } from './http-io.ts';

export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'PLAINTEXT' | 'RSA-SHA1';

export interface SignedRequest {
  method: string;
  /** The request URL; its query is part of `params`, not of the base string URI. */
  url: string;
  /** Every signed parameter, oauth_signature included, values decoded. Repeated names keep every value. */
  params: Array<[string, string]>;
}

const HASHES: Record<Exclude<SignatureMethod, 'PLAINTEXT' | 'RSA-SHA1'>, 'sha1' | 'sha256'> = { 'HMAC-SHA1': 'sha1', 'HMAC-SHA256': 'sha256' };

/** RFC 5849 §3.5.1: `OAuth k="v", …` with percent-encoded values. */
export function parseOAuthHeader(value: string | undefined): Array<[string, string]> {
  if (!value || !/^OAuth\s/i.test(value)) return [];
  const pairs: Array<[string, string]> = [];
  for (const [, key, raw] of value.slice(6).matchAll(/([^\s=,]+)="([^"]*)"/g)) pairs.push([decodeURIComponent(key!), decodeURIComponent(raw!)]);
  return pairs;
}

/** Collects the signed parameters of an emulator request. */
export function signedRequestOf(request: EmulatorRequest): SignedRequest {
  const params = parseOAuthHeader(request.headers.authorization).filter(([key]) => key !== 'realm');
  for (const [key, value] of new URLSearchParams(request.rawQuery)) params.push([key, value]);
  if (request.contentType === 'application/x-www-form-urlencoded') for (const [key, value] of new URLSearchParams(request.rawBody)) params.push([key, value]);
  return { method: request.method, url: request.url.toString(), params };
}

/** RFC 5849 §3.4.1.2: scheme and host lower-case, default port dropped, no query or fragment. */
function baseStringUri(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

export function verifySignature(request: SignedRequest, secrets: { consumerSecret: string; tokenSecret?: string; publicKey?: KeyObject }): boolean {
  const values = (key: string) => request.params.filter(([k]) => k === key).map(([, v]) => v);
  const [method] = values('oauth_signature_method');
  const [received] = values('oauth_signature');
  if (!received || (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256' && method !== 'PLAINTEXT' && method !== 'RSA-SHA1')) return false;
  if (method === 'RSA-SHA1' && !secrets.publicKey) return false;
  const data: Record<string, string | string[]> = {};
  for (const [key, value] of request.params) {
    if (key === 'oauth_signature') continue;
    const existing = data[key];
    data[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const oauth = new OAuth({
    consumer: { key: String(data.oauth_consumer_key ?? ''), secret: secrets.consumerSecret },
    signature_method: method,
    hash_function: (base, key) => (method === 'PLAINTEXT' || method === 'RSA-SHA1' ? key : createHmac(HASHES[method], key).update(base).digest('base64')),
  });
  if (method === 'RSA-SHA1') {
    // §3.4.3.2: the base string, verified with the consumer's registered public key.
    const base = oauth.getBaseString({ url: baseStringUri(request.url), method: request.method, data }, {} as OAuth.Data);
    return verify('RSA-SHA1', Buffer.from(base), secrets.publicKey!, Buffer.from(received, 'base64'));
  }
  const expected = oauth.getSignature({ url: baseStringUri(request.url), method: request.method, data }, secrets.tokenSecret, {} as OAuth.Data);
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}
