// Checks shared by the OAuth 2 endpoints: where parameters arrive (token.encoding), under which names
// (rename maps), which fixed extras must come with them, and how the client authenticates (RFC 6749 §2.3.1).
import { createHash } from 'node:crypto';
import type { ProviderManifest } from '../manifest/schema.ts';
import type { CredentialCheck } from './credentials.ts';
import type { EmulatorRequest } from './http-io.ts';
import { header } from './http-io.ts';
import { renderExpected, type TemplateContext } from './templates.ts';

export class Rejection extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    /** Headers the refusal carries (a DPoP challenge and its fresh nonce). */
    readonly headers: Record<string, string> = {},
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

export type ClientAuth = ProviderManifest['token']['clientAuth'];

export interface ClientAuthContext {
  /** The URL the client reached this endpoint at: a client assertion's `aud` (RFC 7523 §3). */
  audience: string;
  /** token.secretHash, for secret_hash clients. */
  secretHash?: ProviderManifest['token']['secretHash'];
  /** What the request carries, for a secret hash over the grant. */
  params?: URLSearchParams;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Authenticates the client the way the manifest says, refusing credentials sent any other way. */
export function checkClientAuth(
  request: EmulatorRequest,
  read: (standard: string) => string | undefined,
  method: ClientAuth,
  credentials: CredentialCheck,
  where: string,
  auth: ClientAuthContext = { audience: '' },
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
  const assertion = read('client_assertion');
  if (method === 'private_key_jwt' || method === 'client_secret_jwt') {
    if (bodySecret !== undefined) reject(400, 'invalid_request', `${where} takes a client assertion, not client_secret`);
    if (read('client_assertion_type') !== ASSERTION_TYPE || !assertion) reject(401, 'invalid_client', `${where} expects a ${method} client assertion (RFC 7523 §2.2)`);
    const problem = credentials.assertionProblem(assertion!, auth.audience);
    if (problem) reject(401, 'invalid_client', `${where}: ${problem}`);
    return bodyId!;
  }
  if (assertion !== undefined) reject(400, 'invalid_request', `${where} does not take client assertions`);
  if (method === 'secret_hash') {
    if (bodySecret !== undefined) reject(400, 'invalid_request', `${where} must never receive the client secret, only its hash`);
    checkSecretHash(auth, credentials, where);
  } else if (method === 'none') {
    if (bodySecret !== undefined) reject(400, 'invalid_request', `${where} expects a public client without client_secret`);
  } else if (!credentials.acceptsSecret(bodySecret)) {
    reject(401, 'invalid_client', `${where}: missing or wrong client_secret`);
  }
  return bodyId!;
}

/** token.secretHash: the digest of the input template over the secret and the grant the request carries. */
function checkSecretHash(auth: ClientAuthContext, credentials: CredentialCheck, where: string): void {
  const spec = auth.secretHash!;
  const params = auth.params ?? new URLSearchParams();
  const grantType = params.get('grant_type') ?? (params.has('refresh_token') ? 'refresh_token' : 'authorization_code');
  const input = typeof spec.input === 'string' ? spec.input : spec.input[grantType as keyof typeof spec.input];
  if (input === undefined) return reject(400, 'invalid_request', `${where} takes no ${grantType} grant from this client`);
  const grant = Object.fromEntries(params);
  const filled = input.replace(/\{\{\s*([a-zA-Z]+)\.([^}\s]+)\s*\}\}/g, (_all, scope: string, path: string) =>
    scope === 'client' ? (path === 'secret' ? credentials.clientSecret : path === 'clientId' ? credentials.clientId : '') : scope === 'grant' ? (grant[path] ?? '') : '',
  );
  const expected = createHash(spec.algorithm).update(filled).digest(spec.encoding);
  if (params.get(spec.param) !== expected) reject(401, 'invalid_client', `${where}: the "${spec.param}" parameter is not the expected ${spec.algorithm} hash of the secret and the grant`);
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
