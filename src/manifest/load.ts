// Reads a provider manifest (YAML, or JSON, which is YAML) into a validated ProviderManifest. Every failure
// is a ManifestError whose issues name the file, line, column and field, and say what was expected.
import { readFileSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { ManifestError, type ManifestLocation } from '../errors.ts';
import { findAliasProblems, toBoundedJs, tooManyExpansions, type AliasProblem } from './aliases.ts';
import { describeIssues, type FieldIssue } from './issues.ts';
import { formatFieldPath, locate } from './locate.ts';
import { resolveSchemaRefs } from './refs.ts';
import { AnyManifest, type AnyProviderManifest, type ProviderManifest } from './schema.ts';
import { usableManifest } from './usable.ts';

type LocatedIssue = ManifestLocation & { message: string };

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Parses and validates manifest text; `file` names it in errors, anchors `$ref` files and must be
 * `<id>.yaml|yml|json`. A valid retired manifest throws ProviderRetiredError: nothing runs from it.
 */
export function loadManifest(text: string, file: string): ProviderManifest {
  return usableManifest(loadAnyManifest(text, file));
}

export function loadManifestFile(path: string): ProviderManifest {
  return usableManifest(loadAnyManifestFile(path));
}

/**
 * Validates a manifest given as an object (a private provider registered in code). Issues carry the field
 * but no line; `source` names the manifest in messages. File `$ref`s need a file, so they are errors here.
 */
export function parseManifestObject(value: unknown, source = '<manifest object>'): ProviderManifest {
  return usableManifest(parseAnyManifestObject(value, source));
}

/** loadManifest, also accepting a retired manifest (for the registry and codegen, which keep retired ids). */
export function loadAnyManifest(text: string, file: string): AnyProviderManifest {
  return loadLocatedManifest(text, file).manifest;
}

/** A parsed manifest and the document it came from, so a caller can place its own findings (validate's warnings). */
export interface LocatedManifest {
  manifest: AnyProviderManifest;
  doc: Document;
  lines: LineCounter;
}

export function loadLocatedManifest(text: string, file: string): LocatedManifest {
  const lines = new LineCounter();
  // uniqueKeys: a repeated key would otherwise silently override the first one.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ManifestError(
      'MANIFEST_SYNTAX',
      doc.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        const key = error.code === 'DUPLICATE_KEY' ? describeKeyAt(doc, error.pos[0]) : '';
        return { file, line, column: col, message: `${lowerFirst(error.message)}${key}` };
      }),
    );
  }
  // An alias is written `*name`: a text without `*` has none to check (most manifests).
  const aliasProblems = text.includes('*') ? findAliasProblems(doc) : [];
  const converted = aliasProblems.length === 0 ? toBoundedJs(doc) : undefined;
  if (!converted) {
    const problems = aliasProblems.length > 0 ? aliasProblems : [tooManyExpansions(doc)];
    throw new ManifestError('MANIFEST_SYNTAX', problems.map((problem) => placeAliasProblem(problem, lines, file)));
  }
  const { data } = converted;
  const issues = [...resolveSchemaRefs(data, dirname(file)), ...checkFileName(data, file)];
  const result = AnyManifest.safeParse(data, { reportInput: true });
  if (!result.success) issues.push(...describeIssues(result.error.issues));
  if (issues.length > 0) throw new ManifestError('MANIFEST_INVALID', sortByPosition(issues.map((issue) => placeInSource(issue, doc, lines, file))));
  return { manifest: result.data!, doc, lines };
}

export function loadAnyManifestFile(path: string): AnyProviderManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new ManifestError('MANIFEST_INVALID', [{ file: path, message: `cannot read the manifest (${code})` }]);
  }
  return loadAnyManifest(text, path);
}

export function parseAnyManifestObject(value: unknown, source = '<manifest object>'): AnyProviderManifest {
  const copy: unknown = structuredClone(value);
  const issues = resolveSchemaRefs(copy, undefined);
  const result = AnyManifest.safeParse(copy, { reportInput: true });
  if (!result.success) issues.push(...describeIssues(result.error.issues));
  if (issues.length > 0) {
    throw new ManifestError('MANIFEST_INVALID', issues.map((issue) => ({ file: source, field: formatFieldPath(issue.path) || undefined, message: issue.message })));
  }
  return result.data!;
}

/** The manifest's id is its file name, so a provider is found by listing the directory. */
function checkFileName(data: unknown, file: string): FieldIssue[] {
  const extension = extname(file).toLowerCase();
  if (!MANIFEST_EXTENSIONS.has(extension)) return [];
  const expected = basename(file, extname(file));
  const id = (data as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id === expected) return [];
  return [{ path: ['id'], target: 'value', message: `id "${id}" must equal the file name "${expected}"` }];
}

function placeInSource(issue: FieldIssue, doc: Document, lines: LineCounter, file: string): LocatedIssue {
  const { line, column } = locate(doc, lines, issue.path, issue.target);
  const field = formatFieldPath(issue.path);
  return { file, line, column, ...(field ? { field } : {}), message: issue.message };
}

function placeAliasProblem(problem: AliasProblem, lines: LineCounter, file: string): LocatedIssue {
  const { line, col } = lines.linePos(problem.offset);
  return { file, line, column: col, message: problem.message };
}

function sortByPosition(issues: LocatedIssue[]): LocatedIssue[] {
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** ` ("name")` for the key that starts at `offset`, so a duplicate-key error names the key. */
function describeKeyAt(doc: Document, offset: number): string {
  let name: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        name = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return name === undefined ? '' : ` (${JSON.stringify(name)})`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
