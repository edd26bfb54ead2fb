// The options an app gives the sign-in routes, checked once when the handler is built.
import type { OAuthClient } from '../client.ts';
import { ConfigError } from '../errors.ts';
import { isLoopbackHost } from '../util/url.ts';
import { sameOriginPath } from './next-path.ts';
import type { TokenManager } from '../tokens/index.ts';
import type { NormalizedProfile, TokenSet } from '../types.ts';

export interface SignInResult {
  provider: string;
  token: TokenSet;
  profile: NormalizedProfile;
  /** The same-origin path the sign-in started with (`?next=`), or defaultNext. */
  next: string;
  request: Request;
}

export interface SignInOutcome {
  /** The app's own id for this user: the token is stored under (provider, userId) when `tokens` is set. */
  userId: string;
  /** Where to send the browser; default `next`. */
  redirect?: string;
  /** Extra response headers, e.g. Set-Cookie for the app's own session. */
  headers?: Record<string, string | string[]>;
}

export interface AuthOptions {
  /** By provider id, each built with createClient(id, {...}). */
  clients: Record<string, OAuthClient>;
  /** The app's public origin, e.g. https://app.example: redirect URIs are `${origin}${basePath}/${id}/callback`. */
  origin: string;
  /** Default `/auth`. */
  basePath?: string;
  /** Where a sign-in without a usable `next` ends. Default `/`. */
  defaultNext?: string;
  /** Where the token is saved under (provider, userId) after onSignIn. */
  tokens?: TokenManager;
  onSignIn(result: SignInResult): Promise<SignInOutcome> | SignInOutcome;
  /** Default: 400 (callback errors, denied consent) / 502 (provider errors), text/plain code and message. */
  onError?(error: unknown, provider: string, request: Request): Response | Promise<Response>;
}

export interface ResolvedAuthOptions extends AuthOptions {
  origin: string;
  basePath: string;
  defaultNext: string;
}

export function resolveAuthOptions(options: AuthOptions): ResolvedAuthOptions {
  const origin = checkOrigin(options.origin);
  const basePath = options.basePath ?? '/auth';
  if (!/^\/[^/?#]/.test(basePath) || basePath.endsWith('/') || /[?#]/.test(basePath)) {
    throw new ConfigError('CONFIG_INVALID', `auth basePath must be a path like "/auth" (leading slash, no trailing slash), got "${basePath}"`);
  }
  const defaultNext = options.defaultNext ?? '/';
  if (sameOriginPath(defaultNext, origin) === undefined) {
    throw new ConfigError('CONFIG_INVALID', `auth defaultNext must be a same-origin path starting with a single "/", got "${defaultNext}"`);
  }
  for (const [id, client] of Object.entries(options.clients)) {
    if (client.id !== id) throw new ConfigError('CONFIG_INVALID', `auth clients: the entry "${id}" holds the ${client.id} client`);
  }
  return { ...options, origin, basePath, defaultNext };
}

/** An origin (scheme, host, port and nothing else), HTTPS unless it is loopback: redirect URIs are built from it. */
function checkOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('CONFIG_INVALID', `auth origin must be an absolute URL such as https://app.example, got "${value}"`);
  }
  if (url.origin !== value.replace(/\/$/, '')) {
    throw new ConfigError('CONFIG_INVALID', `auth origin must be scheme, host and port only (no path, query or credentials), got "${url.origin}…"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigError('INSECURE_ENDPOINT', `auth origin ${url.origin} must use https (plain http is allowed on loopback only)`);
  }
  return url.origin;
}
