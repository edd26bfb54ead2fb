// The `oauth-registry` command. Subcommands are imported only when used, so `emulate` never loads the
// code generator and `codegen` never loads the emulator.
import { OAuthRegistryError } from '../errors.ts';

// The emulator's own module (src/cli/emulate.ts). Named through a variable so this file compiles whether or
// not the emulator is part of the build.
const EMULATE_MODULE = './emulate.ts';
interface EmulateModule {
  runEmulateCommand(argv: string[]): Promise<number | void> | number | void;
}

const USAGE = `usage: oauth-registry <command>

  codegen --providers DIR --out DIR [--check] [--runtime SPECIFIER]
      Generate typed clients from the manifests in DIR. --check exits 1 when the files in --out are stale.
  emulate ...
      Run the local provider emulator (see \`oauth-registry emulate --help\`).`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'codegen':
      return (await import('../codegen/command.ts')).runCodegenCommand(rest);
    case 'emulate': {
      const { runEmulateCommand } = (await import(EMULATE_MODULE)) as EmulateModule;
      const code = await runEmulateCommand(rest);
      return typeof code === 'number' ? code : 0;
    }
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
