// The providers this process knows: the built-in manifests generated from providers/, plus private
// manifests the app registers. A registered id replaces a built-in one. Validation lives in
// register.ts, so looking a provider up loads neither the YAML parser nor the schema.
import { PROVIDER_ALIASES } from '../generated/provider-ids.ts';
import { manifests as generatedManifests } from '../generated/registry.ts';
import { UnknownProviderError } from '../errors.ts';
import { checkNewNames, followAlias } from './provider-aliases.ts';
import type { AnyProviderManifest, ProviderManifest } from './schema.ts';
import { closestMatches } from './suggest.ts';
import { usableManifest } from './usable.ts';

interface BuiltinSource {
  ids(): string[];
  load(id: string): AnyProviderManifest;
  aliases: Readonly<Record<string, string>>;
}

/**
 * Built-in manifests come precompiled from src/generated/registry.ts (`npm run codegen`), already
 * validated, so looking one up parses no YAML; CI's drift check keeps them equal to providers/.
 */
const builtins: BuiltinSource = {
  ids: () => Object.keys(generatedManifests),
  load: (id) => structuredClone(generatedManifests[id as keyof typeof generatedManifests]),
  aliases: PROVIDER_ALIASES,
};

let builtinIds: Set<string> | undefined;
const loaded = new Map<string, AnyProviderManifest>();
const registered = new Map<string, AnyProviderManifest>();
/** Alias → id, for registered manifests; built-in aliases stay, pointing at whatever holds their id. */
const registeredAliases = new Map<string, string>();

function knownBuiltinIds(): Set<string> {
  builtinIds ??= new Set(builtins.ids());
  return builtinIds;
}

const knownNames = {
  isId: (name: string) => registered.has(name) || knownBuiltinIds().has(name),
  aliasTarget: (name: string) => registeredAliases.get(name) ?? (Object.hasOwn(builtins.aliases, name) ? builtins.aliases[name] : undefined),
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
  const target = knownNames.aliasTarget(name);
  return target === undefined ? name : followAlias(name, target);
}

/**
 * The validated manifest for `id` (or an alias of it). UnknownProviderError with up to three close ids when
 * there is none; ProviderRetiredError, naming the date and the successor, when it is retired.
 */
export function getManifest(id: string): ProviderManifest {
  return usableManifest(findManifest(resolveProviderId(id)) ?? unknownProvider(id));
}

function findManifest(id: string): AnyProviderManifest | undefined {
  const own = registered.get(id) ?? loaded.get(id);
  if (own || !knownBuiltinIds().has(id)) return own;
  const manifest = deepFreeze(builtins.load(id));
  loaded.set(id, manifest);
  return manifest;
}

function unknownProvider(id: string): never {
  throw new UnknownProviderError(id, closestMatches(id, listProviders()));
}

/** True when `id` was registered at run time (and so replaces any built-in of that id). */
export function isRegisteredProvider(id: string): boolean {
  return registered.has(id);
}

/** Every provider id, built-in and registered (retired ones included, aliases not), sorted. */
export function listProviders(): string[] {
  return [...new Set([...knownBuiltinIds(), ...registered.keys()])].sort();
}

/** Manifests are shared by every client built from them; freezing keeps one client from changing another's. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
