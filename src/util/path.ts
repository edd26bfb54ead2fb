// Field paths used by manifests to point into provider bodies: `a.b`, `items[0]`, `emails[primary=true].email`.
// Kept deliberately tiny: no wildcards, no expressions, so a manifest cannot hide logic in a path.
import { ConfigError } from '../errors.ts';

type Segment = { key: string } | { index: number } | { match: [string, string][] };

/** Above this an index is no real position in a provider's answer, only a way to make arrays huge. */
const MAX_INDEX = 9999;
const PART = /^([^[\]]*)((?:\[[^\]]*\])*)$/;

const cache = new Map<string, Segment[]>();

/**
 * Why `path` is not a field path, or undefined when it is one. The manifest schema calls this so a bad path
 * fails at load, with its location, rather than at the first request that reads it.
 */
export function fieldPathProblem(path: string): string | undefined {
  const parsed = parseSegments(path);
  return typeof parsed === 'string' ? parsed : undefined;
}

function parsePath(path: string): Segment[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const parsed = parseSegments(path);
  // Manifests are validated at load, so only a path built in code reaches this.
  if (typeof parsed === 'string') throw new ConfigError('CONFIG_INVALID', `invalid field path ${JSON.stringify(path)}: ${parsed}`);
  cache.set(path, parsed);
  return parsed;
}

function parseSegments(path: string): Segment[] | string {
  if (path === '') return 'a field path cannot be empty';
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const [, key, brackets = ''] = PART.exec(part) ?? [];
    if (key === undefined) return `"${part}" has a stray or unclosed bracket (write a.b, items[0] or items[key=value])`;
    if (key === '' && brackets === '') return 'empty segment between dots';
    if (key === '__proto__') return '"__proto__" is not a field name a path may use';
    if (key) segments.push({ key });
    for (const [, inner] of brackets.matchAll(/\[([^\]]*)\]/g)) {
      const segment = parseBracket(inner!);
      if (typeof segment === 'string') return segment;
      segments.push(segment);
    }
  }
  return segments;
}

/** `[3]` picks an index; `[primary=true]` or `[type=work,primary=true]` the first item whose fields match. */
function parseBracket(inner: string): Segment | string {
  if (/^\d+$/.test(inner)) {
    const index = Number(inner);
    return index <= MAX_INDEX ? { index } : `index [${inner}] is above ${MAX_INDEX}`;
  }
  const match: [string, string][] = [];
  for (const condition of inner.split(',')) {
    const equals = condition.indexOf('=');
    if (equals <= 0) return `[${inner}] must be an index or key=value conditions`;
    const key = condition.slice(0, equals);
    if (key === '__proto__') return '"__proto__" is not a field name a path may use';
    match.push([key, condition.slice(equals + 1)]);
  }
  return { match };
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
