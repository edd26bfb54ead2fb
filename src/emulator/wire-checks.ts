// Checks shared by the OAuth 2 endpoints: where parameters arrive (token.encoding), under which names
// (rename maps), which fixed extras must come with them, and how the client authenticates (RFC 6749 §2.3.1).
import type { CredentialCheck } from './credentials.ts';
import type { EmulatorRequest } from './http-io.ts';
import { header } from './http-io.ts';
import { renderExpected, type TemplateContext } from './templates.ts';

export class Rejection extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export const reject = (status: number, error: string, description: string): never => {
  throw new Rejection(status, error, description);
};

export type Encoding = 'form' | 'json' | 'query';

/** The parameters of a request sent with `encoding`; parameters found anywhere else are refused. */
export function readParams(request: EmulatorRequest, encoding: Encoding, where: string): URLSearchParams {
  const query = new URLSearchParams(request.rawQuery);
  if (encoding === 'query') {
    if (request.rawBody.trim()) reject(400, 'invalid_request', `${where} expects its parameters in the query string, got a request body`);
    return query;
  }
  if ([...query.keys()].length) reject(400, 'invalid_request', `${where} expects its parameters in a ${encoding} body, got query parameters`);
  if (encoding === 'form') {
    if (request.contentType !== 'application/x-www-form-urlencoded') reject(400, 'invalid_request', `${where} expects an application/x-www-form-urlencoded body, got "${request.contentType || 'none'}"`);
    return new URLSearchParams(request.rawBody);
  }
  if (request.contentType !== 'application/json') reject(400, 'invalid_request', `${where} expects an application/json body, got "${request.contentType || 'none'}"`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.rawBody);
  } catch {
    reject(400, 'invalid_request', `${where} could not parse the JSON body`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return reject(400, 'invalid_request', `${where} expects a JSON object body`);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(parsed)) params.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  return params;
}

/** Reads standard parameters under the provider's names; the standard name itself is refused when renamed. */
export function renamedReader(params: URLSearchParams, rename: Partial<Record<string, string>>, where: string) {
  for (const [standard, renamed] of Object.entries(rename)) {
    if (renamed && renamed !== standard && params.has(standard)) reject(400, 'invalid_request', `${where} expects "${renamed}" instead of "${standard}"`);
  }
  return (standard: string): string | undefined => params.get(rename[standard] ?? standard) ?? undefined;
}

/** Fixed extra parameters (authorization.params, token.params, api.query) must arrive with their values. */
export function checkFixedParams(params: URLSearchParams, fixed: Record<string, string | number | boolean>, context: TemplateContext, where: string): void {
  for (const [name, value] of Object.entries(fixed)) {
    const received = params.get(name);
    if (received === null) reject(400, 'invalid_request', `${where} requires the parameter "${name}"`);
    const expected = renderExpected(value, context);
    if (expected !== undefined && received !== expected) reject(400, 'invalid_request', `${where} got an unexpected value for "${name}"`);
  }
}

/** Fixed headers (token.headers, api.headers) must arrive with their values. */
export function checkFixedHeaders(request: EmulatorRequest, fixed: Record<string, string>, context: TemplateContext, where: string, status = 400): void {
  for (const [name, value] of Object.entries(fixed)) {
    const received = header(request, name);
    const expected = renderExpected(value, context);
    if (received === undefined) reject(status, 'invalid_request', `${where} requires the header ${name}`);
    if (expected !== undefined && received !== expected) reject(status, 'invalid_request', `${where} got an unexpected ${name} header`);
  }
}

export type ClientAuth = 'basic' | 'post' | 'basic_and_client_id' | 'none';

/** Authenticates the client the way the manifest says, refusing credentials sent any other way. */
export function checkClientAuth(
  request: EmulatorRequest,
  read: (standard: string) => string | undefined,
  method: ClientAuth,
  credentials: CredentialCheck,
  where: string,
): string {
  const basic = parseBasic(header(request, 'authorization'));
  const bodyId = read('client_id');
  const bodySecret = read('client_secret');
  const wantsBasic = method === 'basic' || method === 'basic_and_client_id';
  if (wantsBasic) {
    if (!basic) reject(401, 'invalid_client', `${where} expects HTTP Basic client authentication`);
    if (bodySecret !== undefined) reject(400, 'invalid_request', `${where} refuses client_secret in the body when using HTTP Basic`);
    if (method === 'basic_and_client_id' && bodyId !== basic!.id) reject(400, 'invalid_request', `${where} expects client_id in the body as well as HTTP Basic`);
    if (basic!.id !== credentials.clientId || !credentials.acceptsSecret(basic!.secret)) reject(401, 'invalid_client', `${where}: unknown client or wrong secret`);
    return basic!.id;
  }
  if (basic) reject(400, 'invalid_request', `${where} does not accept HTTP Basic client authentication`);
  if (bodyId !== credentials.clientId) reject(401, 'invalid_client', `${where}: missing or unknown client_id`);
  if (method === 'none') {
    if (bodySecret !== undefined) reject(400, 'invalid_request', `${where} expects a public client without client_secret`);
  } else if (!credentials.acceptsSecret(bodySecret)) {
    reject(401, 'invalid_client', `${where}: missing or wrong client_secret`);
  }
  return bodyId!;
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
function parseBasic(value: string | undefined): { id: string; secret: string } | undefined {
  const match = value ? /^Basic\s+(\S+)$/i.exec(value) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const unescape = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
  return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
}
