// Every provider of the registry, each pointed at the real provider when the app has credentials for it
// ({ID}_CLIENT_ID and {ID}_CLIENT_SECRET, URL variables as {ID}_VAR_<NAME>), and otherwise at a local emulator,
// so the demo runs with no accounts or keys. Clients and emulators are made on a provider's first sign-in:
// the home page lists them all without starting any.
import type { OAuthClient } from '../../src/client.ts';
import { envName } from '../../src/context.ts';
import { createProviderClient } from '../../src/create-client.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { getManifest, listProviders } from '../../src/manifest/registry.ts';
import type { ProviderManifest } from '../../src/manifest/schema.ts';
import { registerClient } from '../../src/registration.ts';
import type { Store, TokenSet } from '../../src/types.ts';
import { type ApiAnswer, SEED_PROVIDERS, type ProviderShowcase } from './providers.ts';

export interface DemoProviderInfo {
  id: string;
  name: string;
  protocol: ProviderManifest['protocol'];
  /** `emulator` runs against 127.0.0.1; `real` against the provider's own endpoints. */
  mode: 'emulator' | 'real';
}

export interface DemoProvider extends DemoProviderInfo, ProviderShowcase {}

export interface ConnectOptions {
  env: Record<string, string | undefined>;
  /** Redirect URIs are `${origin}${basePath}/${id}/callback`. */
  origin: string;
  basePath: string;
  transactionStore: Store<unknown>;
  consent: 'auto' | 'page';
}

export interface ProviderPool {
  /** Every usable provider, by id. */
  readonly providers: readonly DemoProviderInfo[];
  /** Clients made so far, by id: what the auth routes and the token manager read. */
  readonly clients: Record<string, OAuthClient>;
  /** The provider's client (and emulator), made on first use. */
  connect(id: string): Promise<DemoProvider>;
  /** The provider if it was connected already. */
  connected(id: string): DemoProvider | undefined;
  close(): Promise<void>;
}

export async function createProviderPool(options: ConnectOptions): Promise<ProviderPool> {
  const manifests = new Map<string, ProviderManifest>();
  for (const id of listProviders()) {
    const manifest = await getManifest(id).catch(() => undefined); // retired ids have no manifest to run
    if (manifest) manifests.set(id, manifest);
  }
  const infos = [...manifests.values()].map((manifest) => ({ id: manifest.id, name: manifest.name, protocol: manifest.protocol, mode: hasCredentials(options.env, manifest.id) ? 'real' : 'emulator' }) as const);
  const clients: Record<string, OAuthClient> = {};
  const made = new Map<string, Promise<DemoProvider>>();
  const ready = new Map<string, DemoProvider>();
  const emulators: Emulator[] = [];

  const make = async (manifest: ProviderManifest, info: DemoProviderInfo): Promise<DemoProvider> => {
    const base = { redirectUri: `${options.origin}${options.basePath}/${manifest.id}/callback`, transactionStore: options.transactionStore };
    let client: OAuthClient;
    let vars: Record<string, string>;
    if (info.mode === 'real') {
      vars = varsFromEnv(options.env, manifest);
      client = createProviderClient(manifest.id, { ...base, clientId: options.env[envName(manifest.id, 'CLIENT_ID')], clientSecret: options.env[envName(manifest.id, 'CLIENT_SECRET')], vars });
    } else {
      const emulator = await startEmulator(manifest.id, { consent: options.consent });
      emulators.push(emulator);
      vars = emulator.vars;
      // A provider where apps register themselves (Mastodon) gets registered with its emulator first.
      const credentials = manifest.registration
        ? await registerClient(manifest, { vars, redirectUri: base.redirectUri, clientName: 'oauth-registry demo', ...(emulator.endpoints.registration ? { endpoint: emulator.endpoints.registration } : {}), origins: emulator.origins })
        : emulator.credentials;
      client = createProviderClient(manifest.id, { ...base, ...emulator.credentials, ...credentials, endpoints: emulator.endpoints, origins: emulator.origins, vars });
    }
    clients[manifest.id] = client;
    const provider = { ...info, ...showcase(manifest, client, vars) };
    ready.set(manifest.id, provider);
    return provider;
  };

  return {
    providers: infos,
    clients,
    connect(id) {
      const manifest = manifests.get(id);
      if (!manifest) return Promise.reject(new Error(`no provider ${id}`));
      let pending = made.get(id);
      if (!pending) {
        pending = make(manifest, infos.find((info) => info.id === id)!);
        made.set(id, pending);
        pending.catch(() => made.delete(id));
      }
      return pending;
    },
    connected: (id) => ready.get(id),
    close: () => Promise.all(emulators.map((emulator) => emulator.close())).then(() => undefined),
  };
}

function hasCredentials(env: ConnectOptions['env'], id: string): boolean {
  return Boolean(env[envName(id, 'CLIENT_ID')] && env[envName(id, 'CLIENT_SECRET')]);
}

/** `SHOPIFY_VAR_SHOP=acme` fills `{shop}`. */
function varsFromEnv(env: ConnectOptions['env'], manifest: ProviderManifest): Record<string, string> {
  const prefix = `${manifest.id.toUpperCase().replace(/-/g, '_')}_VAR_`;
  const vars: Record<string, string> = {};
  for (const name of Object.keys(manifest.variables)) {
    const value = env[`${prefix}${name.toUpperCase()}`];
    if (value !== undefined) vars[name] = value;
  }
  return vars;
}

/** A seed provider's own API call; for the others, an operation that needs no parameters, else the raw profile. */
function showcase(manifest: ProviderManifest, client: OAuthClient, vars: Record<string, string>): ProviderShowcase {
  const seed = Object.hasOwn(SEED_PROVIDERS, manifest.id) ? SEED_PROVIDERS[manifest.id] : undefined;
  if (seed) return seed(client, vars);
  const operation = Object.entries(manifest.operations).find(([, spec]) => !Object.values(spec.params).some((param) => param.required));
  if (operation) {
    const [name, spec] = operation;
    return { client, apiCall: `api.${name} (${spec.method} ${spec.path})`, callApi: (token: TokenSet): Promise<ApiAnswer> => client.api[name]!(token) };
  }
  return { client, apiCall: 'client.profile (the raw profile answer)', callApi: async (token: TokenSet) => ({ data: (await client.profile(token)).raw }) };
}
