// `oauth-registry emulate <provider> [--port N] [--deny] [--consent page|auto]`: runs the provider emulator
// on 127.0.0.1 and prints the endpoints and test credentials to configure a client with.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { ConfigError } from '../errors.ts';
import { loadManifestFile } from '../manifest/load.ts';

const USAGE = `usage: oauth-registry emulate <provider id | manifest.yaml> [--port N] [--deny] [--consent page|auto]

  Runs a local stand-in for the provider on 127.0.0.1, driven by its manifest.
  --port N          listen on port N (default: a free port)
  --deny            answer every sign-in with access_denied
  --consent MODE    page: a consent page with Allow/Deny (default); auto: redirect straight back`;

export interface EmulateArgs {
  provider: string;
  port: number;
  deny: boolean;
  consent: 'auto' | 'page';
}

export function parseEmulateArgs(argv: string[]): EmulateArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { port: { type: 'string' }, deny: { type: 'boolean' }, consent: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return 'help';
  const [provider, ...extra] = positionals;
  if (!provider || extra.length) throw new ConfigError('CONFIG_INVALID', `emulate takes one provider id or manifest path\n\n${USAGE}`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('CONFIG_INVALID', `--port expects a port number, got "${values.port}"`);
  const consent = values.consent ?? 'page';
  if (consent !== 'page' && consent !== 'auto') throw new ConfigError('CONFIG_INVALID', `--consent expects page or auto, got "${consent}"`);
  return { provider, port, deny: values.deny ?? false, consent };
}

/** Starts the emulator an EmulateArgs describes: a manifest file when the argument is a path, else a provider id. */
export async function startFromArgs(args: EmulateArgs): Promise<Emulator> {
  const options = { port: args.port, deny: args.deny, consent: args.consent };
  if (/\.ya?ml$/.test(args.provider) || args.provider.includes('/')) {
    const path = resolve(args.provider);
    return startEmulator(loadManifestFile(path), options);
  }
  return startEmulator(args.provider, options);
}

/** What to paste into createClient: endpoints, credentials and variables, one per line. */
export function describeEmulator(emulator: Emulator): string {
  const lines = [`${emulator.manifest.name} emulator listening on ${emulator.url}`, '', 'endpoints:'];
  for (const [name, url] of Object.entries(emulator.endpoints)) lines.push(`  ${name.padEnd(13)} ${url}`);
  lines.push('', 'test credentials:', `  clientId      ${emulator.credentials.clientId}`, `  clientSecret  ${emulator.credentials.clientSecret}`);
  if (Object.keys(emulator.vars).length) {
    lines.push('', 'vars:');
    for (const [name, value] of Object.entries(emulator.vars)) lines.push(`  ${name.padEnd(13)} ${value}`);
  }
  lines.push('', `createClient('${emulator.manifest.id}', { clientId, clientSecret, endpoints, vars }) signs in against it. Ctrl-C stops it.`);
  return lines.join('\n');
}

export async function runEmulateCommand(argv: string[]): Promise<number> {
  const args = parseEmulateArgs(argv);
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  const emulator = await startFromArgs(args);
  console.log(describeEmulator(emulator));
  const stop = () => void emulator.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}
