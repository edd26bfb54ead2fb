// `npm run build` (and prepack): src/ → dist/ as ESM JavaScript, .d.ts and source maps, by tsc with
// rewriteRelativeImportExtensions. tsc alone is enough: the package is many small modules that apps and
// bundlers load one by one, so a bundler would add a build step without removing any.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

// The generated modules are provider data written out as code: a source map of them maps data onto the same
// data, and with one per provider their maps were a third of the installed package. They ship without.
const generated = join(root, 'dist', 'generated');
for (const entry of readdirSync(generated, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const path = join(entry.parentPath, entry.name);
  if (entry.name.endsWith('.js.map')) rmSync(path);
  else if (entry.name.endsWith('.js')) writeFileSync(path, readFileSync(path, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\.js\.map\s*$/, '\n'));
}
