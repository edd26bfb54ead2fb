// Dynamic client registration (RFC 7591, and Mastodon's /api/v1/apps): for providers where every instance is
// its own authorization server, the app registers itself once per instance and signs users in with the
// credentials it got. They are kept in a store (per provider, registration URL and redirect URI), so a
// restart or a second server reuses them instead of registering again.
import { checkEndpointSecurity } from './client-context.ts';
import { ConfigError, ProviderError, ResponseError, redactUrl } from './errors.ts';
import { createHttp, type HttpOptions } from './http/request.ts';
import { getManifest } from './manifest/registry.ts';
import type { ProviderManifest } from './manifest/schema.ts';
import type { Store } from './types.ts';
import { readPath } from './util/path.ts';
import { fillParams, fillUrlVariables } from './util/template.ts';

export interface RegistrationOptions {
  /** The manifest's URL variables (`{ host: 'mastodon.social' }`). */
  vars?: Record<string, string>;
  redirectUri: string;
  /** The app's name, as users see it on the consent page. */
  clientName: string;
  scope?: string[];
  website?: string;
  /** Keeps the credentials; without one, every call registers anew. */
  store?: Store<unknown>;
  /** Overrides the registration URL (e.g. an emulator's). */
  endpoint?: string;
  /** Sends requests for an origin elsewhere, as ClientOptions.origins does. */
  origins?: Record<string, string>;
  http?: HttpOptions;
}

export interface RegisteredClient {
  clientId: string;
  clientSecret?: string;
}

const STORE_PREFIX = 'oauth-registry:registration:';

/** The app's credentials with `provider` (an id or a manifest) on this instance: from the store, or registered now. */
export async function registerClient(provider: string | ProviderManifest, options: RegistrationOptions): Promise<RegisteredClient> {
  const manifest = typeof provider === 'string' ? await getManifest(provider) : provider;
  const spec = manifest.registration;
  const template = options.endpoint ?? manifest.endpoints.registration;
  if (!spec || !template) throw new ConfigError('UNSUPPORTED', `${manifest.id} has no dynamic client registration`);
  const url = checkEndpointSecurity(rewrite(fillUrlVariables(template, manifest.variables, options.vars ?? {}), options.origins), `${manifest.id} registration endpoint`);
  checkEndpointSecurity(options.redirectUri, `${manifest.id} redirectUri`);
  const key = `${STORE_PREFIX}${manifest.id}:${url}:${options.redirectUri}`;
  const kept = await options.store?.get(key);
  if (isRegistered(kept)) return kept;

  const scope = { vars: options.vars ?? {}, registration: { redirectUri: options.redirectUri, clientName: options.clientName, scope: (options.scope ?? manifest.authorization.scope.default).join(manifest.authorization.scope.delimiter), website: options.website ?? '' } };
  const body = fillParams(spec.body, scope, 'registration.body');
  const http = createHttp(options.http);
  // Registering twice makes two apps: never retried.
  const response = await http({
    method: 'POST',
    url,
    oneTime: true,
    headers: { 'content-type': spec.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: spec.encoding === 'json' ? JSON.stringify(body) : new URLSearchParams(body).toString(),
  });
  if (response.status < 200 || response.status > 299) {
    const error = readPath(response.data, 'error');
    throw new ProviderError('TOKEN_ERROR', { error: typeof error === 'string' ? error : `http_${response.status}`, status: response.status, where: `${manifest.name} registration endpoint` });
  }
  const clientId = readPath(response.data, spec.fields.clientId);
  const clientSecret = readPath(response.data, spec.fields.clientSecret);
  if (typeof clientId !== 'string' || clientId === '') {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${manifest.name} registration endpoint (${redactUrl(url)}) answered without a client id at ${spec.fields.clientId}`, response.status);
  }
  const registered: RegisteredClient = { clientId, ...(typeof clientSecret === 'string' && clientSecret ? { clientSecret } : {}) };
  await options.store?.set(key, registered);
  return registered;
}

function isRegistered(value: unknown): value is RegisteredClient {
  return typeof value === 'object' && value !== null && typeof (value as RegisteredClient).clientId === 'string';
}

function rewrite(url: string, origins: Record<string, string> | undefined): string {
  for (const [from, to] of Object.entries(origins ?? {})) {
    const origin = new URL(from).origin;
    if (url === origin || url.startsWith(`${origin}/`)) return to.replace(/\/$/, '') + url.slice(origin.length);
  }
  return url;
}
