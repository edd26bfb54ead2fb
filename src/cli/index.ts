// The `oauth-registry` command. Subcommands are imported only when used, so `emulate` never loads the
// code generator and `codegen` never loads the emulator.
import { OAuthRegistryError } from '../errors.ts';

const USAGE = `usage: oauth-registry <command>

  codegen --providers DIR --out DIR [--check] [--runtime SPECIFIER]
      Generate typed clients from the manifests in DIR. --check exits 1 when the files in --out are stale.
  emulate <provider id | manifest.yaml> [--port N] [--deny] [--consent page|auto]
      Run the local provider emulator (see \`oauth-registry emulate --help\`).`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'codegen':
      return (await import('../codegen/command.ts')).runCodegenCommand(rest);
    case 'emulate':
      return (await import('./emulate.ts')).runEmulateCommand(rest);
    case undefined:
    case '-h':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`oauth-registry: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    // Typed errors already say what was wrong and where; anything else is a bug worth its stack.
    console.error(error instanceof OAuthRegistryError ? `oauth-registry: ${error.message}` : error);
    process.exitCode = 1;
  }
}
