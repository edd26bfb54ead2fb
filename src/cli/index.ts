// The `oauth-registry` command. Subcommands are imported only when used, so `emulate` never loads the
// code generator and `codegen` never loads the emulator. A user's mistake (an unknown command or option, a
// missing file, a busy port) is one line on stderr and exit code 2; only a bug in this package prints a stack.
import { OAuthRegistryError } from '../errors.ts';
import { isUsageMistake, UsageError } from './usage.ts';
import { packageVersion } from './version.ts';

const USAGE = `usage: oauth-registry <command> [options]

commands:
  check      validate manifests and prove them against the emulator (oauth-registry check --help)
  codegen    generate typed clients from manifests (oauth-registry codegen --help)
  emulate    run a local stand-in for a provider (oauth-registry emulate --help)
  validate   check manifests, listing every error with its line (oauth-registry validate --help)
  help [command]

options:
  -h, --help       this text
  -v, --version    the installed version`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check.ts')).runCheckCommand,
  codegen: async () => (await import('../codegen/command.ts')).runCodegenCommand,
  emulate: async () => (await import('./emulate.ts')).runEmulateCommand,
  validate: async () => (await import('./validate.ts')).runValidateCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    console.log(packageVersion());
    return 0;
  }
  if (command === 'help') {
    if (rest[0] === undefined) {
      console.log(USAGE);
      return 0;
    }
    return (await loadCommand(rest[0]))(['--help']);
  }
  return (await loadCommand(command))(rest);
}

async function loadCommand(name: string): Promise<Command> {
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) throw new UsageError(`unknown command "${name}"; the commands are ${Object.keys(COMMANDS).join(', ')} (oauth-registry --help)`);
  return load();
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    if (isUsageMistake(error)) {
      console.error(`oauth-registry: ${oneLine(error)}`);
      process.exitCode = 2;
      return;
    }
    // Typed errors already say what was wrong and where; anything else is a bug worth its stack.
    console.error(error instanceof OAuthRegistryError ? `oauth-registry: ${error.message}` : error);
    process.exitCode = 1;
  }
}

function oneLine(error: Error): string {
  return error.message.split('\n').filter(Boolean).join('; ');
}
