export { createClient } from './create-client.ts';
export { OAuthClient, type AuthorizeOptions, type AuthorizeResult, type ClientOptions, type RequestOptions } from './client.ts';
export { getManifest, listProviders, registerProvider } from './manifest/registry.ts';
export { loadManifest, loadManifestFile } from './manifest/load.ts';
export type { ProviderManifest, ManifestInput } from './manifest/schema.ts';
export * from './errors.ts';
export { TokenSet, type ApiResponse, type NormalizedProfile, type Store, type TokenData, type Transaction } from './types.ts';
export { MemoryStore } from './stores/memory.ts';
export type { OutgoingRequest, PreRequestHook, HttpOptions } from './http/request.ts';
