// The extra authorization parameters an app passes to authorize() ({ params: { login_hint, prompt } }) must
// not replace the ones the library sets: state, nonce and PKCE are what protect the sign-in (RFC 6749 §10.12,
// OIDC Core §15.5.2, RFC 7636), and redirect_uri, client_id and response_type must match what the token
// request and the callback check later. Overriding one would silently disable a defence, so it is refused.
import { ConfigError } from './errors.ts';
import type { ProviderManifest } from './manifest/schema.ts';

const OAUTH2_RESERVED = ['state', 'nonce', 'code_challenge', 'code_challenge_method', 'redirect_uri', 'client_id', 'response_type', 'dpop_jkt'] as const;
/** RFC 5849 §2.2: the request token names the sign-in the user authorizes. */
const OAUTH1_RESERVED = ['oauth_token'] as const;

export function checkAuthorizeParams(manifest: ProviderManifest, params: Readonly<Record<string, string>> | undefined): void {
  if (!params) return;
  for (const [name, standard] of reservedNames(manifest)) {
    if (Object.hasOwn(params, name)) {
      const alias = name === standard ? '' : ` (${manifest.name}'s name for ${standard})`;
      throw new ConfigError('CONFIG_INVALID', `${manifest.id}: authorize() params may not set "${name}"${alias}; the library sets it itself`);
    }
  }
}

/** Wire name → standard name: the standard names, and what this provider's manifest renames them to. */
function reservedNames(manifest: ProviderManifest): Map<string, string> {
  if (manifest.protocol === 'oauth1') return new Map(OAUTH1_RESERVED.map((name) => [name, name]));
  const names = new Map<string, string>(OAUTH2_RESERVED.map((name) => [name, name]));
  for (const standard of OAUTH2_RESERVED) {
    const renamed = (manifest.authorization.rename as Partial<Record<string, string>>)[standard];
    if (renamed) names.set(renamed, standard);
  }
  return names;
}
