// Sign in from a terminal with the device authorization grant (RFC 8628): print a code and a URL, wait while
// the user approves on another device, then print who signed in.
//
//   npx tsx examples/device-cli/cli.ts [provider] [--interval <seconds>]
//
// With <PROVIDER>_CLIENT_ID (and, where the provider wants it, _CLIENT_SECRET) set, it signs in against the
// real provider. Otherwise it starts a local emulator of the provider, whose verification page at the printed
// URL takes the code; --interval sets the polling interval that emulator asks for (default 5 seconds).
import { envName } from '../../src/context.ts';
import { createProviderClient, OAuthRegistryError } from '../../src/index.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';

const args = process.argv.slice(2);
const intervalAt = args.indexOf('--interval');
const interval = intervalAt >= 0 ? Number(args.splice(intervalAt, 2)[1]) : 5;
const provider = args[0] ?? 'github';
if (!Number.isInteger(interval) || interval < 0 || interval > 60) {
  console.error('--interval takes a whole number of seconds from 0 to 60');
  process.exit(2);
}

// Ctrl-C stops the polling cleanly: no further request goes out.
const stop = new AbortController();
process.once('SIGINT', () => stop.abort(new Error('cancelled')));

let emulator: Emulator | undefined;
try {
  const real = Boolean(process.env[envName(provider, 'CLIENT_ID')]);
  if (!real) emulator = await startEmulator(provider, { device: { interval } });
  const client = createProviderClient(
    provider,
    emulator ? { ...emulator.credentials, endpoints: emulator.endpoints, origins: emulator.origins, vars: emulator.vars } : {},
  );
  const device = await client.deviceAuthorization();
  console.log(`To sign in to ${client.manifest.name}, open ${device.verificationUri} and enter the code ${device.userCode}`);
  if (device.verificationUriComplete) console.log(`Or open ${device.verificationUriComplete}`);
  console.log(`Waiting for approval (the code expires in ${Math.round(device.expiresIn / 60)} minutes)…`);
  const token = await client.pollDeviceToken(device, { signal: stop.signal });
  const profile = await client.profile(token);
  console.log(`Signed in as ${profile.name ?? profile.username ?? profile.id} (${profile.provider} id ${profile.id})`);
} catch (error) {
  // Library errors name what failed and never carry a code or a token; anything else by kind only.
  console.error(error instanceof OAuthRegistryError ? `${error.code}: ${error.message}` : `sign-in failed: ${error instanceof Error ? error.message : 'unknown error'}`);
  process.exitCode = 1;
} finally {
  await emulator?.close();
}
