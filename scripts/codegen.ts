// `npm run codegen [-- --check]`: the repository's own providers/ into src/generated/, importing the
// runtime by relative path. Users run the same generator as `oauth-registry codegen`.
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/index.ts';

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const check = process.argv.includes('--check');

await runCli(['codegen', '--providers', root('providers'), '--out', root('src/generated'), '--runtime', '../codegen/runtime.ts', ...(check ? ['--check'] : [])]);
