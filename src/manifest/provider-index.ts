// A set of providers known by id before any manifest is loaded: ids, aliases, a lazy loader per usable
// manifest, and the retired ones inline. Codegen emits one (src/generated/registry.ts for the built-ins, an
// app's own for its private manifests); resolving a name against it loads nothing.
import { ProviderRetiredError, UnknownProviderError } from '../errors.ts';
import { followAlias } from './provider-aliases.ts';
import type { ManifestSource, ProviderManifest, RetiredProviderManifest } from './schema.ts';
import { closestMatches } from './suggest.ts';

export interface ProviderIndex {
  /** Every id, retired ones included. */
  ids: readonly string[];
  /** Alias → id. */
  aliases: Readonly<Record<string, string>>;
  loaders: Readonly<Record<string, () => Promise<ProviderManifest>>>;
  retired: Readonly<Record<string, RetiredProviderManifest>>;
}

/** The id `name` stands for in `index`: itself, or the provider it is an alias of (the first use warns). */
export function resolveInIndex(index: ProviderIndex, name: string): string {
  if (Object.hasOwn(index.loaders, name) || Object.hasOwn(index.retired, name)) return name;
  return Object.hasOwn(index.aliases, name) ? followAlias(name, index.aliases[name]!) : name;
}

/**
 * The manifest source for `name`: a loader for a usable provider; ProviderRetiredError (naming the date and
 * the successor) for a retired one; UnknownProviderError with close ids for anything else.
 */
export function sourceFromIndex(index: ProviderIndex, name: string): ManifestSource {
  const id = resolveInIndex(index, name);
  if (Object.hasOwn(index.retired, id)) throw new ProviderRetiredError(index.retired[id]!);
  if (!Object.hasOwn(index.loaders, id)) throw new UnknownProviderError(name, closestMatches(name, index.ids));
  const load = index.loaders[id]!;
  let loading: Promise<ProviderManifest> | undefined;
  return {
    id,
    load: () =>
      (loading ??= load().then(deepFreeze, (error: unknown) => {
        loading = undefined;
        throw error;
      })),
  };
}

/** Manifests are shared by every client built from them; freezing keeps one client from changing another's. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
