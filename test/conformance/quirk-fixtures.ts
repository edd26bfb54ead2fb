// The quirk fixtures: manifests in fixtures/ that exercise quirk fields no providers/ manifest needs yet.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifestFile } from '../../src/manifest/load.ts';
import type { ProviderManifest } from '../../src/manifest/schema.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function loadQuirkFixtures(): { id: string; manifest: ProviderManifest }[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ id: name.slice(0, -'.yaml'.length), manifest: loadManifestFile(join(FIXTURES, name)) }));
}
