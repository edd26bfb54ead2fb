// The work behind `oauth-registry validate`: which files are manifests, and every error and warning in one
// of them, each with its line and column.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { OAuthRegistryError, ManifestError, type ManifestLocation } from '../errors.ts';
import { loadLocatedManifest } from '../manifest/load.ts';
import { formatFieldPath, locate } from '../manifest/locate.ts';
import { UsageError } from './usage.ts';
import { manifestWarnings, type ManifestWarning } from './validate-warnings.ts';

export type Finding = ManifestLocation & { message: string };

export interface FileReport {
  file: string;
  errors: Finding[];
  warnings: Finding[];
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** `<id>.yaml|yml|json`; the JSON Schemas kept beside manifests (`*.schema.json`) are not manifests. */
export function isManifestName(name: string): boolean {
  return MANIFEST_EXTENSIONS.has(extname(name).toLowerCase()) && !name.toLowerCase().endsWith('.schema.json');
}

/** The manifests named by the command line: files as given, directories listed (not recursed) in name order. */
export function manifestFiles(targets: readonly string[]): string[] {
  const files = targets.flatMap((target) => {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(target).isDirectory();
    } catch (error) {
      throw new UsageError(`cannot read ${target} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!isDirectory) {
      if (!isManifestName(target)) throw new UsageError(`${target} is not a manifest: expected <id>.yaml, .yml or .json (not .schema.json)`);
      return [target];
    }
    const found = readdirSync(target, { withFileTypes: true })
      .filter((entry) => !entry.isDirectory() && isManifestName(entry.name))
      .map((entry) => join(target, entry.name))
      .sort();
    if (found.length === 0) throw new UsageError(`no manifests (<id>.yaml, .yml or .json) in ${target}`);
    return found;
  });
  return [...new Set(files)];
}

/** Every problem in one manifest file; warnings only for a manifest that loads, since they read its values. */
export function checkManifestFile(file: string, today: Date): FileReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, errors: [{ file, message: `cannot read the manifest (${(error as NodeJS.ErrnoException).code ?? 'read error'})` }], warnings: [] };
  }
  try {
    // A retired manifest is a valid file (its id must keep failing clearly); only a usable one has warnings.
    const { manifest, doc, lines } = loadLocatedManifest(text, file);
    const found = manifest.status === 'retired' ? [] : manifestWarnings(manifest, today);
    return { file, errors: [], warnings: found.length ? placeWarnings(found, doc, lines, file) : [] };
  } catch (error) {
    if (error instanceof ManifestError) return { file, errors: [...error.issues], warnings: [] };
    if (error instanceof OAuthRegistryError) return { file, errors: [{ file, message: error.message }], warnings: [] };
    throw error;
  }
}

/** Each warning at the line and column of its field, in the document the loader parsed. */
function placeWarnings(warnings: readonly ManifestWarning[], doc: Document, lines: LineCounter, file: string): Finding[] {
  return warnings
    .map((warning) => {
      const field = formatFieldPath(warning.path);
      return { file, ...locate(doc, lines, warning.path, warning.target), ...(field ? { field } : {}), message: warning.message };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}
