// Everything generated clients import, from one module: in this repository by relative path, in an app's
// own generated code as `oauth-registry/codegen-runtime`.
import type { ClientOptions as BaseClientOptions } from '../client.ts';
import type { TokenSet } from '../types.ts';

export { OAuthClient } from '../client.ts';
export { ProviderRetiredError, UnknownProviderError } from '../errors.ts';
export { followAlias } from '../manifest/provider-aliases.ts';
export { closestMatches } from '../manifest/suggest.ts';
export { callOperation } from './call-operation.ts';
export type { ProviderManifest, RetiredProviderManifest } from '../manifest/schema.ts';
export type { ApiResponse, NormalizedProfile, TokenSet } from '../types.ts';
export type ClientOptions = BaseClientOptions;
/** A token as the API methods accept it: a TokenSet, or a bare access token. */
export type TokenInput = TokenSet | string;
