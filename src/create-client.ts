import { OAuthClient, type ClientOptions } from './client.ts';
import { createClient as createGeneratedClient } from './generated/clients.ts';
import type { ProviderId } from './generated/provider-ids.ts';
import { getManifest, isRegisteredProvider, resolveProviderId } from './manifest/registry.ts';

/**
 * A client for any provider the registry knows, built-in or private (registerProvider), by id or alias. Its
 * type is the generic OAuthClient; `createClient` gives the generated, typed clients.
 */
export function createProviderClient(id: string, options: ClientOptions = {}): OAuthClient {
  return new OAuthClient(getManifest(id), options);
}

/**
 * `createClient('acme', { clientId, clientSecret })`: the generated, typed client of a built-in provider (an
 * unknown id does not compile). An id registered at run time, which only untyped callers can pass, gets the
 * generic client of its registered manifest. An alias is resolved here, so it warns once whichever side
 * builds the client.
 */
export const createClient: typeof createGeneratedClient = ((name: string, options?: ClientOptions) => {
  const id = resolveProviderId(name);
  return isRegisteredProvider(id) ? createProviderClient(id, options) : createGeneratedClient(id as ProviderId as never, options);
}) as typeof createGeneratedClient;
