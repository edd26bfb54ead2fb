// The manifest loader fuzzed: mutated copies of the real providers/*.yaml, random structures written as
// YAML and JSON, and raw text. Every outcome is a manifest that is plain data, or a ManifestError whose
// issues name the file and a line inside it; never another error, never a hang. A manifest that loads
// must also be usable: its headers, regular expressions and field paths all work at run time.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ManifestError } from '../../src/errors.ts';
import { loadManifest } from '../../src/manifest/load.ts';
import { checkProperty } from './budget.ts';
import { anyCodePoints, fuzzTimeout, HOSTILE_FRAGMENTS, hostileString, timed } from './helpers.ts';
import { expectUsable } from './usable.ts';

const PROVIDERS_DIR = fileURLToPath(new URL('../../providers/', import.meta.url));
const PROVIDERS = readdirSync(PROVIDERS_DIR)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => ({ file: join(PROVIDERS_DIR, name), text: readFileSync(join(PROVIDERS_DIR, name), 'utf8') }));

/** Loads `text` as `file` and checks the outcome; returns whether it loaded. */
function checkLoad(text: string, file: string): boolean {
  const outcome = timed(() => loadManifest(text, file));
  if (!outcome.threw) {
    // A manifest is data (it must serialise: no cycles, nothing too deep) that the runtime can use.
    expect(typeof JSON.stringify(outcome.value)).toBe('string');
    expectUsable(outcome.value!);
    return true;
  }
  const error = outcome.error;
  if (!(error instanceof ManifestError)) throw new Error(`expected a ManifestError, got ${inspect(error, { depth: 3 })}`);
  expect(error.issues.length).toBeGreaterThan(0);
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const issue of error.issues) {
    expect(issue.file).toBe(file);
    expect(issue.message).not.toBe('');
    if (issue.line !== undefined) {
      expect(Number.isInteger(issue.line) && issue.line >= 1 && issue.line <= lineCount + 1).toBe(true);
      expect(Number.isInteger(issue.column) && issue.column! >= 1).toBe(true);
    }
  }
  return false;
}

type Mutation = { kind: 'insert' | 'delete' | 'replace' | 'duplicate-line' | 'drop-line' | 'indent' | 'dedent'; at: number; length: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace', 'duplicate-line', 'drop-line', 'indent', 'dedent'),
  at: fc.nat(),
  length: fc.integer({ min: 0, max: 24 }),
  text: hostileString(6),
});

function mutate(text: string, change: Mutation): string {
  const at = change.at % (text.length + 1);
  const lines = text.split('\n');
  const line = change.at % lines.length;
  switch (change.kind) {
    case 'insert':
      return text.slice(0, at) + change.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + change.length);
    case 'replace':
      return text.slice(0, at) + change.text + text.slice(at + change.length);
    case 'duplicate-line':
      return [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n');
    case 'drop-line':
      return [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n');
    case 'indent':
      return lines.map((l, i) => (i === line ? `  ${l}` : l)).join('\n');
    case 'dedent':
      return lines.map((l, i) => (i === line ? l.replace(/^ {1,2}/, '') : l)).join('\n');
  }
}

/** Every key the real manifests use, plus keys that probe prototypes and refs. */
const KEYS = [
  ...new Set(PROVIDERS.flatMap(({ text }) => keysOf(parseYaml(text)))),
  'pattern', 'replace', 'with', 'set', 'remove', 'header', 'unwrap', 'root', 'when', 'equals', 'notEquals', 'lookup', 'before', 'after',
  'variables', 'example', 'default', 'clientSecretJwt', '$ref', '__proto__', 'constructor', 'toString',
];

function keysOf(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [...(Array.isArray(value) ? [] : [key]), ...keysOf(child)]);
}

/** Values close to valid ones (so validation goes deep) and hostile ones. */
const SCALAR = fc.oneof(
  { weight: 3, arbitrary: hostileString(8) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'https://acme.example/x', 'http://127.0.0.1:9/x', 'http://evil.example/', 'https://{shop}.acme.example/', '{{token.uid}}', '{{vars.x}}',
      '(a+)+$', '(a|a)*', '[', '(', '^v\\d+$', 'a]b', 'items[0]', 'a[b=c].d', '$emails[primary=true].email', 'a..b', 'oauth1', 'oauth2', 'oidc',
      'header', 'query', 'body', 'json', 'form', 'xml', 'jsonp', 'POST', 'GET', 'basic', 'post', 'none', 'required', '2026-01-01',
      'github.user.schema.json', '../package.json', '/etc/hostname', '#/defs/x', 'X-Header', 'Bad Header', 'é', '\r\nX: y',
    ),
  },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
);

