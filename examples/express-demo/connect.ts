// Points each seed provider's client at the real provider when the app has credentials for it
// ({ID}_CLIENT_ID and {ID}_CLIENT_SECRET), and otherwise at a local emulator started for it, so the demo
// runs with no accounts or keys.
import { envName } from '../../src/context.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import type { Store } from '../../src/types.ts';
import { SEED_PROVIDERS, type ProviderShowcase } from './providers.ts';

export interface DemoProvider extends ProviderShowcase {
  id: string;
  name: string;
  /** `emulator` runs against 127.0.0.1; `real` against the provider's own endpoints. */
  mode: 'emulator' | 'real';
}

export interface ConnectOptions {
  env: Record<string, string | undefined>;
  /** Redirect URIs are `${origin}${basePath}/${id}/callback`. */
  origin: string;
  basePath: string;
  transactionStore: Store<unknown>;
  consent: 'auto' | 'page';
}

export async function connectProviders(options: ConnectOptions): Promise<{ providers: DemoProvider[]; close(): Promise<void> }> {
  const emulators: Emulator[] = [];
  const close = () => Promise.all(emulators.map((emulator) => emulator.close())).then(() => undefined);
  try {
    const providers: DemoProvider[] = [];
    for (const [id, build] of Object.entries(SEED_PROVIDERS)) {
      const base = { redirectUri: `${options.origin}${options.basePath}/${id}/callback`, transactionStore: options.transactionStore };
      const clientId = options.env[envName(id, 'CLIENT_ID')];
      const clientSecret = options.env[envName(id, 'CLIENT_SECRET')];
      if (clientId && clientSecret) {
        const showcase = build({ ...base, clientId, clientSecret }, {});
        providers.push({ id, name: (await showcase.client.ready()).manifest.name, mode: 'real', ...showcase });
        continue;
      }
      const emulator = await startEmulator(id, { consent: options.consent });
      emulators.push(emulator);
      const showcase = build({ ...base, ...emulator.credentials, endpoints: emulator.endpoints }, emulator.vars);
      providers.push({ id, name: (await showcase.client.ready()).manifest.name, mode: 'emulator', ...showcase });
    }
    return { providers, close };
  } catch (error) {
    await close();
    throw error;
  }
}
