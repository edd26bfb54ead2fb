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

/**
 * Clients found on demand, for apps with many providers (or one per tenant): `has` says which provider ids
 * have routes, `get` gives the client (it may build it, an emulator's or a tenant's, on first use).
 */
export interface ClientSource {
  has(provider: string): boolean;
  get(provider: string): OAuthClient | Promise<OAuthClient>;
}

export interface AuthOptions {
  /** By provider id, each built with createClient(id, {...}); or a ClientSource that finds them on demand. */
  clients: Record<string, OAuthClient> | ClientSource;
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

export interface ResolvedAuthOptions extends Omit<AuthOptions, 'clients'> {
  clients: ClientSource;
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
  return { ...options, clients: clientSource(options.clients), origin, basePath, defaultNext };
}

function isClientSource(clients: AuthOptions['clients']): clients is ClientSource {
  return typeof clients.has === 'function' && typeof clients.get === 'function';
}

/** A record is checked now (each entry under its own id) and becomes a source; a source is checked per client. */
function clientSource(clients: AuthOptions['clients']): ClientSource {
  if (isClientSource(clients)) {
    return {
      has: (provider) => clients.has(provider),
      get: async (provider) => {
        const client = await clients.get(provider);
        if (client?.id !== provider) throw new ConfigError('CONFIG_INVALID', `auth clients: the source gave the ${client?.id ?? 'missing'} client for "${provider}"`);
        return client;
      },
    };
  }
  const record = clients as Record<string, OAuthClient>;
  for (const [id, client] of Object.entries(record)) {
    if (client.id !== id) throw new ConfigError('CONFIG_INVALID', `auth clients: the entry "${id}" holds the ${client.id} client`);
  }
  return { has: (provider) => Object.hasOwn(record, provider), get: (provider) => record[provider]! };
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
