// A local stand-in for any provider, driven by its manifest: start it, point a client's `endpoints` at it,
// and run the whole sign-in offline. Not part of the runtime (src/index.ts does not import it).
import { inspect } from 'node:util';
import type { AddressInfo } from 'node:net';
import { loadBuiltinManifest } from '../manifest/builtin.ts';
import { getManifest, isRegisteredProvider } from '../manifest/registry.ts';
import { parseManifestObject } from '../manifest/load.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import type { HandlerContext } from './context.ts';
import { createCredentials, type EmulatorCredentials } from './credentials.ts';
import { FaultPlan, type Fault } from './faults.ts';
import { emulatorLayout, exampleVars, expectedVars, type EmulatorEndpoints } from './layout.ts';
import { createOidcKeys } from './oidc.ts';
import { createEmulatorServer, type RecordedRequest } from './server.ts';
import { EmulatorState } from './state.ts';
import type { DeviceClock } from './device.ts';

export type { Fault } from './faults.ts';
export type { EmulatorEndpoints, RouteName } from './layout.ts';
export type { RecordedRequest } from './server.ts';
export type { DeviceClock } from './device.ts';
export { EMULATED_USER } from './identity.ts';
export { verifySignature, parseOAuthHeader } from './oauth1-signature.ts';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Answer every authorization with access_denied. */
  deny?: boolean;
  /** auto: redirect straight back (tests); page: a consent page with Allow/Deny (browsers). */
  consent?: 'auto' | 'page';
  faults?: Fault[];
  /** Directory that `{$ref: file}` schemas resolve against, for manifests given as objects. */
  baseDir?: string;
  /** Device grant (RFC 8628): the interval it advertises, the codes' lifetime, and a faster clock for tests. */
  device?: DeviceClock;
}

export interface Emulator {
  url: string;
  /** Pass as createClient(id, { endpoints }) to send every call here; templated ones keep their `{variables}`. */
  endpoints: EmulatorEndpoints;
  /** Pass as createClient(id, { origins }): the provider hosts that URLs built at run time name, mapped here. */
  origins: Record<string, string>;
  /** The endpoints with the example variables filled in: where raw requests (and a client that did its job) go. */
  urls: EmulatorEndpoints;
  /** Spread into the client options: clientId, clientSecret and, for signed-JWT secrets, privateKey. */
  credentials: EmulatorCredentials;
  /** Example values of the manifest's URL variables the app supplies: pass as createClient(id, { vars }). */
  vars: Record<string, string>;
  manifest: ProviderManifest;
  /** Every request received, oldest first, with credential values redacted. */
  requests: RecordedRequest[];
  setFaults(faults: Fault[] | undefined): void;
  close(): Promise<void>;
}

export async function startEmulator(idOrManifest: string | object, options: EmulatorOptions = {}): Promise<Emulator> {
  const manifest = typeof idOrManifest === 'string' ? await manifestById(idOrManifest) : parseManifestObject(idOrManifest);
  const faults = new FaultPlan();
  faults.set(options.faults);
  const requests: RecordedRequest[] = [];
  const vars = expectedVars(manifest);
  const check = createCredentials(manifest, vars);
  const credentials: EmulatorCredentials = {
    clientId: check.clientId,
    clientSecret: check.clientSecret,
    ...(check.privateKey ? { privateKey: check.privateKey } : {}),
  };
  const context: HandlerContext = {
    manifest,
    credentials: check,
    vars,
    endpoints: {},
    state: new EmulatorState(),
    // Keys sign id_tokens (OIDC) and signed profiles (profile.jwt).
    keys: manifest.protocol === 'oidc' || manifest.profile?.jwt ? await createOidcKeys(manifest.profile?.jwt?.algorithms ?? manifest.oidc?.algorithms ?? ['RS256'], check.clientSecret) : undefined,
    deny: options.deny ?? false,
    consent: options.consent ?? 'auto',
    baseDir: options.baseDir,
    device: options.device,
  };
  const server = createEmulatorServer(context, faults, requests);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the emulator hands out credentials and must never be reachable from the network.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const layout = emulatorLayout(manifest, url, vars);
  context.endpoints = layout.filledEndpoints;
  const emulator: Emulator = {
    url,
    endpoints: layout.endpoints,
    origins: layout.origins,
    urls: layout.filledEndpoints,
    credentials,
    vars: exampleVars(manifest),
    manifest,
    requests,
    setFaults: (next) => faults.set(next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  // Logging the emulator must not print the client secret it hands out.
  Object.defineProperty(emulator, inspect.custom, { value: () => `Emulator ${inspect({ provider: manifest.id, url, endpoints: context.endpoints, clientId: credentials.clientId, clientSecret: '[redacted]' })}` });
  return emulator;
}

/** A registered manifest as the app gave it; a built-in one from its file, with the schemas it answers from. */
async function manifestById(id: string): Promise<ProviderManifest> {
  return isRegisteredProvider(id) ? getManifest(id) : loadBuiltinManifest(id);
}
