// `npm run codegen [-- --check]`: the repository's own providers/ into src/generated/, importing the
// runtime by relative path. Users run the same generator as `oauth-registry codegen`.
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/index.ts';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const check = process.argv.includes('--check');

await runCli(['codegen', '--providers', 'providers', '--out', 'src/generated', '--runtime', '../codegen/runtime.ts', ...(check ? ['--check'] : [])]);
