// `npm run build` (and prepack): src/ → dist/ as ESM JavaScript, .d.ts and source maps, by tsc with
// rewriteRelativeImportExtensions. tsc alone is enough: the package is many small modules that apps and
// bundlers load one by one, so a bundler would add a build step without removing any.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
