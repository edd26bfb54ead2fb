// The warnings of `oauth-registry validate`, on manifest objects: the date boundary, OIDC's standard-claims
// profile, and which hosts count as odd (domains compared, placeholders skipped, evidence honoured).
import { describe, expect, it } from 'vitest';
import { domainOf, manifestWarnings } from '../../src/cli/validate-warnings.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import type { ProviderManifest } from '../../src/manifest/schema.ts';
import { minimalManifestObject } from '../manifest/helpers.ts';

const TODAY = new Date('2026-11-24T23:30:00Z');
const PROFILE = { url: 'https://acme.example/me', fields: { id: 'id' } };

function manifest(overrides: Record<string, unknown> = {}): ProviderManifest {
  return parseManifestObject(minimalManifestObject({ profile: PROFILE, ...overrides }));
}

function warnedFields(value: ProviderManifest): string[] {
  return manifestWarnings(value, TODAY).map((warning) => warning.path.join('.'));
}

describe('manifestWarnings', () => {
  it('warns once lastVerified is more than 12 months before today', () => {
    expect(warnedFields(manifest({ lastVerified: '2025-11-24' }))).toEqual([]);
    expect(warnedFields(manifest({ lastVerified: '2025-11-23' }))).toEqual(['lastVerified']);
    expect(warnedFields(manifest({ lastVerified: '2027-01-01' }))).toEqual([]);
  });

  it('warns about a missing profile except for OIDC, whose standard claims are the profile', () => {
    expect(warnedFields(manifest({ profile: undefined }))).toEqual(['profile']);
    const oidc = manifest({ protocol: 'oidc', profile: undefined, oidc: { issuer: 'https://acme.example' } });
    expect(warnedFields(oidc)).toEqual([]);
  });

  it('warns about an endpoint whose domain no other endpoint shares', () => {
    const endpoints = { authorize: 'https://login.acme.example/a', token: 'https://acme.example/t', revoke: 'https://acme-tokens.example/r' };
    expect(warnedFields(manifest({ endpoints }))).toEqual(['endpoints.revoke']);
    expect(warnedFields(manifest({ grants: ['client_credentials'], endpoints: { token: 'https://acme-tokens.example/t' } }))).toEqual([]);
    // Two endpoints on two domains: neither vouches for the other.
    expect(warnedFields(manifest({ endpoints: { authorize: 'https://acme.example/a', token: 'https://acme.test/t' } }))).toEqual(['endpoints.authorize', 'endpoints.token']);
  });

  it('accepts an odd host that an evidence entry names in its url or note, and ignores malformed evidence', () => {
    const endpoints = { authorize: 'https://acme.example/a', token: 'https://acme.example/t', revoke: 'https://acme-tokens.example/r' };
    const base = manifest({ endpoints });
    const withEvidence = (evidence: unknown) => warnedFields({ ...base, evidence } as ProviderManifest);
    expect(withEvidence([{ url: 'https://docs.acme.example/revoke', checked: '2026-11-01', note: 'Revocation lives on ACME-TOKENS.example' }])).toEqual([]);
    expect(withEvidence([{ url: 'https://acme-tokens.example/docs', checked: '2026-11-01' }])).toEqual([]);
    expect(withEvidence([{ url: 'https://docs.acme.example/revoke', checked: '2026-11-01' }])).toEqual(['endpoints.revoke']);
    for (const malformed of ['acme-tokens.example', [null, 'acme-tokens.example', { url: 42 }], { url: 'acme-tokens.example' }]) {
      expect(withEvidence(malformed)).toEqual(['endpoints.revoke']);
    }
  });

  it('skips hosts a variable decides, but compares the fixed domain of a variable subdomain', () => {
    const variables = { tenant: { description: 'tenant' }, domain: { description: 'domain' } };
    const byTenant = { authorize: 'https://{tenant}.acme.example/a', token: 'https://acme.example/t', api: 'https://{domain}/api' };
    expect(warnedFields(manifest({ variables, endpoints: byTenant }))).toEqual([]);
    const odd = { authorize: 'https://{tenant}.acme.example/a', token: 'https://acme.example/t', revoke: 'https://{tenant}.other.example/r' };
    expect(warnedFields(manifest({ variables, endpoints: odd }))).toEqual(['endpoints.revoke']);
  });
});

describe('domainOf', () => {
  it('keeps the registrable part of a host', () => {
    expect(domainOf('api.acme.example')).toBe('acme.example');
    expect(domainOf('acme.example')).toBe('acme.example');
    expect(domainOf('login.acme.co.uk')).toBe('acme.co.uk');
    expect(domainOf('localhost')).toBe('localhost');
    expect(domainOf('127.0.0.1')).toBe('127.0.0.1');
    expect(domainOf('[::1]')).toBe('[::1]');
  });
});
