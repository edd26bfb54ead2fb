// Everything generated clients import, from one module: in this repository by relative path, in an app's
// own generated code as `oauth-registry/codegen-runtime`.
import type { ClientOptions as BaseClientOptions } from '../client.ts';
import type { TokenSet } from '../types.ts';

export { OAuthClient } from '../client.ts';
export { clientFromIndex } from '../create-client.ts';
export type { ProviderIndex } from '../manifest/provider-index.ts';
export type { OperationMethods } from '../api/operations.ts';
export type { ProviderManifest, RetiredProviderManifest } from '../manifest/schema.ts';
export type { ApiResponse, NormalizedProfile, TokenSet } from '../types.ts';
export type ClientOptions = BaseClientOptions;
/** A token as the API methods accept it: a TokenSet, or a bare access token. */
export type TokenInput = TokenSet | string;
