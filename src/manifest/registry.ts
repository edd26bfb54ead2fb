// The providers this process knows: the built-in manifests generated from providers/, plus private
// manifests the app registers. A registered id replaces a built-in one. Validation lives in
// register.ts, so looking a provider up loads neither the YAML parser nor the schema.
import { manifests as generatedManifests } from '../generated/registry.ts';
import { UnknownProviderError } from '../errors.ts';
import type { ProviderManifest } from './schema.ts';
import { closestMatches } from './suggest.ts';

interface BuiltinSource {
  ids(): string[];
  load(id: string): ProviderManifest;
}

/**
 * Built-in manifests come precompiled from src/generated/registry.ts (`npm run codegen`), already
 * validated, so looking one up parses no YAML; CI's drift check keeps them equal to providers/.
 */
const builtins: BuiltinSource = {
  ids: () => Object.keys(generatedManifests),
  load: (id) => structuredClone(generatedManifests[id as keyof typeof generatedManifests]),
};

let builtinIds: Set<string> | undefined;
const loaded = new Map<string, ProviderManifest>();
const registered = new Map<string, ProviderManifest>();

function knownBuiltinIds(): Set<string> {
  builtinIds ??= new Set(builtins.ids());
  return builtinIds;
}

/** Adds an already validated manifest (see registerProvider), replacing any earlier one of its id. */
export function addValidatedManifest(manifest: ProviderManifest): ProviderManifest {
  const frozen = deepFreeze(manifest);
  registered.set(frozen.id, frozen);
  return frozen;
}

/** The validated manifest for `id`; throws UnknownProviderError with up to three close ids when there is none. */
export function getManifest(id: string): ProviderManifest {
  const own = registered.get(id);
  if (own) return own;
  const cached = loaded.get(id);
  if (cached) return cached;
  if (!knownBuiltinIds().has(id)) throw new UnknownProviderError(id, closestMatches(id, listProviders()));
  const manifest = deepFreeze(builtins.load(id));
  loaded.set(id, manifest);
  return manifest;
}

/** True when `id` was registered at run time (and so replaces any built-in of that id). */
export function isRegisteredProvider(id: string): boolean {
  return registered.has(id);
}

/** Every provider id, built-in and registered, sorted. */
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
