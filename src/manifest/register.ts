// Private providers: a manifest file or object is validated here, then joins the registry by its id.
import { loadAnyManifestFile, parseAnyManifestObject } from './load.ts';
import { addValidatedManifest } from './registry.ts';
import type { AnyProviderManifest } from './schema.ts';

/**
 * Adds a private provider, from a manifest object or the path of a YAML or JSON manifest file, after
 * validating it. Registering an id again (or a built-in id) replaces the earlier manifest; an id or alias
 * that already stands for another provider is refused (ConfigError). A retired manifest registers too:
 * its id then fails with ProviderRetiredError. Returns the validated manifest.
 */
export function registerProvider(manifestOrPath: object | string): AnyProviderManifest {
  return addValidatedManifest(typeof manifestOrPath === 'string' ? loadAnyManifestFile(manifestOrPath) : parseAnyManifestObject(manifestOrPath));
}
