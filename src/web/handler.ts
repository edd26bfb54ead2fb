// Sign-in routes on web-standard Request/Response: login sends the browser to the provider, callback
// finishes the exchange, loads the profile, lets the app register the user and sends the browser on.
import { callbackParams, providerCallbackNames, standardCallback } from '../callback-params.ts';
import { CallbackError } from '../errors.ts';
import { denialWithoutState } from '../oauth1/authorization.ts';
import { bindingCookie, type BindingKey, clearBindingCookie, isBoundBrowser } from './browser-binding.ts';
import { defaultErrorResponse, textErrorResponse, withErrorHeaders } from './error-response.ts';
import { readFormBody } from './form-body.ts';
import { sameOriginPath } from './next-path.ts';
import { type AuthOptions, type ResolvedAuthOptions, resolveAuthOptions, type SignInOutcome } from './options.ts';
import { type AuthRoute, matchAuthRoute } from './routes.ts';

export type AuthHandler = (request: Request) => Promise<Response | undefined>;

/**
 * Answers GET {basePath}/:provider/login and GET|POST {basePath}/:provider/callback; resolves to undefined
 * for every other request, so it can sit in front of the app's own routes.
 */
export function createAuthHandler(input: AuthOptions): AuthHandler {
  const options = resolveAuthOptions(input);
  return async (request) => {
    const url = new URL(request.url);
    const route = matchAuthRoute(request.method, url.pathname, options.basePath, options.clients);
    if (!route) return undefined;
    try {
      return route.action === 'login' ? await login(options, route, url) : await callback(options, route, request, url);
    } catch (error) {
      return options.onError ? withErrorHeaders(await options.onError(error, route.provider, request)) : defaultErrorResponse(error);
    }
  };
}

/** The redirect URI registered with the provider for `provider`. */
export function callbackUri(options: Pick<ResolvedAuthOptions, 'origin' | 'basePath'>, provider: string): string {
  return `${options.origin}${callbackPath(options, provider)}`;
}

function callbackPath(options: Pick<ResolvedAuthOptions, 'basePath'>, provider: string): string {
  return `${options.basePath}/${encodeURIComponent(provider)}/callback`;
}

async function login(options: ResolvedAuthOptions, route: AuthRoute, url: URL): Promise<Response> {
  const client = await (await options.clients.get(route.provider)).ready();
  const next = sameOriginPath(url.searchParams.get('next'), options.origin) ?? options.defaultNext;
  // `next` rides in the transaction, keyed by state: each tab ends where it began.
  const { url: location, transaction } = await client.authorize({ redirectUri: callbackUri(options, route.provider), appState: { next } });
  const ttlMs = Math.max(1000, transaction.expiresAt - Date.now());
  const cookie = bindingCookie({
    ...bindingKey(options, route, transaction.state),
    maxAgeSeconds: Math.floor(ttlMs / 1000),
    crossSitePost: client.manifest.protocol !== 'oauth1' && client.manifest.authorization.responseMode === 'form_post',
  });
  return redirect(location, { 'set-cookie': cookie });
}

async function callback(options: ResolvedAuthOptions, route: AuthRoute, request: Request, url: URL): Promise<Response> {
  // A client made by the main entry's createClient loads its manifest on first use.
  const client = await (await options.clients.get(route.provider)).ready();
  const fields = request.method === 'POST' ? await readFormBody(request) : url.searchParams;
  if (!fields) return textErrorResponse(415, 'the callback body must be a small application/x-www-form-urlencoded form');
  // Read once, here: the cookie check and the client must see the same state (a repeated one is refused).
  const params = standardCallback(client.manifest, callbackParams(fields, providerCallbackNames(client.manifest)));
  const state = params.state;
  if (!state) {
    // An OAuth 1 refusal may come back without our state; reporting it signs nobody in.
    const denial = client.manifest.protocol === 'oauth1' ? denialWithoutState(params) : undefined;
    throw denial ?? new CallbackError('MISSING_STATE', 'the callback carries no state parameter');
  }
  const binding = bindingKey(options, route, state);
  if (!isBoundBrowser(request, binding)) throw new CallbackError('STATE_MISMATCH', 'this browser did not start the sign-in the callback belongs to (no sign-in cookie for its state)');
  // The client checks state against its transaction store (single use) before any code is exchanged.
  const { token, transaction } = await client.completeCallback(params);
  const profile = await client.profile(token);
  // Checked again on the way out: the transaction store may be shared with code we do not control.
  const next = sameOriginPath(transaction.appState?.next ?? null, options.origin) ?? options.defaultNext;
  const outcome = await options.onSignIn({ provider: route.provider, token, profile, next, request });
  await options.tokens?.setToken(route.provider, outcome.userId, token);
  return redirect(outcome.redirect ?? next, outcome.headers, clearBindingCookie(binding));
}

function bindingKey(options: ResolvedAuthOptions, route: AuthRoute, state: string): BindingKey {
  return { state, path: callbackPath(options, route.provider), secure: options.origin.startsWith('https:') };
}

function redirect(location: string, extra: SignInOutcome['headers'] = {}, ...cookies: string[]): Response {
  // The callback URL (code, state) must not leak as the Referer of the next page (RFC 9700 §4.2.4).
  const headers = new Headers({ location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  for (const [name, value] of Object.entries(extra)) {
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return new Response(null, { status: 302, headers });
}
