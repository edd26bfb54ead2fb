// docs/providers.md: one row per manifest in providers/, the counts on top, and quirks in words.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogueCounts, quirksInWords } from '../../src/codegen/catalogue.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import { buildCatalogue } from '../../scripts/catalogue.ts';
import { listManifestFiles, loadProviderManifests, loadRetiredManifests } from '../provider-manifests.ts';

describe('the provider catalogue', () => {
  const text = buildCatalogue();

  describe.each(listManifestFiles())('$id', ({ id, name }) => {
    it('has a row linked to its manifest file', () => {
      expect(text).toContain(`| [${id}](../providers/${name}) |`);
    });
  });

  it('counts by status and protocol', () => {
    const base = { name: 'N', docs: 'https://n.example/docs', lastVerified: '2026-12-01' };
    const manifests = [
      parseManifestObject({ ...base, id: 'a', protocol: 'oauth2', endpoints: { authorize: 'https://a.example/a', token: 'https://a.example/t' }, evidence: [{ url: 'https://a.example/docs', checked: '2026-12-01', kind: 'docs' }] }),
      parseManifestObject({ ...base, id: 'b', protocol: 'oidc', oidc: { issuer: 'https://b.example' } }),
    ];
    expect(catalogueCounts(manifests)).toMatchObject({ active: 2, oauth2: 1, oidc: 1, oauth1: 0, retired: 0, profile: 1, docs: 1 });
  });

  it('puts what sets a provider apart into words', () => {
    const manifest = parseManifestObject({
      id: 'q',
      name: 'Q',
      protocol: 'oauth2',
      docs: 'https://q.example/docs',
      lastVerified: '2026-12-01',
      endpoints: { authorize: 'https://q.example/a', token: 'https://q.example/t', refresh: 'https://q.example/r' },
      authorization: { scope: { delimiter: ',' }, pkce: 'required' },
      token: { clientAuth: 'basic', response: { contentType: 'json' } },
      api: { auth: { in: 'query', name: 'oauth_token' } },
    });
    expect(quirksInWords(manifest)).toEqual(['scopes joined by ","', 'client auth: basic', 'separate refresh endpoint', 'token answer parsed as json', 'API token in the query (oauth_token)']);
  });
});

describe('the counts the README states', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const stated = (label: string) => Number(new RegExp(`\\*\\*(\\d+) ${label}\\*\\*`).exec(readme)?.[1]);

  // A dated snapshot: new providers may outgrow it, but it never claims more than providers/ holds.
  it('claim no more active and retired providers than providers/ holds', () => {
    const active = loadProviderManifests().filter(({ manifest }) => manifest.status === 'active').length;
    expect(stated('active')).toBeGreaterThan(0);
    expect(stated('active')).toBeLessThanOrEqual(active);
    expect(stated('retired')).toBeLessThanOrEqual(loadRetiredManifests().length);
  });
});
