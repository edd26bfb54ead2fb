// Private providers: a manifest file or object is validated here, then joins the registry by its id.
import { loadManifestFile, parseManifestObject } from './load.ts';
import { addValidatedManifest } from './registry.ts';
import type { ProviderManifest } from './schema.ts';

/**
 * Adds a private provider, from a manifest object or the path of a YAML or JSON manifest file, after
 * validating it. Registering an id again (or a built-in id) replaces the earlier manifest. Returns the
 * validated manifest.
 */
export function registerProvider(manifestOrPath: object | string): ProviderManifest {
  return addValidatedManifest(typeof manifestOrPath === 'string' ? loadManifestFile(manifestOrPath) : parseManifestObject(manifestOrPath));
}
