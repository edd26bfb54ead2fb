// What the README asks of every manifest in providers/, whoever contributed it: the schema pointer for
// editors, the docs it was written from, its status and the date it was last checked, a profile that maps
// an id. The seeds' own richer promises are in seeds.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listManifestFiles, loadProviderManifests, PROVIDERS_DIR } from '../provider-manifests.ts';
import { scratchDirectory } from './helpers.ts';

const SCHEMA_POINTER = '../schema/manifest.schema.json';
const files = listManifestFiles();

/** The manifest as written, before defaults: what the contributor typed. */
function rawManifest(path: string): Record<string, unknown> {
  return parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Every file-valued `$ref` in `node` (`#…` points inside the manifest). */
function fileRefs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(fileRefs);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' && !value.startsWith('#') ? [value] : fileRefs(value)));
}

describe('the manifest files the suites enumerate', () => {
  it('are <id>.yaml, <id>.yml and <id>.json, not the schema files beside them', () => {
    const scratch = scratchDirectory();
    try {
      for (const name of ['acme.yaml', 'acme-two.yml', 'acme3.json', 'acme.user.schema.json', 'Acme.yaml', 'acme.yaml.txt', 'acme_x.yaml', 'notes.md']) scratch.write(name, '');
      expect(listManifestFiles(scratch.dir).map(({ id, name, format }) => ({ id, name, format }))).toEqual([
        { id: 'acme-two', name: 'acme-two.yml', format: 'yaml' },
        { id: 'acme', name: 'acme.yaml', format: 'yaml' },
        { id: 'acme3', name: 'acme3.json', format: 'json' },
      ]);
    } finally {
      scratch.cleanup();
    }
  });
});

describe('providers/', () => {
  it('holds manifests named <id>.yaml, <id>.yml or <id>.json and the JSON Schema files they reference, nothing else', () => {
    // A file no suite would pick up (GitLab.yaml, gitlab.yaml.txt) fails here instead of going untested.
    const referenced = new Set(files.flatMap((file) => fileRefs(rawManifest(file.path))));
    const manifests = new Set(files.map((file) => file.name));
    expect(readdirSync(PROVIDERS_DIR).filter((name) => !manifests.has(name) && !referenced.has(name))).toEqual([]);
  });

  it('has one manifest per id', () => {
    const ids = files.map((file) => file.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });
});

describe.each(loadProviderManifests())('$name', ({ path, format, manifest }) => {
  const raw = rawManifest(path);

  it('points editors at the manifest schema', () => {
    if (format === 'yaml') expect(readFileSync(path, 'utf8').split(/\r?\n/)[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_POINTER}`);
    else expect(raw.$schema).toBe(SCHEMA_POINTER);
  });

  it('names the https docs it was written from', () => {
    expect(manifest.docs).toMatch(/^https:\/\//);
  });

  it('states its status', () => {
    expect(['active', 'deprecated']).toContain(raw.status);
  });

  it('gives the day it was last verified, a real date not in the future', () => {
    const day = new Date(`${manifest.lastVerified}T00:00:00Z`);
    expect(day.toISOString().slice(0, 10)).toBe(manifest.lastVerified);
    expect(day.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it.runIf(Boolean(manifest.profile))('maps the profile id, and describes the raw profile, if at all, as an object', () => {
    expect(manifest.profile!.fields.id).toBeTruthy();
    if (manifest.profile!.schema) expect(manifest.profile!.schema).toMatchObject({ type: 'object' });
  });

  it('links each operation it documents over https', () => {
    for (const [name, operation] of Object.entries(manifest.operations)) {
      if (operation.docs !== undefined) expect(operation.docs, name).toMatch(/^https:\/\//);
    }
  });
});
