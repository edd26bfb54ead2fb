// Where a pushed request goes: the manifest's endpoint, else discovery's, https only; nowhere (a plain URL)
// when PAR is merely supported and no endpoint is named; a ConfigError when it is required and none is.
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/client-context.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import { parEndpoint } from '../../src/oauth2/par.ts';

function contextFor(par: 'required' | 'supported' | undefined) {
  const manifest = parseManifestObject({
    id: 'acme-oidc',
    name: 'Acme',
    protocol: 'oidc',
    docs: 'https://acme.example/docs',
    lastVerified: '2026-12-06',
    oidc: { issuer: 'https://acme.example' },
    ...(par ? { authorization: { par } } : {}),
  });
  return buildContext(manifest, { clientId: 'app' });
}

const issuer = { issuer: 'https://acme.example' };

describe('parEndpoint', () => {
  it('takes discovery\'s endpoint, and refuses one that is not https', () => {
    expect(parEndpoint(contextFor('supported'), { ...issuer, pushed_authorization_request_endpoint: 'https://acme.example/par' })).toBe('https://acme.example/par');
    expect(() => parEndpoint(contextFor('supported'), { ...issuer, pushed_authorization_request_endpoint: 'http://acme.example/par' })).toThrow(expect.objectContaining({ code: 'INSECURE_ENDPOINT' }));
  });

  it('falls back to a plain URL when PAR is supported but no endpoint is named, and refuses to when it is required', () => {
    expect(parEndpoint(contextFor('supported'), issuer)).toBeUndefined();
    expect(() => parEndpoint(contextFor('required'), issuer)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    expect(() => parEndpoint(contextFor(undefined), { ...issuer, require_pushed_authorization_requests: true })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });

  it('does not push when neither the manifest nor discovery asks, even if discovery names an endpoint', () => {
    expect(parEndpoint(contextFor(undefined), { ...issuer, pushed_authorization_request_endpoint: 'https://acme.example/par' })).toBeUndefined();
  });
});
