// The emulator's HTTP server: routes each request, turns handler rejections into the provider's error
// shape, applies faults, and keeps a redacted log of what arrived.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { handleApi, handleUserinfo } from './api.ts';
import { handleAuthorize, handleConsent } from './authorize.ts';
import { handleDeviceAuthorization, handleDeviceVerification } from './device.ts';
import { handlePushedAuthorization } from './par.ts';
import type { HandlerContext } from './context.ts';
import { applyReplyFaults, type FaultPlan } from './faults.ts';
import { json, readRequest, text, type EmulatorRequest, type Reply } from './http-io.ts';
import { checkVariables, matchRoute, type RouteName } from './layout.ts';
import { handleRegistration } from './registration.ts';
import { handleAccessToken, handleOAuth1Authorize, handleRequestToken } from './oauth1.ts';
import { discoveryDocument, jwks } from './oidc.ts';
import { handleRevoke } from './revoke.ts';
import { handleToken } from './token.ts';
import { tokenErrorReply } from './token-reply.ts';
import { Rejection } from './wire-checks.ts';

export interface RecordedRequest {
  method: string;
  route: RouteName;
  path: string;
  /** Query and body parameters; credential values are replaced with [redacted]. */
  params: Record<string, string>;
  /** Header names received (values are not kept: they may carry credentials). */
  headerNames: string[];
  status: number;
  /** What the emulator objected to, when it rejected the request. */
  rejection?: string;
  /** When it was answered (ms since the epoch): the gaps between polls show a client's pace. */
  at: number;
}

const SECRET_NAMES = /token|secret|code|verifier|signature|password|assertion/i;

export function createEmulatorServer(context: HandlerContext, faults: FaultPlan, log: RecordedRequest[]): Server {
  return createServer((message, response) => {
    readRequest(message, `http://${message.headers.host ?? '127.0.0.1'}`)
      .then(async (request) => {
        const match = matchRoute(context.manifest, request.url.pathname);
        const hits = faults.take(match.route);
        for (const fault of hits) if (fault.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
        if (hits.some((fault) => fault.kind === 'reset')) {
          record(log, request, match.route, 0, 'connection reset (fault)');
          response.socket?.destroy();
          return;
        }
        let reply: Reply;
        let rejection: string | undefined;
        try {
          const variableProblem = checkVariables(context.manifest, match.route, match.variables, context.vars);
          if (variableProblem) throw new Rejection(404, 'not_found', variableProblem);
          reply = await dispatch(match.route, match.apiPath, request, context);
        } catch (error) {
          if (!(error instanceof Rejection)) throw error;
          rejection = error.description;
          reply = rejectionReply(match.route, error, request, context);
          reply = { ...reply, headers: { ...reply.headers, ...error.headers } };
        }
        reply = applyReplyFaults(reply, hits);
        record(log, request, match.route, reply.status, rejection);
        send(response, reply);
      })
      .catch((error: unknown) => {
        if (process.env.OAUTH_REGISTRY_EMULATOR_DEBUG) console.error(error);
        if (!response.headersSent) send(response, json(500, { error: 'server_error', error_description: 'emulator failure' }));
      });
  });
}

function dispatch(route: RouteName, apiPath: string, request: EmulatorRequest, context: HandlerContext): Reply | Promise<Reply> {
  const oauth1 = context.manifest.protocol === 'oauth1';
  switch (route) {
    case 'requestToken':
      return handleRequestToken(request, context);
    case 'authorize':
      return oauth1 ? handleOAuth1Authorize(request, context) : handleAuthorize(request, context);
    case 'consent':
      return handleConsent(request, context);
    case 'token':
      return oauth1 ? handleAccessToken(request, context) : handleToken(request, context);
    case 'refresh':
      return handleToken(request, context, 'refresh');
    case 'revoke':
      return handleRevoke(request, context);
    case 'discovery':
      return discoveryDocument(context);
    case 'jwks':
      return jwks(context);
    case 'userinfo':
      return handleUserinfo(request, context);
    case 'registration':
      return handleRegistration(request, context);
    case 'pushedAuthorization':
      return handlePushedAuthorization(request, context);
    case 'deviceAuthorization':
      return handleDeviceAuthorization(request, context);
    case 'deviceVerification':
      return handleDeviceVerification(request, context);
    case 'api':
      return handleApi(request, apiPath, context);
  }
}

function rejectionReply(route: RouteName, rejection: Rejection, request: EmulatorRequest, context: HandlerContext): Reply {
  const oauth1 = context.manifest.protocol === 'oauth1';
  if ((route === 'token' || route === 'refresh') && !oauth1) return tokenErrorReply(context.manifest, rejection.status, rejection.error, rejection.description, request.headers.accept);
  if (oauth1 && route !== 'api') {
    // The OAuth Problem Reporting extension most OAuth 1 providers follow.
    return text(rejection.status, new URLSearchParams({ oauth_problem: rejection.error, oauth_problem_advice: rejection.description }).toString(), 'application/x-www-form-urlencoded');
  }
  const headers: Record<string, string> = rejection.status === 401 ? { 'www-authenticate': `Bearer error="${rejection.error}"` } : {};
  return json(rejection.status, { error: rejection.error, error_description: rejection.description }, headers);
}

function record(log: RecordedRequest[], request: EmulatorRequest, route: RouteName, status: number, rejection: string | undefined): void {
  const params: Record<string, string> = {};
  const body = request.contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(request.rawBody) : new URLSearchParams();
  for (const [name, value] of [...new URLSearchParams(request.rawQuery), ...body]) params[name] = SECRET_NAMES.test(name) ? '[redacted]' : value;
  log.push({ method: request.method, route, path: request.url.pathname, params, headerNames: Object.keys(request.headers), status, ...(rejection ? { rejection } : {}), at: Date.now() });
}

function send(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, reply.headers);
  response.end(reply.body);
}
