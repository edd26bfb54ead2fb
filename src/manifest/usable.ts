// A retired manifest validates (its id must keep failing clearly), but nothing can run from it.
import { ProviderRetiredError } from '../errors.ts';
import type { AnyProviderManifest, ProviderManifest } from './schema.ts';

/** The manifest itself when it can make a client; ProviderRetiredError, naming the date and successor, when retired. */
export function usableManifest(manifest: AnyProviderManifest): ProviderManifest {
  if (manifest.status === 'retired') throw new ProviderRetiredError(manifest);
  return manifest;
}
