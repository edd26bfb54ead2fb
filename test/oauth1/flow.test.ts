import { inspect } from 'node:util';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exchangeForAccessToken } from '../../src/oauth1/access-token.ts';
import { buildAuthorizationUrl, parseAuthorizationCallback } from '../../src/oauth1/authorization.ts';
import { requestTemporaryCredentials } from '../../src/oauth1/temporary-credentials.ts';
import { PROVIDER, hasValidHmacSha1, headerParams, oauth1Context, oauth1Manifest } from './helpers.ts';

const CALLBACK = 'http://127.0.0.1:3000/callback';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('the OAuth 1.0a flow (RFC 5849 §2)', () => {
  it('gets temporary credentials, sends the user to authorize, checks the callback and gets token credentials', async () => {
    const manifest = oauth1Manifest({ scopeParam: 'scope', requestTokenParams: { x_auth_access_type: 'read' }, authorizeParams: { force_login: true } });
    const ctx = oauth1Context(manifest);

    nock(PROVIDER)
      .post('/oauth/request_token', 'x_auth_access_type=read&scope=read+write')
      .reply(function (uri, body) {
        const header = this.req.headers.authorization;
        const oauth = headerParams(header);
        expect(oauth.oauth_callback).toBe(CALLBACK);
        expect(oauth.oauth_consumer_key).toBe('client-key');
        expect(oauth.oauth_token).toBeUndefined();
        expect(hasValidHmacSha1('POST', `${PROVIDER}${uri}`, header, String(body))).toBe(true);
        // Mislabelled as HTML, as some providers do: the body is still read as a form.
        return [200, 'oauth_token=req-token&oauth_token_secret=req-secret&oauth_callback_confirmed=true', { 'Content-Type': 'text/html' }];
      });
    const temporary = await requestTemporaryCredentials(ctx, { callbackUri: CALLBACK, scope: ['read', 'write'] });
    expect(temporary).toEqual({
      token: 'req-token',
      tokenSecret: 'req-secret',
      raw: { oauth_token: 'req-token', oauth_token_secret: 'req-secret', oauth_callback_confirmed: 'true' },
    });

    const authorizeUrl = new URL(buildAuthorizationUrl(manifest, manifest.endpoints.authorize!, temporary.token));
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${PROVIDER}/oauth/authorize`);
    expect(Object.fromEntries(authorizeUrl.searchParams)).toEqual({ force_login: 'true', oauth_token: 'req-token' });

    const callback = parseAuthorizationCallback(manifest, new URLSearchParams('oauth_token=req-token&oauth_verifier=the-verifier'), { requestToken: temporary.token });
    expect(callback).toEqual({ token: 'req-token', verifier: 'the-verifier' });

    nock(PROVIDER)
      .post('/oauth/access_token')
      .reply(function (uri) {
        const header = this.req.headers.authorization;
        const oauth = headerParams(header);
        expect(oauth.oauth_token).toBe('req-token');
        expect(oauth.oauth_verifier).toBe('the-verifier');
        expect(hasValidHmacSha1('POST', `${PROVIDER}${uri}`, header, '', 'req-secret')).toBe(true);
        return [200, 'oauth_token=access-token&oauth_token_secret=access-secret&user_id=42&screen_name=alice', FORM];
      });
    const tokens = await exchangeForAccessToken(ctx, { requestToken: temporary.token, requestTokenSecret: temporary.tokenSecret, verifier: callback.verifier });
    expect(tokens.toJSON()).toEqual({
      accessToken: 'access-token',
      tokenSecret: 'access-secret',
      tokenType: 'oauth1',
      raw: { oauth_token: 'access-token', oauth_token_secret: 'access-secret', user_id: '42', screen_name: 'alice' },
    });
    expect(inspect(tokens, { depth: 5 })).not.toMatch(/access-token|access-secret/);
  });

  it('sends the request-token parameters in the signed query when the manifest says GET', async () => {
    const manifest = oauth1Manifest({ requestTokenMethod: 'GET', scopeParam: 'perms' });
    nock(PROVIDER)
      .get('/oauth/request_token')
      .query({ perms: 'read' })
      .reply(function (uri) {
        expect(hasValidHmacSha1('GET', `${PROVIDER}${uri}`, this.req.headers.authorization, '')).toBe(true);
        return [200, 'oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=true', FORM];
      });
    await expect(requestTemporaryCredentials(oauth1Context(manifest), { callbackUri: CALLBACK, scope: 'read' })).resolves.toMatchObject({ token: 't' });
  });

  it('uses the manifest default scopes and refuses scopes the provider has no parameter for', async () => {
    const withDefaults = oauth1Manifest({ scopeParam: 'scope' }, { authorization: { scope: { default: ['a', 'b'], delimiter: ',' } } });
    nock(PROVIDER).post('/oauth/request_token', 'scope=a%2Cb').reply(200, 'oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=true', FORM);
    await expect(requestTemporaryCredentials(oauth1Context(withDefaults), { callbackUri: CALLBACK })).resolves.toMatchObject({ token: 't' });

    await expect(requestTemporaryCredentials(oauth1Context(oauth1Manifest()), { callbackUri: CALLBACK, scope: 'read' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('refuses temporary credentials without oauth_callback_confirmed=true unless the manifest says the provider omits it', async () => {
    nock(PROVIDER).post('/oauth/request_token').twice().reply(200, 'oauth_token=t&oauth_token_secret=s', FORM);
    await expect(requestTemporaryCredentials(oauth1Context(oauth1Manifest()), { callbackUri: CALLBACK })).rejects.toMatchObject({
      name: 'ProviderError',
      code: 'OAUTH1_ERROR',
      error: 'callback_not_confirmed',
    });
    const lenient = oauth1Manifest({ callbackConfirmed: false });
    await expect(requestTemporaryCredentials(oauth1Context(lenient), { callbackUri: CALLBACK })).resolves.toMatchObject({ token: 't', tokenSecret: 's' });
  });

  it.each<[string, 'strict' | 'left at its default', boolean]>([
    ['True', 'left at its default', true],
    ['TRUE', 'left at its default', true],
    ['true', 'strict', true],
    ['True', 'strict', false],
    ['false', 'left at its default', false],
    ['yes', 'left at its default', false],
  ])('oauth_callback_confirmed=%s with callbackConfirmed %s: accepted %s', async (value, callbackConfirmed, accepted) => {
    const manifest = oauth1Manifest(callbackConfirmed === 'strict' ? { callbackConfirmed } : {});
    nock(PROVIDER).post('/oauth/request_token').reply(200, `oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=${value}`, FORM);
    const result = requestTemporaryCredentials(oauth1Context(manifest), { callbackUri: CALLBACK });
    if (accepted) await expect(result).resolves.toMatchObject({ token: 't' });
    else await expect(result).rejects.toMatchObject({ code: 'OAUTH1_ERROR', error: 'callback_not_confirmed' });
  });

  it('sends no oauth_verifier when the manifest says the provider has none', async () => {
    const manifest = oauth1Manifest({ verifier: 'none', accessTokenMethod: 'GET' });
    const callback = parseAuthorizationCallback(manifest, { oauth_token: 'req-token' }, { requestToken: 'req-token' });
    expect(callback.verifier).toBeUndefined();
    nock(PROVIDER)
      .get('/oauth/access_token')
      .reply(function () {
        expect(headerParams(this.req.headers.authorization).oauth_verifier).toBeUndefined();
        return [200, 'oauth_token=a&oauth_token_secret=b', FORM];
      });
    const tokens = await exchangeForAccessToken(oauth1Context(manifest), { requestToken: 'req-token', requestTokenSecret: 'rs', verifier: callback.verifier });
    expect(tokens.accessToken).toBe('a');
  });
});
