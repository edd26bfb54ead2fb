// The providers this process knows: the built-in ones of the generated provider index (loaded one by one, on
// first use), plus private manifests the app registers. A registered id replaces a built-in one. Validation
// lives in register.ts, so looking a provider up loads neither the YAML parser nor the schema.
import { providerIndex } from '../generated/registry.ts';
import { UnknownProviderError } from '../errors.ts';
import { deepFreeze, resolveInIndex, sourceFromIndex } from './provider-index.ts';
import { checkNewNames, followAlias } from './provider-aliases.ts';
import type { AnyProviderManifest, ManifestSource, ProviderManifest } from './schema.ts';
import { closestMatches } from './suggest.ts';
import { usableManifest } from './usable.ts';

let builtinIds: Set<string> | undefined;
const registered = new Map<string, AnyProviderManifest>();
/** Alias → id, for registered manifests; built-in aliases stay, pointing at whatever holds their id. */
const registeredAliases = new Map<string, string>();
/** One source per built-in id, so every client of a provider shares its loaded manifest. */
const builtinSources = new Map<string, ManifestSource>();

function knownBuiltinIds(): Set<string> {
  builtinIds ??= new Set(providerIndex.ids);
  return builtinIds;
}

const knownNames = {
  isId: (name: string) => registered.has(name) || knownBuiltinIds().has(name),
  aliasTarget: (name: string) => registeredAliases.get(name) ?? (Object.hasOwn(providerIndex.aliases, name) ? providerIndex.aliases[name] : undefined),
};

/**
 * Adds an already validated manifest (see registerProvider), replacing any earlier one of its id and that
 * one's aliases. ConfigError when its id or an alias already stands for another provider.
 */
export function addValidatedManifest<M extends AnyProviderManifest>(manifest: M): M {
  checkNewNames(manifest, knownNames);
  const frozen = deepFreeze(manifest);
  for (const [alias, id] of registeredAliases) if (id === frozen.id) registeredAliases.delete(alias);
  for (const alias of frozen.aliases) registeredAliases.set(alias, frozen.id);
  registered.set(frozen.id, frozen);
  return frozen;
}

/** The id `name` stands for: `name` itself, or the provider it is an alias of (the first use warns). */
export function resolveProviderId(name: string): string {
  if (knownNames.isId(name)) return name;
  const registeredTarget = registeredAliases.get(name);
  if (registeredTarget !== undefined) return followAlias(name, registeredTarget);
  return resolveInIndex(providerIndex, name);
}

/**
 * What a client of `name` (an id or an alias) is built from: a registered manifest as it is, a built-in one
 * as a source that loads it on first use. Synchronous: UnknownProviderError (with up to three close ids) and
 * ProviderRetiredError (naming the date and the successor) are thrown at once.
 */
export function manifestSource(name: string): ProviderManifest | ManifestSource {
  const id = resolveProviderId(name);
  const own = registered.get(id);
  if (own) return usableManifest(own);
  if (!knownBuiltinIds().has(id)) throw new UnknownProviderError(name, closestMatches(name, listProviders()));
  let source = builtinSources.get(id);
  if (!source) builtinSources.set(id, (source = sourceFromIndex(providerIndex, id)));
  return source;
}

/** The validated manifest for `id` (or an alias of it); built-in ones are loaded on first use. */
export async function getManifest(id: string): Promise<ProviderManifest> {
  const source = manifestSource(id);
  return 'load' in source ? source.load() : source;
}

/** True when `id` was registered at run time (and so replaces any built-in of that id). */
export function isRegisteredProvider(id: string): boolean {
  return registered.has(id);
}

/** Every provider id, built-in and registered (retired ones included, aliases not), sorted. */
export function listProviders(): string[] {
  return [...new Set([...knownBuiltinIds(), ...registered.keys()])].sort();
}
