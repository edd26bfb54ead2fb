// Turns zod's validation issues into plain sentences about one field each: what was expected there and
// what was found, and for a misspelt field name or option, the closest ones allowed. Unions are resolved to
// the branch the author most likely meant.
import type { z } from 'zod';
import type { FieldPath, Target } from './locate.ts';
import { Manifest } from './schema.ts';
import { allowedKeysAt } from './schema-keys.ts';
import { closestMatches } from './suggest.ts';

export interface FieldIssue {
  path: FieldPath;
  target: Target;
  message: string;
}

type Issue = z.core.$ZodIssue;

const FORMAT_NAMES: Record<string, string> = {
  url: 'an absolute URL',
  date: 'a date written YYYY-MM-DD',
};

/** One FieldIssue per problem; an unknown-keys issue becomes one per key so each points at its own key. */
export function describeIssues(issues: readonly Issue[], prefix: FieldPath = []): FieldIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, [...prefix, ...issue.path]));
}

function describeIssue(issue: Issue, path: FieldPath): FieldIssue[] {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) {
        return [{ path, target: 'parent', message: `missing required field "${String(path[path.length - 1] ?? '')}"` }];
      }
      return [{ path, target: 'value', message: `expected ${issue.expected}, got ${describeValue(issue.input)}` }];
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v)).join(', ');
      const hint = typeof issue.input === 'string' ? didYouMean(issue.input, issue.values.filter((v): v is string => typeof v === 'string')) : '';
      return [{ path, target: 'value', message: `expected one of ${options}, got ${describeValue(issue.input)}${hint}` }];
    }
    case 'unrecognized_keys':
      return describeUnknownKeys(issue, path);
    case 'invalid_format':
      return [{ path, target: 'value', message: describeFormat(issue) }];
    case 'too_small':
      return [{ path, target: 'value', message: `expected at least ${String(issue.minimum)} ${issue.origin === 'array' ? 'item(s)' : issue.origin === 'string' ? 'character(s)' : ''}`.trimEnd() }];
    case 'too_big':
      return [{ path, target: 'value', message: `expected at most ${String(issue.maximum)}${issue.origin === 'array' ? ' item(s)' : ''}` }];
    case 'invalid_key': {
      const reasons = issue.issues.map((inner) => (inner.code === 'invalid_format' ? describeFormat(inner) : inner.message));
      return [{ path, target: 'key', message: `invalid name "${String(path[path.length - 1])}": ${reasons.join('; ')}` }];
    }
    case 'invalid_union':
      return issue.discriminator === undefined ? describeUnion(issue, path) : describeDiscriminator(issue, path);
    default:
      return [{ path, target: 'value', message: issue.message }];
  }
}

/** One issue per unknown key, each suggesting the allowed keys nearest to it that the object does not use yet. */
function describeUnknownKeys(issue: Extract<Issue, { code: 'unrecognized_keys' }>, path: FieldPath): FieldIssue[] {
  if (path.length === 0 && isRetired(issue.input)) {
    return issue.keys.map((key) => ({ path: [key], target: 'key' as const, message: `unknown field "${key}" (a retired manifest keeps only its metadata)` }));
  }
  const present = new Set(issue.input !== null && typeof issue.input === 'object' ? Object.keys(issue.input) : []);
  const free = allowedKeysAt(Manifest, path).filter((key) => !present.has(key));
  return issue.keys.map((key) => ({ path: [...path, key], target: 'key' as const, message: `unknown field "${key}"${didYouMean(key, free)}` }));
}

/** `; did you mean "a" or "b"?` for the candidates close to what was written, or nothing. */
function didYouMean(written: string, candidates: readonly string[]): string {
  const close = closestMatches(written, candidates);
  return close.length ? `; did you mean ${close.map((c) => JSON.stringify(c)).join(' or ')}?` : '';
}

/**
 * When every branch rejected the value's type, list the accepted types. Otherwise the value had the right
 * shape for some branch: report that branch's problems (the one with the fewest).
 */
function describeUnion(issue: Extract<Issue, { code: 'invalid_union' }>, path: FieldPath): FieldIssue[] {
  const branches = issue.errors;
  const typeMismatch = (branch: readonly Issue[]) => branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0;
  if (branches.length === 0 || branches.every(typeMismatch)) {
    const expected = [...new Set(branches.map((branch) => (branch[0] as { expected?: string } | undefined)?.expected ?? 'another type'))];
    return [{ path, target: 'value', message: `expected ${expected.join(' or ')}, got ${describeValue(issue.input)}` }];
  }
  const candidates = branches.filter((branch) => !typeMismatch(branch));
  const closest = candidates.reduce((best, branch) => (branch.length < best.length ? branch : best));
  return describeIssues(closest, path);
}

/** The field that picks the union's shape (a manifest's status) has a value no shape takes. */
function describeDiscriminator(issue: Extract<Issue, { code: 'invalid_union' }>, path: FieldPath): FieldIssue[] {
  const values = 'options' in issue ? (issue.options ?? []).filter((value) => typeof value === 'string') : [];
  const found = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator!];
  return [{ path, target: 'value', message: `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(found)}` }];
}

function isRetired(input: unknown): boolean {
  return typeof input === 'object' && input !== null && (input as { status?: unknown }).status === 'retired';
}

function describeFormat(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  const named = FORMAT_NAMES[issue.format];
  if (named) return `expected ${named}, got ${describeValue(issue.input)}`;
  // Custom messages from the schema (e.g. "expected a camelCase name") already say what is expected.
  if (issue.message.startsWith('expected')) return `${issue.message}, got ${describeValue(issue.input)}`;
  const pattern = 'pattern' in issue && issue.pattern ? ` matching ${String(issue.pattern)}` : '';
  return `expected text${pattern}, got ${describeValue(issue.input)}`;
}

/** Short and type-revealing: manifests hold no secrets, but a long value would bury the message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}
