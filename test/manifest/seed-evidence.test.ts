// The seeds cite their evidence: their docs page and the pages their comments name, each checked on the
// manifest's lastVerified date. The runtime manifests leave it out, and every replacedBy names a provider.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifestDirectory } from '../../src/codegen/command.ts';
import { loadBuiltinManifest } from '../../src/manifest/builtin.ts';
import { getManifest } from '../../src/manifest/registry.ts';

const SEEDS = ['facebook', 'github', 'google', 'twitter', 'weibo'] as const;
const PROVIDERS_DIR = fileURLToPath(new URL('../../providers/', import.meta.url));

describe.each(SEEDS)('%s', (id) => {
  const manifest = loadBuiltinManifest(id);
  const source = readFileSync(`${PROVIDERS_DIR}${id}.yaml`, 'utf8');
  const withoutEvidence = source.slice(0, source.indexOf('\nevidence:'));

  it('cites its docs page as evidence, the latest entry checked on lastVerified and none after it', () => {
    expect(manifest.evidence).toContainEqual(expect.objectContaining({ url: manifest.docs, kind: 'docs' }));
    const checked = (manifest.evidence ?? []).map((entry) => entry.checked).sort();
    expect(checked.at(-1)).toBe(manifest.lastVerified);
  });

  it('cites only pages the manifest already names (its docs field or a comment)', () => {
    for (const entry of manifest.evidence ?? []) expect(withoutEvidence).toContain(entry.url);
  });

  it('keeps the evidence out of its runtime manifest', async () => {
    const runtime = await getManifest(id);
    expect(runtime.id).toBe(id);
    expect(runtime).not.toHaveProperty('evidence');
  });
});

it('every replacedBy in providers/ names another provider there', () => {
  const manifests = loadManifestDirectory(PROVIDERS_DIR);
  const ids = new Set(manifests.map((manifest) => manifest.id));
  for (const manifest of manifests) if (manifest.replacedBy !== undefined) expect(ids).toContain(manifest.replacedBy);
});
