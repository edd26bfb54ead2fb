// oauth-registry/express: the web handler's sign-in routes as an Express router. The logic lives once, in
// src/web; this file only converts Express's req/res to a web Request and back.
import { Readable } from 'node:stream';
import { Router, type Request as ExpressRequest, type Response as ExpressResponse } from 'express';
import { createAuthHandler } from '../web/handler.ts';
import { type AuthOptions, resolveAuthOptions } from '../web/options.ts';
import { matchAuthRoute } from '../web/routes.ts';

export type { AuthOptions, ClientSource, SignInOutcome, SignInResult } from '../web/options.ts';
export { callbackUri, sameOriginPath } from '../web/index.ts';
export { createClientTokens, userApi, type ClientTokensOptions, type UserApi } from '../tokens/client-tokens.ts';

/** `app.use(createAuthRouter({...}))`: mount it at the root; the routes live under options.basePath. */
export function createAuthRouter(options: AuthOptions): Router {
  const resolved = resolveAuthOptions(options);
  const handle = createAuthHandler(resolved);
  const router = Router();
  router.use((req, res, next) => {
    const url = new URL(req.originalUrl, resolved.origin);
    // Only our routes are converted: reading the body of any other request would take it from the app.
    if (!matchAuthRoute(req.method, url.pathname, resolved.basePath, resolved.clients)) return next();
    handle(toWebRequest(req, url))
      .then(async (response) => (response ? send(response, res) : next()))
      .catch(next);
  });
  return router;
}

/**
 * The URL is built from the configured origin, never from the Host header a client can forge. A body an
 * app's parser already read (express.urlencoded(), .raw(), .text()) is passed on as parsed; otherwise
 * the raw stream is.
 */
function toWebRequest(req: ExpressRequest, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers };
  if (req.method === 'POST') {
    const parsed: unknown = req.body;
    if (typeof parsed === 'string' || Buffer.isBuffer(parsed)) {
      init.body = typeof parsed === 'string' ? parsed : new Uint8Array(parsed);
      headers.delete('content-length');
    } else if (parsed && typeof parsed === 'object') {
      init.body = formBody(parsed as Record<string, unknown>);
      headers.set('content-type', 'application/x-www-form-urlencoded');
      headers.delete('content-length');
    } else {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
  }
  return new Request(url, init);
}

/**
 * A parsed form back to its encoded form. A parser turns a repeated field into an array: it is sent as
 * repeated fields again, so the handler sees (and refuses) the repeat rather than one joined value.
 */
function formBody(parsed: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(parsed)) {
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') form.append(name, item);
  }
  return form.toString();
}

async function send(response: Response, res: ExpressResponse): Promise<void> {
  res.status(response.status);
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}
