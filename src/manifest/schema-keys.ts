// Which keys the manifest schema allows at a field path, read from the zod schema itself, so "did you mean"
// suggestions can never drift from what the loader accepts.
import type { z } from 'zod';
import type { FieldPath } from './locate.ts';

type Schema = z.core.$ZodType;
// The parts of zod's schema definitions walked here (zod v4 keeps them on `_zod.def`).
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  options?: readonly Schema[];
  left?: Schema;
  right?: Schema;
  getter?: () => Schema;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  keyType?: Schema;
  valueType?: Schema;
  element?: Schema;
  items?: readonly Schema[];
  rest?: Schema | null;
  entries?: Record<string, unknown>;
  values?: readonly unknown[];
}

/** The keys an object at `path` may have: the fields of every object schema (any union branch) found there. */
export function allowedKeysAt(root: Schema, path: FieldPath): string[] {
  const keys = new Set<string>();
  for (const schema of schemasAt(root, path)) {
    const def = defOf(schema);
    if (def.type === 'object') for (const key of Object.keys(def.shape ?? {})) keys.add(key);
    // A record keyed by an enum (z.partialRecord) reports other keys as unknown, so its enum is the key list.
    if (def.type === 'record' && def.keyType) for (const key of literalValues(def.keyType)) keys.add(key);
  }
  return [...keys];
}

/** Every concrete schema the value at `path` is checked against, wrappers removed and unions spread out. */
export function schemasAt(root: Schema, path: FieldPath): Schema[] {
  let here = concrete(root);
  for (const segment of path) here = here.flatMap((schema) => childrenOf(schema, segment).flatMap((child) => concrete(child)));
  return here;
}

/** Optional, default, pipe, union…: the schemas that actually look at the value. */
function concrete(schema: Schema, seen = new Set<Schema>()): Schema[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const inner: (Schema | undefined)[] =
    def.type === 'pipe' ? [def.in, def.out]
    : def.type === 'union' ? [...(def.options ?? [])]
    : def.type === 'intersection' ? [def.left, def.right]
    : def.type === 'lazy' ? [def.getter?.()]
    : def.innerType ? [def.innerType]
    : [];
  if (inner.length === 0) return def.type === 'transform' ? [] : [schema];
  return inner.flatMap((next) => (next ? concrete(next, seen) : []));
}

function childrenOf(schema: Schema, segment: PropertyKey): Schema[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const field = typeof segment === 'string' && def.shape && Object.hasOwn(def.shape, segment) ? def.shape[segment] : def.catchall;
      return field ? [field] : [];
    }
    case 'record':
      return def.valueType ? [def.valueType] : [];
    case 'array':
      return typeof segment === 'number' && def.element ? [def.element] : [];
    case 'tuple': {
      const item = typeof segment === 'number' ? (def.items?.[segment] ?? def.rest) : undefined;
      return item ? [item] : [];
    }
    default:
      return [];
  }
}

function literalValues(schema: Schema): string[] {
  return concrete(schema).flatMap((option) => {
    const def = defOf(option);
    const values = def.type === 'enum' ? Object.values(def.entries ?? {}) : def.type === 'literal' ? (def.values ?? []) : [];
    return values.filter((value): value is string => typeof value === 'string');
  });
}

function defOf(schema: Schema): Def {
  return schema._zod.def as unknown as Def;
}
