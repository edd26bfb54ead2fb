// Device-grant tests run the real client against the emulator over HTTP. The emulator's clock can be
// shortened (device.secondMs); the client then sleeps on the same scale through its `sleep` option, so the
// interval and slow_down rules are checked in milliseconds while the arithmetic stays in seconds.
import { OAuthClient } from '../../src/client.ts';
import { decideOnDevice } from '../../src/emulator/conformance/device.ts';
import { startEmulator, type Emulator, type EmulatorOptions, type RecordedRequest } from '../../src/emulator/index.ts';
import type { ProviderManifest } from '../../src/manifest/schema.ts';

export { decideOnDevice };

export async function deviceSetUp(provider: string | object, options: EmulatorOptions = {}): Promise<{ emulator: Emulator; client: OAuthClient }> {
  const emulator = await startEmulator(provider, options);
  const client = clientOf(emulator, emulator.manifest);
  return { emulator, client };
}

export function clientOf(emulator: Emulator, manifest: ProviderManifest, endpoints = emulator.endpoints): OAuthClient {
  return new OAuthClient(manifest, {
    ...emulator.credentials,
    vars: emulator.vars,
    endpoints,
    origins: emulator.origins,
    http: { retries: 0, timeoutMs: 5000 },
  });
}

/**
 * A sleep on the emulator's scale (`secondMs` real milliseconds per second), recording what the client asked
 * for; `before(n)` runs before the n-th wait (1-based) and may act as the user or shorten that wait.
 */
export function scaledSleep(secondMs: number, before?: (call: number) => Promise<number | void> | number | void) {
  const asked: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    asked.push(ms);
    const override = await before?.(asked.length);
    const wait = typeof override === 'number' ? override : (ms / 1000) * secondMs;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, wait);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      }, { once: true });
    });
  };
  return { sleep, asked };
}

/** The polls the emulator logged: token-endpoint requests carrying the device grant. */
export function polls(emulator: Emulator): RecordedRequest[] {
  return emulator.requests.filter((request) => (request.route === 'token' || request.route === 'refresh') && request.params.grant_type === 'urn:ietf:params:oauth:grant-type:device_code');
}
