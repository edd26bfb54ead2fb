import { OAuthClient, type ClientOptions } from './client.ts';
import type { createClient as createGeneratedClient } from './generated/clients.ts';
import type { ProviderId } from './generated/provider-ids.ts';
import { type ProviderIndex, sourceFromIndex } from './manifest/provider-index.ts';
import { manifestSource } from './manifest/registry.ts';

/**
 * A client for any provider the registry knows, built-in or private (registerProvider), by id or alias. Its
 * type is the generic OAuthClient; `createClient` gives the typed clients. A built-in manifest is loaded
 * (that provider's alone) when the client is first used.
 */
export function createProviderClient(id: string, options: ClientOptions = {}): OAuthClient {
  return new OAuthClient(manifestSource(id), options);
}

/**
 * `createClient('acme', { clientId, clientSecret })`: a typed client of a built-in provider (an unknown id
 * does not compile), or of one registered at run time, which only untyped callers can name.
 */
export const createClient: typeof createGeneratedClient = ((name: string, options?: ClientOptions) =>
  createProviderClient(name as ProviderId, options)) as typeof createGeneratedClient;

/** The runtime of a generated `createClient`: a client of `name` from a generated provider index. */
export function clientFromIndex(index: ProviderIndex, name: string, options: ClientOptions = {}): OAuthClient {
  return new OAuthClient(sourceFromIndex(index, name), options);
}
