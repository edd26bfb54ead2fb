// The manifests every provider-enumerating suite runs over: each `<id>.yaml`, `<id>.yml` or `<id>.json` in
// providers/ (the JSON Schemas beside them, `<id>.<name>.schema.json`, are not manifests). Suites list
// providers through this module and never by name, so a contributor's new file is tested with no test
// change; test/contributing/one-file-provider.test.ts runs every suite importing this module on a copy of the
// repository with one more provider to prove it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAnyManifestFile } from '../src/manifest/load.ts';
import type { AnyProviderManifest, ProviderManifest, RetiredProviderManifest } from '../src/manifest/schema.ts';

export const PROVIDERS_DIR = fileURLToPath(new URL('../providers/', import.meta.url));

/** The codegen's rule too: an id as the schema allows it, then a manifest extension, nothing in between. */
const MANIFEST_NAME = /^([a-z][a-z0-9-]*)\.(yaml|yml|json)$/;

export interface ManifestFile {
  /** The provider id, which is the file name without its extension. */
  id: string;
  /** The file name, e.g. `acme.yaml`. */
  name: string;
  path: string;
  format: 'yaml' | 'json';
}

/** The manifest files in `dir`, sorted by name. */
export function listManifestFiles(dir = PROVIDERS_DIR): ManifestFile[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const match = MANIFEST_NAME.exec(name);
      if (!match) return [];
      return [{ id: match[1]!, name, path: join(dir, name), format: match[2] === 'json' ? 'json' : 'yaml' } as const];
    });
}

export interface ProviderUnderTest extends ManifestFile {
  /** Loaded from the file itself, not looked up by id, so the suite tests the file it enumerated. */
  manifest: ProviderManifest;
}

function loadAll(dir: string): Array<ManifestFile & { manifest: AnyProviderManifest }> {
  return listManifestFiles(dir).map((file) => ({ ...file, manifest: loadAnyManifestFile(file.path) }));
}

/** Every usable (not retired) manifest file of `dir`, loaded and validated: the ones a client can run. */
export function loadProviderManifests(dir = PROVIDERS_DIR): ProviderUnderTest[] {
  return loadAll(dir).filter((file): file is ProviderUnderTest => file.manifest.status !== 'retired');
}

/** The retired manifests of `dir`: metadata only, kept so their ids fail with ProviderRetiredError. */
export function loadRetiredManifests(dir = PROVIDERS_DIR): Array<ManifestFile & { manifest: RetiredProviderManifest }> {
  return loadAll(dir).filter((file): file is ManifestFile & { manifest: RetiredProviderManifest } => file.manifest.status === 'retired');
}

/** `id` mistyped the way no provider id can be (ids have no `_`), one edit away: it must suggest `id`. */
export function typoOf(id: string): string {
  return `${id}_`;
}
