// Registry metadata in the schema: status retired (a manifest without protocol settings), aliases,
// replacedBy and evidence. Each field is validated, and a retired manifest loads only where it may.
import { describe, expect, it } from 'vitest';
import { emitManifestModule, runtimeManifest } from '../../src/codegen/emit-provider.ts';
import { ProviderRetiredError } from '../../src/errors.ts';
import { loadAnyManifest, loadManifest, parseAnyManifestObject, parseManifestObject } from '../../src/manifest/load.ts';
import type { ProviderManifest } from '../../src/manifest/schema.ts';
import { manifestErrorFrom, MINIMAL_MANIFEST, minimalManifestObject, positionOf } from './helpers.ts';

const RETIRED = `id: acme
name: Acme
docs: https://acme.example/docs
status: retired
lastVerified: 2026-11-23
retiredOn: 2026-09-30
replacedBy: acme-two
`;

const EVIDENCE = {
  url: 'https://acme.example/docs/oauth',
  checked: '2026-11-23',
  kind: 'docs',
};

function retiredObject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'acme', name: 'Acme', docs: 'https://acme.example/docs', status: 'retired', lastVerified: '2026-11-23', retiredOn: '2026-09-30', ...overrides };
}

function issuesOf(value: Record<string, unknown>): { field?: string; message: string }[] {
  return [...manifestErrorFrom(() => parseAnyManifestObject(value)).issues];
}

describe('status: retired', () => {
  it('validates with metadata only: no protocol, no endpoints', () => {
    const manifest = loadAnyManifest(RETIRED, 'acme.yaml');
    expect(manifest).toEqual({
      id: 'acme',
      name: 'Acme',
      docs: 'https://acme.example/docs',
      status: 'retired',
      lastVerified: '2026-11-23',
      retiredOn: '2026-09-30',
      replacedBy: 'acme-two',
      aliases: [],
    });
  });

  it('makes the loaders for usable manifests throw ProviderRetiredError with the date and the successor', () => {
    for (const load of [() => loadManifest(RETIRED, 'acme.yaml'), () => parseManifestObject(retiredObject({ replacedBy: 'acme-two' }))]) {
      expect(load).toThrow(ProviderRetiredError);
      expect(load).toThrow('acme was retired on 2026-09-30; use acme-two instead');
    }
  });

  it('without a successor, points at the docs instead', () => {
    const error = (() => {
      try {
        parseManifestObject(retiredObject());
      } catch (caught) {
        return caught as ProviderRetiredError;
      }
      throw new Error('expected ProviderRetiredError');
    })();
    expect(error).toMatchObject({ code: 'PROVIDER_RETIRED', providerId: 'acme', retiredOn: '2026-09-30', replacedBy: undefined });
    expect(error.message).toBe('acme was retired on 2026-09-30; it has no successor (see https://acme.example/docs)');
  });

  it('needs retiredOn, as a date', () => {
    expect(issuesOf(retiredObject({ retiredOn: undefined }))).toEqual([{ file: '<manifest object>', field: 'retiredOn', message: 'missing required field "retiredOn"' }]);
    expect(issuesOf(retiredObject({ retiredOn: 'last autumn' }))).toEqual([
      expect.objectContaining({ field: 'retiredOn', message: 'expected a date written YYYY-MM-DD, got "last autumn"' }),
    ]);
  });

  it('refuses protocol settings on a retired manifest, saying why, at the offending key', () => {
    const text = `${RETIRED}protocol: oauth2\nendpoints:\n  token: https://acme.example/token\n`;
    const error = manifestErrorFrom(() => loadAnyManifest(text, 'acme.yaml'));
    expect(error.issues).toEqual([
      { file: 'acme.yaml', ...positionOf(text, 'protocol'), field: 'protocol', message: 'unknown field "protocol" (a retired manifest keeps only its metadata)' },
      { file: 'acme.yaml', ...positionOf(text, 'endpoints'), field: 'endpoints', message: 'unknown field "endpoints" (a retired manifest keeps only its metadata)' },
    ]);
  });

  it('names the statuses there are when given another', () => {
    const text = MINIMAL_MANIFEST.replace('lastVerified', 'status: gone\nlastVerified');
    const error = manifestErrorFrom(() => loadAnyManifest(text, 'acme.yaml'));
    expect(error.issues).toEqual([
      { file: 'acme.yaml', ...positionOf(text, 'gone'), field: 'status', message: 'expected one of "active", "deprecated", "retired", got "gone"' },
    ]);
  });
});

