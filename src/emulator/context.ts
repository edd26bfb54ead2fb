// What every emulator handler is given: the manifest, the test credentials, the state and the options.
import type { ProviderManifest } from '../manifest/schema.ts';
import type { CredentialCheck } from './credentials.ts';
import type { EmulatorEndpoints } from './layout.ts';
import type { EmulatorState } from './state.ts';
import type { TemplateContext } from './templates.ts';
import type { OidcKeys } from './oidc.ts';
import type { DeviceClock } from './device.ts';

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
  /** Set per token request that carried a valid DPoP proof: the key thumbprint new tokens are bound to (RFC 9449 §6). */
  dpopJkt?: string | undefined;
  /** The device grant's interval, code lifetime and clock (RFC 8628). */
  device?: DeviceClock | undefined;
}

export function templateContext(context: HandlerContext, token?: Record<string, unknown>, steps?: Record<string, unknown>): TemplateContext {
  return { client: { clientId: context.credentials.clientId }, vars: context.vars, ...(token ? { token } : {}), ...(steps ? { steps } : {}) };
}
