// Sign-in routes on web-standard Request/Response: login sends the browser to the provider, callback
// finishes the exchange, loads the profile, lets the app register the user and sends the browser on.
import type { OAuthClient } from '../client.ts';
import { defaultErrorResponse } from './error-response.ts';
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
  const providers = new Set(Object.keys(options.clients));
  return async (request) => {
    const url = new URL(request.url);
    const route = matchAuthRoute(request.method, url.pathname, options.basePath, providers);
    if (!route) return undefined;
    try {
      return route.action === 'login' ? await login(options, route, url) : await callback(options, route, request, url);
    } catch (error) {
      return options.onError ? options.onError(error, route.provider, request) : defaultErrorResponse(error);
    }
  };
}

/** The redirect URI registered with the provider for `provider`. */
export function callbackUri(options: Pick<ResolvedAuthOptions, 'origin' | 'basePath'>, provider: string): string {
  return `${options.origin}${options.basePath}/${encodeURIComponent(provider)}/callback`;
}

async function login(options: ResolvedAuthOptions, route: AuthRoute, url: URL): Promise<Response> {
  const client = options.clients[route.provider] as OAuthClient;
  const next = sameOriginPath(url.searchParams.get('next'), options.origin) ?? options.defaultNext;
  const { url: location, transaction } = await client.authorize({ redirectUri: callbackUri(options, route.provider), appState: { next } });
  // Keyed by state like the transaction, so sign-ins running in several tabs each end where they began.
  await options.nextStore.set(nextKey(route.provider, transaction.state), next, Math.max(1, transaction.expiresAt - Date.now()));
  return redirect(location);
}

async function callback(options: ResolvedAuthOptions, route: AuthRoute, request: Request, url: URL): Promise<Response> {
  const client = options.clients[route.provider] as OAuthClient;
  const params = request.method === 'POST' ? await readFormBody(request) : url.searchParams;
  if (!params) return new Response('the callback body must be a small application/x-www-form-urlencoded form', { status: 415 });
  // The client checks state against its transaction store (single use) before any code is exchanged.
  const token = await client.callback(params);
  const profile = await client.profile(token);
  const state = params.get('state');
  const kept = state ? await takeNext(options, nextKey(route.provider, state)) : undefined;
  // Checked again on the way out: the store may be shared with code we do not control.
  const next = sameOriginPath(kept, options.origin) ?? options.defaultNext;
  const outcome = await options.onSignIn({ provider: route.provider, token, profile, next, request });
  await options.tokens?.setToken(route.provider, outcome.userId, token);
  return redirect(outcome.redirect ?? next, outcome);
}

function nextKey(provider: string, state: string): string {
  return `oauth-registry:next:${provider}:${state}`;
}

async function takeNext(options: ResolvedAuthOptions, key: string): Promise<string | undefined> {
  const store = options.nextStore;
  let value: unknown;
  if (store.take) value = await store.take(key);
  else {
    value = await store.get(key);
    await store.delete(key);
  }
  return typeof value === 'string' ? value : undefined;
}

function redirect(location: string, outcome?: SignInOutcome): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  for (const [name, value] of Object.entries(outcome?.headers ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return new Response(null, { status: 302, headers });
}
