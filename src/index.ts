// The package's main entry: typed clients for the built-in providers, the generic client for any manifest,
// provider look-up, errors, the stores that need no server, and the token manager. It loads no YAML
// parser, no zod and no Redis client: manifests are validated through `oauth-registry/manifest`, and the
// Redis store lives in `oauth-registry/redis`.
export { createClient, createProviderClient } from './create-client.ts';
export type { ProviderId } from './generated/provider-ids.ts';
export { OAuthClient, type AuthorizeOptions, type AuthorizeResult, type ClientOptions, type RequestOptions } from './client.ts';
export { getManifest, listProviders } from './manifest/registry.ts';
export { registerClient, type RegisteredClient, type RegistrationOptions } from './registration.ts';
export { DeviceAuthorization, type DeviceAuthorizationData, type DeviceAuthorizationOptions, type PollDeviceTokenOptions } from './oauth2/device.ts';
export { DpopKeyPair, exportDpopKeyPair, generateDpopKeyPair, importDpopKeyPair, type DpopKeyPairJson } from './dpop/keys.ts';
export type { DpopOption } from './dpop/session.ts';
export type { ProviderManifest, ManifestInput } from './manifest/schema.ts';
export * from './errors.ts';
export { TokenSet, type ApiResponse, type NormalizedProfile, type Store, type TokenData, type Transaction } from './types.ts';
export * from './stores/index.ts';
export * from './tokens/index.ts';
export type { OutgoingRequest, PreRequestHook, HttpOptions } from './http/request.ts';
