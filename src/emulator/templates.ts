// Expected values for manifest wire parameters. A manifest value such as `{{token.uid}}` or
// `{{client.clientId}}` is rendered from what the emulator itself issued, so it can check the client
// sent exactly that.
import type { ProviderManifest } from '../manifest/schema.ts';
import { getAtPath } from './field-path.ts';

export interface TemplateContext {
  client: { clientId: string; redirectUri?: string };
  vars: Record<string, string>;
  /** The raw token response fields of the token presented, if any. */
  token?: Record<string, unknown>;
  /** Bodies the emulator answered to profile `before` requests, by name. */
  steps?: Record<string, unknown>;
  /** What the callback carried, for checks of `{{callback.x}}` in token.grantParams. */
  callback?: Record<string, string>;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\.([^}\s]+)\s*\}\}/g;

const TOKENSET_ALIASES: Record<string, string> = {
  accessToken: 'access_token',
  refreshToken: 'refresh_token',
  tokenType: 'token_type',
  idToken: 'id_token',
  tokenSecret: 'oauth_token_secret',
};

/** The value the client must send, or undefined when it depends on something the emulator cannot know. */
export function renderExpected(value: string | number | boolean, context: TemplateContext): string | undefined {
  let unknown = false;
  const rendered = String(value).replace(PLACEHOLDER, (_all, scope: string, path: string) => {
    const resolved = lookup(scope, path, context);
    if (resolved === undefined || resolved === null) unknown = true;
    return String(resolved ?? '');
  });
  return unknown ? undefined : rendered;
}

function lookup(scope: string, path: string, context: TemplateContext): unknown {
  switch (scope) {
    case 'client':
      return path === 'clientId' ? context.client.clientId : path === 'redirectUri' ? context.client.redirectUri : undefined;
    case 'callback':
      return context.callback?.[path];
    case 'vars':
      return context.vars[path];
    case 'token':
      return context.token ? getAtPath(context.token, TOKENSET_ALIASES[path] ?? path) : undefined;
    case 'steps': {
      const [name, ...rest] = path.split('.');
      return context.steps && name ? getAtPath(context.steps[name], rest.join('.')) : undefined;
    }
    default:
      return undefined;
  }
}

/** Callback parameters (`{{callback.device_id}}`) the token request repeats, beyond code and state. */
export function referencedCallbackFields(manifest: ProviderManifest): string[] {
  const names = new Set<string>();
  for (const value of Object.values(manifest.token.grantParams.authorization_code ?? {})) {
    for (const [, scope, path] of String(value).matchAll(PLACEHOLDER)) if (scope === 'callback' && path && path !== 'state' && path !== 'code') names.add(path);
  }
  return [...names];
}

/** Token fields (`{{token.uid}}`) that wire values refer to, so the token response can carry them. */
export function referencedTokenFields(values: Iterable<string | number | boolean>): string[] {
  const names = new Set<string>();
  for (const value of values) {
    for (const [, scope, path] of String(value).matchAll(PLACEHOLDER)) if (scope === 'token' && path && !TOKENSET_ALIASES[path]) names.add(path);
  }
  return [...names];
}
