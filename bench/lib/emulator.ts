// The provider emulator from the installed package (dist/, not src/), for runs that sign in end to end.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.ts';

export async function startInstalledEmulator(project: string, id: string, options: EmulatorOptions = {}): Promise<Emulator> {
  const entry = pathToFileURL(join(project, 'node_modules/oauth-registry/dist/emulator/index.js')).href;
  const { startEmulator } = (await import(entry)) as typeof import('../../src/emulator/index.ts');
  return startEmulator(id, options);
}

/** What a probe app reads from its EMULATOR variable: the credentials and endpoints to sign in with. */
export function emulatorEnv(emulator: Emulator): NodeJS.ProcessEnv {
  return { EMULATOR: JSON.stringify({ credentials: emulator.credentials, endpoints: emulator.endpoints }) };
}
