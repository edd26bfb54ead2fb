// Each token-request and token-response field of the manifest changes the exchange; nock only answers when
// the request has the shape the field asks for.
import { exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { API, baseManifest, clientFor, CLIENT, ORIGIN, signIn, tokenReply, useNock } from './helpers.ts';

useNock();

const basic = `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`;

async function exchange(token: ManifestInput['token'], overrides: Partial<ManifestInput> = {}) {
  const client = clientFor(baseManifest({ token, ...overrides }));
  const { callback } = await signIn(client);
  return client.callback(callback);
}

describe('token request', () => {
  it('posts form-encoded credentials in the body by default', async () => {
    nock(ORIGIN)
      .post('/token', (body) => body.client_secret === CLIENT.clientSecret && body.grant_type === 'authorization_code' && typeof body.code_verifier === 'string')
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, tokenReply());
    expect((await exchange({})).accessToken).toBe('at-1');
  });

  it('uses GET with the parameters in the query when method is GET', async () => {
    nock(ORIGIN)
      .get('/token')
      .query((query) => query.code === 'auth-code-1' && query.client_secret === CLIENT.clientSecret)
      .reply(200, tokenReply());
    expect((await exchange({ method: 'GET' })).accessToken).toBe('at-1');
  });

  it('sends a JSON body when encoding is json', async () => {
    nock(ORIGIN)
      .post('/token', (body) => body.code === 'auth-code-1')
      .matchHeader('content-type', 'application/json')
      .reply(200, tokenReply());
    expect((await exchange({ encoding: 'json' })).accessToken).toBe('at-1');
  });

  it('puts every parameter in the query string when encoding is query', async () => {
    nock(ORIGIN)
      .post('/token')
      .query((query) => query.code === 'auth-code-1' && query.grant_type === 'authorization_code')
      .reply(200, tokenReply());
    expect((await exchange({ encoding: 'query' })).accessToken).toBe('at-1');
  });

  it('authenticates with HTTP Basic and keeps the secret out of the body when clientAuth is basic', async () => {
    nock(ORIGIN)
      .post('/token', (body) => body.client_secret === undefined && body.client_id === undefined)
      .matchHeader('authorization', basic)
      .reply(200, tokenReply());
    expect((await exchange({ clientAuth: 'basic' })).accessToken).toBe('at-1');
  });

  it('sends Basic and client_id together for basic_and_client_id', async () => {
    nock(ORIGIN)
      .post('/token', (body) => body.client_id === CLIENT.clientId && body.client_secret === undefined)
      .matchHeader('authorization', basic)
      .reply(200, tokenReply());
    expect((await exchange({ clientAuth: 'basic_and_client_id' })).accessToken).toBe('at-1');
  });

  it('sends only client_id for public clients (clientAuth none)', async () => {
    nock(ORIGIN)
      .post('/token', (body) => body.client_id === CLIENT.clientId && body.client_secret === undefined)
      .matchHeader('authorization', (value) => value === undefined)
      .reply(200, tokenReply());
    expect((await exchange({ clientAuth: 'none' })).accessToken).toBe('at-1');
  });

  it('adds fixed parameters, renames standard ones and sends fixed headers', async () => {
    nock(ORIGIN)
      .post('/token', (body) => body.action === 'requesttoken' && body.appid === CLIENT.clientId && body.secret === CLIENT.clientSecret && !body.client_id)
      .matchHeader('user-agent', 'oauth-registry-test')
      .reply(200, tokenReply());
    const token = await exchange({
      params: { action: 'requesttoken' },
      rename: { client_id: 'appid', client_secret: 'secret' },
      headers: { 'User-Agent': 'oauth-registry-test' },
    });
    expect(token.accessToken).toBe('at-1');
  });
});

