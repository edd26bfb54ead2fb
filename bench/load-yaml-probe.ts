// Run in a fresh process by bench/run.ts: the start-up cost the precompiled registry avoids, i.e. importing
// the YAML loader and zod schema, then reading, parsing and validating every manifest in providers/.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const started = performance.now();
const { loadManifestFile } = await import('../src/manifest/load.ts');
const dir = fileURLToPath(new URL('../providers/', import.meta.url));
for (const name of readdirSync(dir).filter((file) => file.endsWith('.yaml'))) loadManifestFile(dir + name);
console.log(JSON.stringify({ importMs: performance.now() - started }));
