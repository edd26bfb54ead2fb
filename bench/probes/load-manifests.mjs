// What precompiled manifests save an app: importing the manifest loader (YAML parser, zod schema) from the
// installed package, then reading, parsing and validating every providers/*.yaml it ships.
import { readdirSync } from 'node:fs';

const started = performance.now();
const { loadAnyManifestFile } = await import('oauth-registry/manifest');
const dir = new URL('../node_modules/oauth-registry/providers/', import.meta.url);
const files = readdirSync(dir).filter((file) => file.endsWith('.yaml'));
// loadAnyManifestFile: retired manifests are valid files too; loadManifestFile would refuse them.
for (const file of files) loadAnyManifestFile(new URL(file, dir).pathname);
console.log(JSON.stringify({ inProcessMs: performance.now() - started, manifests: files.length }));
