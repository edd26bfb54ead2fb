// Field paths used by manifests to point into provider bodies: `a.b`, `items[0]`, `emails[primary=true].email`.
// Kept deliberately tiny: no wildcards, no expressions, so a manifest cannot hide logic in a path.

type Segment = { key: string } | { index: number } | { match: [string, string][] };

const cache = new Map<string, Segment[]>();

function parsePath(path: string): Segment[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const [, key, brackets = ''] = /^([^[\]]*)((?:\[[^\]]*\])*)$/.exec(part) ?? [];
    if (key === undefined) throw new Error(`invalid field path "${path}"`);
    if (key) segments.push({ key });
    for (const [, inner] of brackets.matchAll(/\[([^\]]*)\]/g)) {
      if (/^\d+$/.test(inner!)) segments.push({ index: Number(inner) });
      else segments.push({ match: inner!.split(',').map((pair) => pair.split('=', 2) as [string, string]) });
    }
  }
  cache.set(path, segments);
  return segments;
}

function matches(item: unknown, conditions: [string, string][]): boolean {
  if (!item || typeof item !== 'object') return false;
  return conditions.every(([key, expected]) => String((item as Record<string, unknown>)[key]) === expected);
}

/** The value at `path` inside `value`, or undefined when any step is missing. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of parsePath(path)) {
    if (current === null || current === undefined) return undefined;
    if ('key' in segment) current = typeof current === 'object' ? (current as Record<string, unknown>)[segment.key] : undefined;
    else if ('index' in segment) current = Array.isArray(current) ? current[segment.index] : undefined;
    else current = Array.isArray(current) ? current.find((item) => matches(item, segment.match)) : undefined;
  }
  return current;
}

/** True for values a profile or token field should treat as absent. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
