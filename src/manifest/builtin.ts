// The built-in manifests as files: the package ships providers/, whose YAML (or JSON) holds what the
// precompiled runtime manifests leave out (JSON Schemas, operation descriptions). The emulator and
// validation read them from here; the runtime never does.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UnknownProviderError } from '../errors.ts';
import { loadManifestFile } from './load.ts';
import { listProviders } from './registry.ts';
import type { ProviderManifest } from './schema.ts';
import { closestMatches } from './suggest.ts';

/** providers/ beside src/ in this repository, beside dist/ in the installed package. */
export const BUILTIN_PROVIDERS_DIR = fileURLToPath(new URL('../../providers/', import.meta.url));

/** The built-in manifest `id`, validated from its file, schemas and descriptions included. */
export function loadBuiltinManifest(id: string): ProviderManifest {
  if (/^[a-z][a-z0-9-]*$/.test(id)) {
    for (const extension of ['yaml', 'yml', 'json']) {
      const path = `${BUILTIN_PROVIDERS_DIR}${id}.${extension}`;
      if (existsSync(path)) return loadManifestFile(path);
    }
  }
  throw new UnknownProviderError(id, closestMatches(id, listProviders()));
}
