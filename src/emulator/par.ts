// RFC 9126 pushed authorization requests as the provider serves them: the PAR endpoint authenticates the
// client as the token endpoint does, checks the parameters as the authorization endpoint would, and answers
// a one-time request_uri; the authorization endpoint then takes that request_uri (and client_id) alone.
import { randomBytes } from 'node:crypto';
import { checkAuthorizationRequest, FRAGMENT_ECHO } from './authorize.ts';
import type { HandlerContext } from './context.ts';
import { json, type EmulatorRequest, type Reply } from './http-io.ts';
import type { EmulatorState } from './state.ts';
import { checkClientAuth, readParams, reject } from './wire-checks.ts';

const WHERE = 'pushed authorization endpoint';
/** §2.2 suggests a short lifetime: long enough to reach the authorization endpoint, no longer. */
export const REQUEST_URI_LIFETIME_SECONDS = 60;
/** §2.2: the URN prefix of request_uri values the provider makes up. */
const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';
/** Client authentication travels to the PAR endpoint only; it is not part of the authorization request. */
const CLIENT_AUTH_PARAMS = ['client_secret', 'client_assertion', 'client_assertion_type'];

interface PushedRequest {
  clientId: string;
  params: string;
  expiresAt: number;
  used: boolean;
}

const pushedByState = new WeakMap<EmulatorState, Map<string, PushedRequest>>();

function pushedOf(context: HandlerContext): Map<string, PushedRequest> {
  let pushed = pushedByState.get(context.state);
  if (!pushed) pushedByState.set(context.state, (pushed = new Map()));
  return pushed;
}

/** §2.1 request, §2.2 answer (201 with request_uri and expires_in), §2.3 errors. */
export function handlePushedAuthorization(request: EmulatorRequest, context: HandlerContext): Reply {
  if (request.method !== 'POST') reject(405, 'invalid_request', `${WHERE} expects POST`);
  const params = readParams(request, 'form', WHERE);
  if (params.has('request_uri')) reject(400, 'invalid_request', `${WHERE}: request_uri cannot itself be pushed (RFC 9126 §2.1)`);
  const clientId = checkClientAuth(request, (name) => params.get(name) ?? undefined, context.manifest.token.clientAuth, context.credentials, WHERE, {
    audience: context.endpoints.pushedAuthorization ?? '',
  });
  const authorization = new URLSearchParams(params);
  for (const name of CLIENT_AUTH_PARAMS) authorization.delete(name);
  // §2.1: the pushed request is checked as the authorization endpoint would check it.
  checkAuthorizationRequest(authorization, authorization.toString(), context);
  const requestUri = `${REQUEST_URI_PREFIX}${randomBytes(18).toString('base64url')}`;
  const pushed = pushedOf(context);
  const now = Date.now();
  for (const [uri, entry] of pushed) if (entry.expiresAt <= now) pushed.delete(uri);
  pushed.set(requestUri, { clientId, params: authorization.toString(), expiresAt: now + REQUEST_URI_LIFETIME_SECONDS * 1000, used: false });
  return json(201, { request_uri: requestUri, expires_in: REQUEST_URI_LIFETIME_SECONDS }, { 'cache-control': 'no-store' });
}

/**
 * §4 at the authorization endpoint: the parameters a request_uri stands for, used once and before it expires,
 * with nothing but client_id beside it. Without request_uri: undefined, or (authorization.par required, §5)
 * a refusal.
 */
export function resolvePushedRequest(query: URLSearchParams, context: HandlerContext): URLSearchParams | undefined {
  const where = 'authorization endpoint';
  const requestUri = query.get('request_uri');
  if (requestUri === null) {
    if (context.manifest.authorization.par === 'required') reject(400, 'invalid_request', `${where}: this provider only takes pushed authorization requests (RFC 9126 §5)`);
    return undefined;
  }
  if (!context.manifest.authorization.par) reject(400, 'invalid_request', `${where} does not take request_uri`);
  const clientIdName = context.manifest.authorization.rename.client_id ?? 'client_id';
  for (const name of query.keys()) {
    if (name !== clientIdName && name !== 'request_uri' && name !== FRAGMENT_ECHO) {
      reject(400, 'invalid_request', `${where}: with request_uri every parameter must be pushed, got "${name}" in the URL`);
    }
  }
  const pushed = pushedOf(context).get(requestUri);
  if (!pushed) return reject(400, 'invalid_request_uri', `${where}: unknown request_uri`);
  if (pushed.used) reject(400, 'invalid_request_uri', `${where}: request_uri was already used`);
  if (pushed.expiresAt <= Date.now()) reject(400, 'invalid_request_uri', `${where}: request_uri has expired`);
  if (query.get(clientIdName) !== pushed.clientId) reject(400, 'invalid_request', `${where}: client_id is not the client that pushed the request`);
  pushed.used = true;
  return new URLSearchParams(pushed.params);
}