describe('replacedBy', () => {
  it('is kept on a deprecated manifest', () => {
    expect(parseManifestObject(minimalManifestObject({ status: 'deprecated', replacedBy: 'acme-two' })).replacedBy).toBe('acme-two');
  });

  it('is refused on an active manifest, on itself, and when it is not an id', () => {
    expect(issuesOf(minimalManifestObject({ replacedBy: 'acme-two' }))).toEqual([
      expect.objectContaining({ field: 'replacedBy', message: 'replacedBy only applies to a deprecated or retired manifest' }),
    ]);
    expect(issuesOf(retiredObject({ replacedBy: 'acme' }))).toEqual([expect.objectContaining({ field: 'replacedBy', message: 'a manifest cannot be replaced by itself' })]);
    expect(issuesOf(retiredObject({ replacedBy: 'Acme Two' }))).toEqual([
      expect.objectContaining({ field: 'replacedBy', message: 'expected lower-case letters, digits and hyphens, got "Acme Two"' }),
    ]);
  });
});

describe('aliases', () => {
  it('defaults to none and keeps the ones given, on usable and retired manifests', () => {
    expect(parseManifestObject(minimalManifestObject()).aliases).toEqual([]);
    expect(parseManifestObject(minimalManifestObject({ aliases: ['acme-classic'] })).aliases).toEqual(['acme-classic']);
    expect(parseAnyManifestObject(retiredObject({ aliases: ['acme-classic'] })).aliases).toEqual(['acme-classic']);
  });

  it('refuses the manifest own id, a repeated alias, and a name that cannot be an id', () => {
    expect(issuesOf(minimalManifestObject({ aliases: ['acme-classic', 'acme', 'acme-classic', 'Acme!'] }))).toEqual([
      expect.objectContaining({ field: 'aliases[3]', message: 'expected lower-case letters, digits and hyphens, got "Acme!"' }),
      expect.objectContaining({ field: 'aliases[1]', message: `"acme" is the manifest's own id, not an alias` }),
      expect.objectContaining({ field: 'aliases[2]', message: '"acme-classic" is listed twice' }),
    ]);
    expect(issuesOf(retiredObject({ aliases: ['acme'] }))).toEqual([expect.objectContaining({ field: 'aliases[0]', message: `"acme" is the manifest's own id, not an alias` })]);
  });
});

describe('evidence', () => {
  it('keeps well-formed entries, note optional', () => {
    const evidence = [EVIDENCE, { url: 'https://peer.example/acme.json', checked: '2026-11-20', kind: 'peer', note: 'Token endpoint agrees.' }];
    expect(parseManifestObject(minimalManifestObject({ evidence })).evidence).toEqual(evidence);
    expect(parseAnyManifestObject(retiredObject({ evidence })).evidence).toEqual(evidence);
  });

  it.each([
    [{ ...EVIDENCE, url: 'http://acme.example/docs' }, 'evidence[0].url', 'expected an https:// URL, got "http://acme.example/docs"'],
    [{ ...EVIDENCE, url: 'not a url' }, 'evidence[0].url', 'expected an absolute URL, got "not a url"'],
    [{ ...EVIDENCE, checked: '23/11/2026' }, 'evidence[0].checked', 'expected a date written YYYY-MM-DD, got "23/11/2026"'],
    [{ ...EVIDENCE, kind: 'blog' }, 'evidence[0].kind', 'expected one of "docs", "peer", "changelog", "other", got "blog"'],
    [{ ...EVIDENCE, note: '' }, 'evidence[0].note', 'expected at least 1 character(s)'],
    [{ ...EVIDENCE, seen: true }, 'evidence[0].seen', 'unknown field "seen"'],
    [{ url: EVIDENCE.url, kind: 'docs' }, 'evidence[0].checked', 'missing required field "checked"'],
  ])('refuses %j', (entry, field, message) => {
    expect(issuesOf(minimalManifestObject({ evidence: [entry] }))).toContainEqual(expect.objectContaining({ field, message }));
  });

  it('is left out of the runtime manifests codegen emits, usable and retired', () => {
    const usable = parseManifestObject(minimalManifestObject({ evidence: [EVIDENCE] }));
    const retired = parseAnyManifestObject(retiredObject({ evidence: [EVIDENCE] }));
    for (const manifest of [usable, retired]) {
      expect(manifest.evidence).toHaveLength(1);
      expect(runtimeManifest(manifest)).not.toHaveProperty('evidence');
      expect(runtimeManifest(manifest)).toEqual(expect.objectContaining({ id: 'acme', status: manifest.status }));
      const module = emitManifestModule(manifest, '// generated', 'runtime');
      expect(module).not.toContain('evidence');
      expect(module).not.toContain(EVIDENCE.url);
    }
    expect((runtimeManifest(usable) as ProviderManifest).endpoints.token).toBe('https://acme.example/oauth/token');
  });
});
