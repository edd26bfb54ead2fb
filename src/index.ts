// The package's main entry: typed clients for the built-in providers, the generic client for any manifest,
// the manifest registry, errors, stores and the token manager.
export { createClient, createProviderClient } from './create-client.ts';
export type { ProviderId } from './generated/provider-ids.ts';
export { OAuthClient, type AuthorizeOptions, type AuthorizeResult, type ClientOptions, type RequestOptions } from './client.ts';
export { getManifest, listProviders, registerProvider } from './manifest/registry.ts';
export { loadManifest, loadManifestFile } from './manifest/load.ts';
export type { ProviderManifest, ManifestInput } from './manifest/schema.ts';
export * from './errors.ts';
export { TokenSet, type ApiResponse, type NormalizedProfile, type Store, type TokenData, type Transaction } from './types.ts';
export * from './stores/index.ts';
export * from './tokens/index.ts';
export type { OutgoingRequest, PreRequestHook, HttpOptions } from './http/request.ts';
