// Inlines `{ $ref: "file.json" }` JSON Schemas kept beside a manifest, so the runtime and codegen only ever
// see complete schemas. Only files inside the manifest's own directory are read.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { FieldIssue } from './issues.ts';
import type { FieldPath } from './locate.ts';

type Json = Record<string, unknown>;

/** Where a manifest may hold a JSON Schema (the fields typed JsonSchemaObject in schema.ts). */
function schemaSlots(manifest: Json): FieldPath[] {
  const slots: FieldPath[] = [
    ['profile', 'schema'],
    ['token', 'response', 'schema'],
  ];
  const operations = manifest.operations;
  if (isObject(operations)) {
    for (const name of Object.keys(operations)) slots.push(['operations', name, 'response']);
  }
  return slots;
}

/**
 * Replaces each file `$ref` in place with the parsed file (keys written beside `$ref` win over the file's).
 * `baseDir` is the manifest's directory; without one (a manifest given as an object) a file `$ref` is an error.
 * Refs within a schema (`#/...`) and absolute URLs are left to JSON Schema tooling.
 */
export function resolveSchemaRefs(manifest: unknown, baseDir: string | undefined): FieldIssue[] {
  if (!isObject(manifest)) return [];
  const issues: FieldIssue[] = [];
  for (const slot of schemaSlots(manifest)) {
    const holder = getIn(manifest, slot.slice(0, -1));
    const key = String(slot[slot.length - 1]);
    const schema = holder?.[key];
    if (!isObject(schema) || typeof schema.$ref !== 'string' || !isFileRef(schema.$ref)) continue;
    const refPath = [...slot, '$ref'];
    const loaded = readRef(schema.$ref, baseDir);
    if ('problem' in loaded) {
      issues.push({ path: refPath, target: 'value', message: loaded.problem });
      continue;
    }
    const { $ref: _ref, ...siblings } = schema;
    holder![key] = { ...loaded.schema, ...siblings };
  }
  return issues;
}

function readRef(ref: string, baseDir: string | undefined): { schema: Json } | { problem: string } {
  if (baseDir === undefined) return { problem: `cannot resolve "${ref}": a file $ref needs the manifest to be loaded from a file` };
  const target = resolve(baseDir, ref);
  const inside = relative(baseDir, target);
  if (inside.startsWith('..') || isAbsolute(inside)) return { problem: `"${ref}" must name a file beside the manifest` };
  let text: string;
  try {
    text = readFileSync(target, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `cannot read "${ref}"${code === 'ENOENT' ? ': no such file beside the manifest' : ` (${code ?? 'read error'})`}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problem: `"${ref}" is not valid JSON: ${(error as Error).message}` };
  }
  if (!isObject(parsed)) return { problem: `"${ref}" must hold a JSON Schema object` };
  return { schema: parsed };
}

/** A relative file reference, as opposed to a fragment (`#/$defs/x`) or a URL (`https://...`). */
function isFileRef(ref: string): boolean {
  return !ref.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(ref);
}

function getIn(value: Json, path: FieldPath): Json | undefined {
  let here: unknown = value;
  for (const segment of path) {
    if (!isObject(here)) return undefined;
    here = here[String(segment)];
  }
  return isObject(here) ? here : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
