import { ConfigError } from './errors.ts';
import type { HttpSend } from './http/request.ts';
import type { DpopSession } from './dpop/session.ts';
import type { EndpointName, ProviderManifest } from './manifest/schema.ts';
import type { TemplateScope } from './util/template.ts';

export type EndpointOverrides = Partial<Record<EndpointName | 'issuer' | 'discovery', string>>;

/** What every protocol step needs: the manifest, the app's credentials, resolved endpoints and the HTTP sender. */
export interface ClientContext {
  manifest: ProviderManifest;
  clientId: string;
  clientSecret: string | undefined;
  /** PEM (PKCS #8) key that signs the client secret for manifests with token.clientSecretJwt. */
  privateKey: string | undefined;
  /** Endpoint URLs with URL variables filled and per-client overrides applied. */
  endpoints: Partial<Record<EndpointName, string>>;
  /** OIDC issuer and discovery URL after overrides and variables. */
  issuer: string | undefined;
  discoveryUrl: string | undefined;
  vars: Record<string, string>;
  /** The app's default redirect URI (client options), for `{{client.redirectUri}}`. */
  redirectUri: string | undefined;
  /** Absolute URL prefixes redirected elsewhere: overridden endpoints and the caller's `origins`. */
  rewrites: readonly (readonly [from: string, to: string])[];
  http: HttpSend;
  /** The DPoP key and nonces (RFC 9449) when the app or the manifest asked for sender-constrained tokens. */
  dpop?: DpopSession | undefined;
}

/** Applies the first matching rewrite, so absolute API paths follow endpoint and origin overrides. */
export function rewriteUrl(context: ClientContext, url: string): string {
  for (const [from, to] of context.rewrites) {
    if (url === from || url.startsWith(from.endsWith('/') ? from : `${from}/`) || url.startsWith(`${from}?`)) {
      const rest = url.slice(from.length);
      return to.endsWith('/') && rest.startsWith('/') ? to + rest.slice(1) : to + rest;
    }
  }
  return url;
}

/** Values that manifest `{{…}}` placeholders may read (never the client secret: see token.secretHash). */
export function templateScope(context: ClientContext, token?: Record<string, unknown>, steps: Record<string, unknown> = {}, callback: Record<string, string> = {}): TemplateScope {
  const client = context.redirectUri === undefined ? { clientId: context.clientId } : { clientId: context.clientId, redirectUri: context.redirectUri };
  return { client, vars: context.vars, token: token ?? {}, steps, callback };
}

/** Authlib's convention: credentials fall back to `<ID>_CLIENT_ID` / `<ID>_CLIENT_SECRET`. */
export function envName(id: string, suffix: 'CLIENT_ID' | 'CLIENT_SECRET' | 'PRIVATE_KEY'): string {
  return `${id.toUpperCase().replace(/-/g, '_')}_${suffix}`;
}

export function requireSecret(context: ClientContext): string {
  if (!context.clientSecret) {
    throw new ConfigError('MISSING_CREDENTIALS', `${context.manifest.id} needs a client secret: pass clientSecret or set ${envName(context.manifest.id, 'CLIENT_SECRET')}`);
  }
  return context.clientSecret;
}
