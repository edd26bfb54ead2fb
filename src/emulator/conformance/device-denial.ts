// A device sign-in the user denies must end as a denial (DEVICE_ACCESS_DENIED), whatever the provider calls
// it (device.errors): a client that reads the provider's word as any other error would tell the user
// something failed, not that they said no.
import { DeviceFlowError } from '../../errors.ts';
import type { ProviderManifest } from '../../manifest/schema.ts';
import { decideOnDevice } from './device.ts';
import { setUp } from './flow.ts';
import type { NegativeCheck } from './negatives.ts';

async function deniedDeviceSignIn(manifest: ProviderManifest, clientManifest?: ProviderManifest): Promise<void> {
  const { emulator, client } = await setUp(manifest, clientManifest ? { clientManifest } : {});
  try {
    const device = await client.deviceAuthorization();
    await decideOnDevice(device, 'deny');
    const outcome = await client.pollDeviceToken(device).then(
      () => 'a token',
      (error: unknown) => error,
    );
    if (!(outcome instanceof DeviceFlowError && outcome.code === 'DEVICE_ACCESS_DENIED')) {
      throw new Error(`a denied device sign-in ended with ${outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : String(outcome)}, not DEVICE_ACCESS_DENIED`);
    }
  } finally {
    await emulator.close();
  }
}

export const DEVICE_DENIAL: NegativeCheck = {
  name: 'ends a device sign-in the user denied with DEVICE_ACCESS_DENIED',
  run: deniedDeviceSignIn,
};
