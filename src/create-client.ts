import { OAuthClient, type ClientOptions } from './client.ts';
import { getManifest } from './manifest/registry.ts';

/** A client for a registered provider, by id: `createClient('weibo', { clientId, clientSecret })`. */
export function createClient(id: string, options: ClientOptions = {}): OAuthClient {
  return new OAuthClient(getManifest(id), options);
}
