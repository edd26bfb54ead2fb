// Writes schema/manifest.schema.json from the zod manifest schema, for editor completion and validation of
// providers/*.yaml. `--check` only compares, and exits 1 when the file is stale (CI runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AnyManifest } from '../src/manifest/schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../schema/manifest.schema.json', import.meta.url));

/** The JSON Schema text; the same schema.ts always gives the same bytes. */
export function renderManifestJsonSchema(): string {
  // io 'input': the schema describes what an author writes, so fields with defaults are optional.
  const schema = z.toJSONSchema(AnyManifest, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  const document = {
    ...schema,
    title: 'oauth-registry provider manifest',
    description: 'Generated from src/manifest/schema.ts by `npm run schema`; do not edit.',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Whether `file` holds exactly what renderManifestJsonSchema() gives (a missing file is stale). */
export function isSchemaFileCurrent(file: string): boolean {
  try {
    return readFileSync(file, 'utf8') === renderManifestJsonSchema();
  } catch {
    return false;
  }
}

/** The CLI: writes `file`, or with `--check` reports whether it is current. Returns the exit code. */
export function runSchemaCommand(args: readonly string[], file = SCHEMA_FILE): number {
  const name = relative(process.cwd(), file) || file;
  if (args.includes('--check')) {
    if (isSchemaFileCurrent(file)) {
      console.log(`${name} is up to date`);
      return 0;
    }
    console.error(`${name} is stale: it no longer matches src/manifest/schema.ts; run \`npm run schema\` and commit the result`);
    return 1;
  }
  writeFileSync(file, renderManifestJsonSchema());
  console.log(`wrote ${name}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = runSchemaCommand(process.argv.slice(2));
