import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isSchemaFileCurrent, renderManifestJsonSchema, runSchemaCommand, SCHEMA_FILE } from '../../scripts/schema.ts';
import { scratchDirectory } from './helpers.ts';

describe('schema/manifest.schema.json', () => {
  let scratch: ReturnType<typeof scratchDirectory>;
  beforeEach(() => {
    scratch = scratchDirectory();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    scratch.cleanup();
    vi.restoreAllMocks();
  });

  it('is committed in sync with src/manifest/schema.ts', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderManifestJsonSchema());
  });

  it('describes what authors write: defaulted fields are optional, unknown keys are not allowed', () => {
    type Shape = { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    const [schema, retired] = (JSON.parse(renderManifestJsonSchema()) as { oneOf: [Shape, Shape] }).oneOf;
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'name', 'protocol', 'docs', 'lastVerified']));
    // OIDC manifests may leave every endpoint to discovery; the schema still demands them per protocol.
    expect(schema.required).not.toContain('endpoints');
    expect(schema.required).not.toContain('token');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties).toHaveProperty('operations');
    expect(retired.required).toEqual(['id', 'name', 'docs', 'status', 'lastVerified', 'retiredOn']);
    expect(retired.additionalProperties).toBe(false);
  });

  it('renders the same bytes every time', () => {
    expect(renderManifestJsonSchema()).toBe(renderManifestJsonSchema());
  });

  it('--check fails on a stale or missing file and passes once written', () => {
    const file = scratch.write('manifest.schema.json', '{}\n');
    expect(isSchemaFileCurrent(file)).toBe(false);
    expect(runSchemaCommand(['--check'], file)).toBe(1);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('is stale'));
    expect(runSchemaCommand(['--check'], `${scratch.dir}/absent.json`)).toBe(1);

    expect(runSchemaCommand([], file)).toBe(0);
    expect(runSchemaCommand(['--check'], file)).toBe(0);
  });

  it('runs as `npm run schema -- --check`', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const output = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/schema.ts', '--check'], { cwd: root, encoding: 'utf8' });
    expect(output).toContain('is up to date');
  });
});
