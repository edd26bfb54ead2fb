// An OIDC manifest may name only its issuer: discovery supplies every endpoint. Other protocols still need theirs.
import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/errors.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';

const base = { id: 'acme', name: 'Acme', docs: 'https://acme.example/docs', lastVerified: '2026-12-01' };

describe('a manifest without an endpoints section', () => {
  it('is valid for OIDC, with no endpoint filled in', () => {
    const manifest = parseManifestObject({ ...base, protocol: 'oidc', oidc: { issuer: 'https://acme.example' } });
    expect(manifest.endpoints).toEqual({});
  });

  it('is refused for OAuth 2, naming the token endpoint it lacks', () => {
    expect(() => parseManifestObject({ ...base, protocol: 'oauth2' })).toThrow(ManifestError);
    expect(() => parseManifestObject({ ...base, protocol: 'oauth2' })).toThrow(/endpoints\.token/);
  });
});
