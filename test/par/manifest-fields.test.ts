// The manifest fields of PAR (authorization.par, endpoints.pushedAuthorization) and DPoP (the dpop section):
// defaults, and the combinations the schema refuses, each naming the field at fault.
import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/errors.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';

const base = {
  id: 'acme',
  name: 'Acme',
  protocol: 'oauth2',
  docs: 'https://acme.example/docs',
  lastVerified: '2026-12-06',
  endpoints: { authorize: 'https://acme.example/authorize', token: 'https://acme.example/token' },
};

function issuesOf(value: object): string[] {
  try {
    parseManifestObject(value);
  } catch (error) {
    if (error instanceof ManifestError) return error.issues.map((issue) => `${issue.field}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('PAR and DPoP manifest fields', () => {
  it('defaults: no PAR, no DPoP section; a dpop section defaults to ES256, not required, no nonce', () => {
    const plain = parseManifestObject(base);
    expect(plain.authorization.par).toBeUndefined();
    expect(plain.dpop).toBeUndefined();
    expect(parseManifestObject({ ...base, dpop: {} }).dpop).toEqual({ required: false, algorithms: ['ES256'], nonce: false });
  });

  it('OAuth 2 needs the PAR endpoint with authorization.par, and the other way round', () => {
    expect(issuesOf({ ...base, authorization: { par: 'required' } })).toEqual([expect.stringMatching(/^authorization\.par: .*needs endpoints\.pushedAuthorization/)]);
    expect(issuesOf({ ...base, endpoints: { ...base.endpoints, pushedAuthorization: 'https://acme.example/par' } })).toEqual([expect.stringMatching(/^endpoints\.pushedAuthorization: .*needs authorization\.par/)]);
    expect(issuesOf({ ...base, authorization: { par: 'supported' }, endpoints: { ...base.endpoints, pushedAuthorization: 'https://acme.example/par' } })).toEqual([]);
  });

  it('OIDC may leave the PAR endpoint to discovery', () => {
    expect(issuesOf({ ...base, protocol: 'oidc', endpoints: {}, oidc: { issuer: 'https://acme.example' }, authorization: { par: 'required' } })).toEqual([]);
  });

  it('refuses a PAR endpoint over http and one a provider-sent variable fills', () => {
    expect(issuesOf({ ...base, authorization: { par: 'required' }, endpoints: { ...base.endpoints, pushedAuthorization: 'http://acme.example/par' } }).join('\n')).toMatch(/https/);
    const fromToken = { description: 'instance', pattern: '[a-z]+', example: 'eu', from: { token: 'instance' } };
    expect(issuesOf({ ...base, variables: { dc: fromToken }, authorization: { par: 'required' }, endpoints: { ...base.endpoints, pushedAuthorization: 'https://{dc}.acme.example/par' } }).join('\n')).toMatch(/too late for endpoints\.pushedAuthorization/);
  });

  it('refuses PAR and DPoP on OAuth 1, symmetric DPoP algorithms, and unknown dpop fields', () => {
    const oauth1 = { ...base, protocol: 'oauth1', endpoints: { ...base.endpoints, requestToken: 'https://acme.example/request' } };
    expect(issuesOf({ ...oauth1, dpop: {} })).toEqual([expect.stringMatching(/^dpop: .*OAuth 1/)]);
    expect(issuesOf({ ...oauth1, authorization: { par: 'supported' } })).toEqual([expect.stringMatching(/^authorization\.par: .*OAuth 1/)]);
    expect(issuesOf({ ...base, dpop: { algorithms: ['HS256'] } }).join('\n')).toMatch(/dpop\.algorithms/);
    expect(issuesOf({ ...base, dpop: { algorithms: [] } }).join('\n')).toMatch(/dpop\.algorithms/);
    expect(issuesOf({ ...base, dpop: { require: true } }).join('\n')).toMatch(/require/);
  });
});
