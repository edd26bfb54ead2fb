// Glue between the sign-in clients and the token manager, so an API call only needs (provider, userId):
// the stored token is found, refreshed by the right client when it is due (single-flight), then used.
import type { OAuthClient, RequestOptions } from '../client.ts';
import { OAuthRegistryError, UnknownProviderError } from '../errors.ts';
import type { ApiResponse } from '../types.ts';
import { createTokenManager, type TokenManager, type TokenManagerOptions } from './manager.ts';

export type ClientTokensOptions = Omit<TokenManagerOptions, 'refresh'>;

/**
 * A TokenManager over every client in `clients`: a token is refreshed with the client of its provider.
 * Everything else (store, lock, leeway, onTokenUpdate) is shared, so one Redis store and lock serve all.
 */
export function createClientTokens(clients: Record<string, OAuthClient>, options: ClientTokensOptions): TokenManager {
  const managers = new Map<string, TokenManager>();
  const managerFor = (provider: string): TokenManager => {
    const client = clients[provider];
    if (!client) throw new UnknownProviderError(provider, []);
    let manager = managers.get(provider);
    if (!manager) {
      manager = createTokenManager({ ...options, refresh: (token) => client.refresh(token) });
      managers.set(provider, manager);
    }
    return manager;
  };
  return {
    getToken: async (provider, userId) => managerFor(provider).getToken(provider, userId),
    setToken: async (provider, userId, token) => managerFor(provider).setToken(provider, userId, token),
    deleteToken: async (provider, userId) => managerFor(provider).deleteToken(provider, userId),
  };
}

type CallOptions = Omit<RequestOptions, 'token'>;

/** `client.request` and its verb shorthands, with the user's current token filled in. */
export interface UserApi {
  request<T = unknown>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  get<T = unknown>(path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  post<T = unknown>(path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  put<T = unknown>(path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  patch<T = unknown>(path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  delete<T = unknown>(path: string, options?: CallOptions): Promise<ApiResponse<T>>;
}

/**
 * API calls on behalf of `userId`: each call asks `tokens` for the user's token (refreshed first when it
 * is within the leeway of expiry; concurrent calls share one refresh) and sends it with `client`.
 * Fails with TOKEN_ERROR when no token is stored for the user, i.e. they have not signed in.
 */
export function userApi(client: OAuthClient, tokens: TokenManager, userId: string): UserApi {
  async function request<T>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const token = await tokens.getToken(client.id, userId);
    if (!token) throw new OAuthRegistryError('TOKEN_ERROR', `no ${client.id} token is stored for this user: they must sign in with ${client.id} first`);
    return client.request<T>(method, path, { ...options, token });
  }
  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, options) => request('POST', path, options),
    put: (path, options) => request('PUT', path, options),
    patch: (path, options) => request('PATCH', path, options),
    delete: (path, options) => request('DELETE', path, options),
  };
}
