// Provider aliases: other ids that stand for a provider (its id before a rename). An alias keeps old code
// working, and tells the app once which id to move to.
import { ConfigError } from '../errors.ts';

const warned = new Set<string>();

/** `id`, the provider `alias` stands for; the first use of each alias warns, through Node's warnings. */
export function followAlias(alias: string, id: string): string {
  if (!warned.has(alias)) {
    warned.add(alias);
    process.emitWarning(`"${alias}" is an alias of the ${id} provider; use "${id}"`, { code: 'OAUTH_REGISTRY_PROVIDER_ALIAS' });
  }
  return id;
}

/** What a name already means in the registry, to check a new manifest's id and aliases against. */
export interface KnownNames {
  isId(name: string): boolean;
  /** The id `name` is an alias of, if it is one. */
  aliasTarget(name: string): string | undefined;
}

/**
 * A name stands for one provider only: an alias may be neither an id nor another provider's alias, and an id
 * may not be someone's alias. `manifest` replaces any provider of its own id, so its own names are no conflict.
 */
export function checkNewNames(manifest: { id: string; aliases: readonly string[] }, known: KnownNames): void {
  const owner = known.aliasTarget(manifest.id);
  if (owner !== undefined && owner !== manifest.id) {
    throw new ConfigError('CONFIG_INVALID', `cannot add provider "${manifest.id}": it is already an alias of ${owner}`);
  }
  for (const alias of manifest.aliases) {
    if (known.isId(alias)) throw new ConfigError('CONFIG_INVALID', `${manifest.id}: alias "${alias}" is already the id of a provider`);
    const target = known.aliasTarget(alias);
    if (target !== undefined && target !== manifest.id) throw new ConfigError('CONFIG_INVALID', `${manifest.id}: alias "${alias}" is already an alias of ${target}`);
  }
}

/** Alias → id over a set of manifests, refusing any name that would stand for two providers (codegen's check). */
export function aliasTable(manifests: readonly { id: string; aliases: readonly string[] }[]): Map<string, string> {
  const ids = new Set(manifests.map((manifest) => manifest.id));
  const table = new Map<string, string>();
  for (const manifest of manifests) {
    checkNewNames(manifest, { isId: (name) => ids.has(name), aliasTarget: (name) => table.get(name) });
    for (const alias of manifest.aliases) table.set(alias, manifest.id);
  }
  return table;
}
