// What every emulator handler is given: the manifest, the test credentials, the state and the options.
import type { ProviderManifest } from '../manifest/schema.ts';
import type { CredentialCheck } from './credentials.ts';
import type { EmulatorEndpoints } from './layout.ts';
import type { EmulatorState } from './state.ts';
import type { TemplateContext } from './templates.ts';
import type { OidcKeys } from './oidc.ts';

export interface HandlerContext {
  manifest: ProviderManifest;
  credentials: CredentialCheck;
  vars: Record<string, string>;
  /** The emulator's endpoints with variables filled, as the client reaches them. */
  endpoints: EmulatorEndpoints;
  state: EmulatorState;
  keys: OidcKeys | undefined;
  deny: boolean;
  consent: 'auto' | 'page';
  /** Directory that `{$ref: file}` schemas resolve against. */
  baseDir: string | undefined;
}

export function templateContext(context: HandlerContext, token?: Record<string, unknown>, steps?: Record<string, unknown>): TemplateContext {
  return { client: { clientId: context.credentials.clientId }, vars: context.vars, ...(token ? { token } : {}), ...(steps ? { steps } : {}) };
}