describe('token lookup', () => {
  it('adds fields from a call made right after the token response, for later API calls', async () => {
    const manifest = baseManifest({
      token: { response: { contentType: 'form' }, lookup: { url: 'oauth2.0/me', contentType: 'jsonp', fields: { openid: 'openid' } } },
      api: { auth: { in: 'query' }, query: { openid: '{{token.openid}}', oauth_consumer_key: '{{client.clientId}}' } },
    });
    const client = clientFor(manifest);
    const { callback } = await signIn(client);
    nock(ORIGIN).post('/token').reply(200, 'access_token=at-q&expires_in=7776000', { 'content-type': 'text/html' });
    nock(API)
      .get('/v1/oauth2.0/me')
      .query({ access_token: 'at-q' })
      .reply(200, 'callback( {"client_id":"client-123","openid":"OPENID-7"} );', { 'content-type': 'text/html' })
      .get('/v1/user/get_user_info')
      .query({ access_token: 'at-q', openid: 'OPENID-7', oauth_consumer_key: CLIENT.clientId })
      .reply(200, { nickname: 'Qi' });
    const token = await client.callback(callback);
    expect(token.raw.openid).toBe('OPENID-7');
    expect((await client.get('user/get_user_info', { token })).data).toEqual({ nickname: 'Qi' });
  });

  it('fails clearly when the lookup answer lacks the field', async () => {
    const client = clientFor(baseManifest({ token: { lookup: { url: 'me', fields: { openid: 'openid' } } } }));
    const { callback } = await signIn(client);
    nock(ORIGIN).post('/token').reply(200, tokenReply());
    nock(API).get('/v1/me').reply(200, { nothing: true });
    await expect(client.callback(callback)).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
  });
});

describe('signed client secret', () => {
  it('sends a fresh ES256 JWT as the client secret when token.clientSecretJwt is set', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const manifest = baseManifest({
      variables: { teamId: { description: 'Developer team id' }, keyId: { description: 'Key id' } },
      token: { clientSecretJwt: { issuer: '{{vars.teamId}}', audience: 'https://id.example.test', keyId: '{{vars.keyId}}' } },
    });
    const client = clientFor(manifest, { clientSecret: undefined, privateKey: pem, vars: { teamId: 'TEAM123', keyId: 'KEY456' } });
    let secret = '';
    nock(ORIGIN)
      .post('/token', (body) => {
        secret = body.client_secret;
        return typeof secret === 'string';
      })
      .reply(200, tokenReply());
    const { callback } = await signIn(client);
    await client.callback(callback);
    const { payload, protectedHeader } = await jwtVerify(secret, publicKey, { issuer: 'TEAM123', audience: 'https://id.example.test', subject: CLIENT.clientId });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'KEY456' });
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it('names the missing private key', async () => {
    const manifest = baseManifest({ token: { clientSecretJwt: { issuer: 'T', audience: 'https://id.example.test' } } });
    const client = clientFor(manifest, { clientSecret: undefined });
    const { callback } = await signIn(client);
    await expect(client.callback(callback)).rejects.toThrow(/EXAMPLE_PRIVATE_KEY/);
  });
});

