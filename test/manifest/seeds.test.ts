// The five seed providers promise more than any manifest must (provider-files.test.ts checks what every
// manifest must): verified since the registry's first review, a typed profile, documented and typed operations, and their
// documented quirks expressed as data.
import { describe, expect, it } from 'vitest';
import { loadBuiltinManifest } from '../../src/manifest/builtin.ts';

const SEEDS = ['facebook', 'github', 'google', 'twitter', 'weibo'] as const;

describe.each(SEEDS)('%s', (id) => {
  const manifest = loadBuiltinManifest(id);

  it('is active and verified on or after the first review of the seeds', () => {
    expect(manifest.lastVerified >= '2026-11-23').toBe(true);
    expect(manifest.status).toBe('active');
  });

  it('maps a profile with an inlined JSON Schema', () => {
    expect(manifest.profile?.fields.id).toBeTruthy();
    expect(manifest.profile?.schema).toMatchObject({ type: 'object' });
    expect(JSON.stringify(manifest.profile?.schema)).not.toContain('"$ref"');
  });

  it('has at least two documented operations with a response schema', () => {
    const operations = Object.values(manifest.operations);
    expect(operations.length).toBeGreaterThanOrEqual(2);
    for (const operation of operations) {
      expect(operation.docs).toMatch(/^https:\/\//);
      expect(operation.response).toHaveProperty('type');
    }
  });
});

describe('documented quirks, as data', () => {
  it('weibo: comma scopes, JSON token labelled text/plain, no token_type, uid, OAuth2 header, access_token revocation', () => {
    const weibo = loadBuiltinManifest('weibo');
    expect(weibo.authorization.scope.delimiter).toBe(',');
    expect(weibo.token.response.contentType).toBe('json');
    expect(weibo.token.response.defaults).toEqual({ token_type: 'Bearer' });
    expect(weibo.token.response.schema).toMatchObject({ properties: { uid: { type: 'string' } } });
    expect(weibo.api.auth).toEqual({ in: 'header', scheme: 'OAuth2' });
    expect(weibo.profile).toMatchObject({ url: 'users/show.json', query: { uid: '{{token.uid}}' } });
    expect(weibo.revocation).toMatchObject({ tokenParam: 'access_token', tokenTypeHint: false });
    expect(weibo.endpoints.revoke).toBe('https://api.weibo.com/oauth2/revokeoauth2');
  });

  it('github: JSON token answers, User-Agent everywhere, errors in 200 bodies, primary email fallback, RFC 9207 iss', () => {
    const github = loadBuiltinManifest('github');
    expect(github.token.headers).toMatchObject({ Accept: 'application/json', 'User-Agent': expect.any(String) });
    expect(github.token.response.error).toEqual({ code: 'error', description: 'error_description' });
    expect(github.api.headers).toMatchObject({ 'User-Agent': expect.any(String), Accept: 'application/vnd.github+json' });
    expect(github.profile?.after).toEqual([expect.objectContaining({ name: 'emails', url: 'user/emails', ifMissing: 'email', optional: true })]);
    expect(github.profile?.fields.email).toEqual(['email', '$emails[primary=true].email']);
    expect(github.authorization.issuer).toBe('https://github.com/login/oauth');
  });

  it('facebook: versioned URLs from a variable, comma scopes, explicit profile fields', () => {
    const facebook = loadBuiltinManifest('facebook');
    expect(facebook.endpoints.api).toBe('https://graph.facebook.com/{version}/');
    expect(facebook.variables.version?.default).toMatch(/^v\d+\.\d+$/);
    expect(facebook.authorization.scope.delimiter).toBe(',');
    expect(facebook.profile).toMatchObject({ url: 'me', query: { fields: 'id,name,email,picture' } });
    expect(facebook.profile?.fields.avatar).toBe('picture.data.url');
  });

  it('google: OIDC issuer, offline access, revocation, PKCE', () => {
    const google = loadBuiltinManifest('google');
    expect(google.protocol).toBe('oidc');
    expect(google.oidc?.issuer).toBe('https://accounts.google.com');
    expect(google.authorization.params).toEqual({ access_type: 'offline' });
    expect(google.authorization.pkce).toBe('supported');
    expect(google.endpoints.revoke).toBe('https://oauth2.googleapis.com/revoke');
    expect(google.profile?.url).toBeUndefined();
  });

  it('twitter: OAuth 1.0a with the verify_credentials profile asking for email', () => {
    const twitter = loadBuiltinManifest('twitter');
    expect(twitter.protocol).toBe('oauth1');
    expect(twitter.oauth1?.signatureMethod).toBe('HMAC-SHA1');
    expect(twitter.profile).toMatchObject({ url: 'account/verify_credentials.json', query: { include_email: true } });
    expect(twitter.operations.statusesUpdate).toMatchObject({ method: 'POST', bodyEncoding: 'form', params: { status: { in: 'body', required: true } } });
  });
});