const { value: VALUE } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    SCALAR,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
  ),
}));

/** Sets (or, for undefined, deletes) the value at `path` inside a copy of `root`, creating objects on the way. */
function setIn(root: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: Record<string, unknown> = typeof root === 'object' && root !== null && !Array.isArray(root) ? { ...root } : {};
  const [head, ...rest] = path as [string, ...string[]];
  const child = setIn(Object.hasOwn(copy, head) ? copy[head] : undefined, rest, value);
  if (child === undefined) delete copy[head];
  else Object.defineProperty(copy, head, { value: child, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Sections shaped as the schema wants, with hostile leaves, so validation reaches the leaves. */
const SHAPED_EDIT = fc.oneof(
  fc.record({ path: fc.constant(['variables']), value: fc.dictionary(fc.constantFrom('shop', 'tenant', 'constructor'), fc.record({ description: fc.constant('d'), pattern: SCALAR }), { maxKeys: 2 }) }),
  fc.record({
    path: fc.constant(['api', 'transforms']),
    value: fc.array(fc.oneof(fc.record({ header: SCALAR, replace: fc.record({ pattern: SCALAR, with: SCALAR }) }), fc.record({ header: SCALAR, set: SCALAR })), { maxLength: 2 }),
  }),
  fc.record({ path: fc.constantFrom(['api', 'headers'], ['token', 'headers'], ['profile', 'headers']), value: fc.dictionary(hostileString(6), SCALAR, { maxKeys: 3 }) }),
  fc.record({ path: fc.constantFrom(['api', 'auth']), value: fc.record({ in: fc.constantFrom('header', 'query'), name: SCALAR, scheme: SCALAR }) }),
  fc.record({
    path: fc.constantFrom(['token', 'response', 'root'], ['token', 'response', 'error', 'code'], ['profile', 'unwrap'], ['profile', 'fields', 'id'], ['profile', 'fields', 'email']),
    value: SCALAR,
  }),
  fc.record({ path: fc.constantFrom(['token', 'response', 'fields'], ['token', 'lookup']), value: fc.record({ url: SCALAR, fields: fc.dictionary(fc.constantFrom('openid', 'uid'), SCALAR, { maxKeys: 2 }) }) }),
);

const edit = fc.oneof(
  fc.record({ path: fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 4 }), value: fc.option(VALUE, { nil: undefined }) }),
  SHAPED_EDIT,
);

describe('manifest loader fuzz', () => {
  it('loads or refuses mutated real manifests', async () => {
    await checkProperty(
      'manifest loader: mutated real manifests',
      0x5eed01,
      fc.property(fc.constantFrom(...PROVIDERS), fc.array(mutation, { minLength: 1, maxLength: 4 }), ({ file, text }, changes) => {
        checkLoad(changes.reduce(mutate, text), file);
      }),
    );
  }, fuzzTimeout());

  it('loads or refuses real manifests with random structures grafted in, as YAML and as JSON', async () => {
    await checkProperty(
      'manifest loader: grafted structures',
      0x5eed02,
      fc.property(fc.constantFrom(...PROVIDERS), fc.array(edit, { minLength: 1, maxLength: 5 }), fc.boolean(), ({ file, text }, edits, asJson) => {
        const data = edits.reduce<unknown>((current, { path, value }) => setIn(current, path, value), parseYaml(text));
        const written = asJson ? JSON.stringify(data) : stringifyYaml(data);
        checkLoad(written ?? '', asJson ? file.replace(/\.yaml$/, '.json') : file);
      }),
    );
  }, fuzzTimeout());

  it('refuses arbitrary text', async () => {
    const line = fc.oneof(hostileString(10), anyCodePoints(30), fc.constantFrom(...HOSTILE_FRAGMENTS));
    await checkProperty(
      'manifest loader: arbitrary text',
      0x5eed03,
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        checkLoad(lines.join('\n'), join(PROVIDERS_DIR, 'acme.yaml'));
      }),
    );
  }, fuzzTimeout());
});
