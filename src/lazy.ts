// Code that only some manifests or some methods need, loaded on first use: an app pays, in start-up time
// and in the chunks a bundler's split output loads, only for what it calls. Each wrapper checks first
// whether the manifest needs the module at all.
import type { ClientContext } from './context.ts';
import type { ProviderMetadata } from './oidc/discovery.ts';
import type { TokenSet } from './types.ts';

export const loadOAuth1 = () => import('./oauth1/index.ts');
export const loadIdToken = () => import('./oidc/id-token.ts');
export const loadProfile = () => import('./api/profile.ts');
export const loadRevocation = () => import('./oauth2/revoke.ts');

/** OIDC Discovery metadata (only OIDC manifests have any). */
export async function discover(context: ClientContext): Promise<ProviderMetadata> {
  return (await import('./oidc/discovery.ts')).discover(context);
}

/** The context with its client secret signed as a JWT, for manifests with token.clientSecretJwt. */
export async function withClientSecret(context: ClientContext): Promise<ClientContext> {
  if (!context.manifest.token.clientSecretJwt) return context;
  return (await import('./oauth2/client-secret-jwt.ts')).withClientSecret(context);
}

/** The token with the fields of the manifest's token.lookup call added. */
export async function addLookupFields(context: ClientContext, token: TokenSet): Promise<TokenSet> {
  if (!context.manifest.token.lookup) return token;
  return (await import('./oauth2/token-lookup.ts')).addLookupFields(context, token);
}