describe('token response', () => {
  it.each([['tok€n'], ['line\nbreak'], ['\ud800'], ['tab\there']])('refuses an access_token that is not visible ASCII: %j (RFC 6749 §A.12)', async (accessToken) => {
    // Such a token cannot go into an Authorization header: every later API call would throw a TypeError.
    nock(ORIGIN).post('/token').reply(200, tokenReply({ access_token: accessToken }));
    await expect(exchange({})).rejects.toMatchObject({ name: 'ResponseError', code: 'UNEXPECTED_RESPONSE', message: expect.stringContaining('visible ASCII') });
  });

  it('accepts every visible ASCII character in an access_token, spaces included', async () => {
    const accessToken = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    nock(ORIGIN).post('/token').reply(200, tokenReply({ access_token: accessToken }));
    expect((await exchange({})).accessToken).toBe(accessToken);
  });

  it('parses JSON labelled text/plain only when the manifest forces json', async () => {
    const body = JSON.stringify(tokenReply());
    nock(ORIGIN).post('/token').reply(200, body, { 'content-type': 'text/plain;charset=UTF-8' });
    expect((await exchange({ response: { contentType: 'json' } })).accessToken).toBe('at-1');

    nock(ORIGIN).post('/token').reply(200, body, { 'content-type': 'text/plain;charset=UTF-8' });
    await expect(exchange({})).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
  });

  it('parses form-encoded answers by their content type, or when forced', async () => {
    nock(ORIGIN).post('/token').reply(200, 'access_token=at-form&token_type=bearer&scope=repo%2Cuser', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    const token = await exchange({});
    expect(token.accessToken).toBe('at-form');

    nock(ORIGIN).post('/token').reply(200, 'access_token=at-html&expires=5183999', { 'content-type': 'text/html' });
    expect((await exchange({ response: { contentType: 'form', fields: { expires_in: 'expires' } } })).accessToken).toBe('at-html');
  });

  it('reads XML token answers', async () => {
    nock(ORIGIN)
      .post('/token')
      .reply(200, '<Access_TokenResponse><Token>at-xml</Token><Refresh_Token>rt-xml</Refresh_Token></Access_TokenResponse>', {
        'content-type': 'text/html',
      });
    const token = await exchange({
      response: { contentType: 'xml', root: 'Access_TokenResponse', fields: { access_token: 'Token', refresh_token: 'Refresh_Token' } },
    });
    expect(token.accessToken).toBe('at-xml');
    expect(token.refreshToken).toBe('rt-xml');
  });

  it('finds the token under root and renamed fields', async () => {
    nock(ORIGIN)
      .post('/token')
      .reply(200, { status: 0, body: { access_token: { token: 'nested' }, expires: 60, userid: 42 } });
    const token = await exchange({ response: { root: 'body', fields: { access_token: 'access_token.token', expires_in: 'expires' } } });
    expect(token.accessToken).toBe('nested');
    expect(token.expiresAt).toBeGreaterThan(Date.now() / 1000 + 50);
    expect(token.raw.userid).toBe(42);
  });

  it('fills fields the provider leaves out from defaults', async () => {
    nock(ORIGIN).post('/token').reply(200, { access_token: 'a' });
    expect((await exchange({ response: { defaults: { token_type: 'mac' } } })).tokenType).toBe('mac');
  });

  it('reads expires_in 0 as never when the manifest says so', async () => {
    nock(ORIGIN).post('/token').reply(200, tokenReply({ expires_in: 0 }));
    expect((await exchange({ response: { expiresInZeroMeansNever: true } })).expiresAt).toBeUndefined();
    nock(ORIGIN).post('/token').reply(200, tokenReply({ expires_in: 0 }));
    expect((await exchange({})).expiresAt).toBeDefined();
  });

  it('detects an error in a 200 body by the default error field', async () => {
    nock(ORIGIN).post('/token').reply(200, { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
    await expect(exchange({})).rejects.toMatchObject({ code: 'TOKEN_ERROR', error: 'bad_verification_code', errorDescription: 'The code passed is incorrect or expired.' });
  });

  it('detects an error in a 200 body by a manifest condition and paths', async () => {
    const response = { error: { when: { path: 'ok', equals: false }, code: 'error', description: 'detail' } };
    nock(ORIGIN).post('/token').reply(200, { ok: false, error: 'invalid_code', detail: 'bad' });
    await expect(exchange({ response })).rejects.toMatchObject({ code: 'TOKEN_ERROR', error: 'invalid_code', errorDescription: 'bad' });

    const nested = { error: { when: { path: 'status', notEquals: 0 }, code: 'errors[0].errorType', description: 'errors[0].message' } };
    nock(ORIGIN).post('/token').reply(200, { status: 601, errors: [{ errorType: 'invalid_grant', message: 'expired' }] });
    await expect(exchange({ response: nested })).rejects.toMatchObject({ error: 'invalid_grant', errorDescription: 'expired' });
  });
});

describe('refresh, client credentials and revocation', () => {
  it('refreshes and keeps the old refresh token when none is issued', async () => {
    const client = clientFor(baseManifest({ token: { clientAuth: 'basic' } }));
    nock(ORIGIN)
      .post('/token', (body) => body.grant_type === 'refresh_token' && body.refresh_token === 'rt-old')
      .matchHeader('authorization', basic)
      .reply(200, { access_token: 'at-2', expires_in: 10 });
    const fresh = await client.refresh('rt-old');
    expect(fresh.accessToken).toBe('at-2');
    expect(fresh.refreshToken).toBe('rt-old');
  });

  it('runs the client credentials grant only when the manifest lists it', async () => {
    await expect(clientFor(baseManifest()).clientCredentials()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    nock(ORIGIN)
      .post('/token', (body) => body.grant_type === 'client_credentials' && body.scope === 'read write')
      .reply(200, tokenReply());
    const client = clientFor(baseManifest({ grants: ['client_credentials'], authorization: { scope: { default: ['read', 'write'] } } }));
    expect((await client.clientCredentials()).accessToken).toBe('at-1');
  });

  it('revokes with the manifest token parameter, hint and client authentication', async () => {
    nock(ORIGIN)
      .post('/revoke', (body) => body.token === 'at-1' && body.token_type_hint === 'access_token' && body.client_secret === CLIENT.clientSecret)
      .reply(200, '');
    await clientFor(baseManifest()).revoke('at-1');

    nock(ORIGIN)
      .post('/revoke', (body) => body.access_token === 'at-1' && body.token_type_hint === undefined && body.client_secret === undefined)
      .reply(200, '{}');
    await clientFor(baseManifest({ revocation: { tokenParam: 'access_token', tokenTypeHint: false, clientAuth: 'none' } })).revoke('at-1');
  });
});
