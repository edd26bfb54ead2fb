// The token-request fields a provider needs beyond RFC 6749's defaults: a separate refresh endpoint, per-grant
// and omitted parameters, callback values repeated at the token endpoint, RFC 7523 client assertions and a
// hashed secret, a marker before the body, and a JSON revocation request. Each test fails when the runtime
// ignores its field.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/errors.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { TokenSet } from '../../src/types.ts';
import { baseManifest, CLIENT, clientFor, ORIGIN, REDIRECT, signIn, tokenReply, useNock } from './helpers.ts';

useNock();

function withToken(token: ManifestInput['token'], extra: Partial<ManifestInput> = {}) {
  return clientFor(baseManifest({ token, ...extra }));
}

describe('endpoints.refresh', () => {
  it('sends refresh grants there, and code exchanges to the token endpoint', async () => {
    const client = clientFor(baseManifest({ endpoints: { ...baseManifest().endpoints, refresh: `${ORIGIN}/oauth/refresh` } }));
    const { callback } = await signIn(client);
    nock(ORIGIN).post('/token', (body) => body.grant_type === 'authorization_code').reply(200, tokenReply());
    const token = await client.callback(callback);
    nock(ORIGIN).post('/oauth/refresh', (body) => body.grant_type === 'refresh_token' && body.refresh_token === 'rt-1').reply(200, tokenReply({ access_token: 'at-2' }));
    expect((await client.refresh(token)).accessToken).toBe('at-2');
    expect(nock.isDone()).toBe(true);
  });
});

describe('token.omit', () => {
  it('leaves the standard parameters the provider refuses out of every token request', async () => {
    const client = withToken({ omit: ['grant_type', 'redirect_uri'] });
    const { callback } = await signIn(client);
    let sent: Record<string, string> = {};
    nock(ORIGIN)
      .post('/token', (body) => ((sent = body as Record<string, string>), true))
      .reply(200, tokenReply());
    await client.callback(callback);
    expect(sent).not.toHaveProperty('grant_type');
    expect(sent).not.toHaveProperty('redirect_uri');
    expect(sent).toMatchObject({ code: 'auth-code-1', client_id: CLIENT.clientId });
  });
});

describe('token.grantParams', () => {
  it('adds parameters to one grant only, reading the callback, the old token and the app redirect URI', async () => {
    const client = withToken(
      {
        grantParams: {
          authorization_code: { device_id: '{{callback.device_id}}', state: '{{callback.state}}' },
          refresh_token: { redirect_uri: '{{client.redirectUri}}', scope: '{{token.scope}}', user: '{{token.user_id}}' },
        },
      },
      { authorization: { callbackParams: ['device_id'] } },
    );
    const { transaction, callback } = await signIn(client);
    let exchanged: Record<string, string> = {};
    nock(ORIGIN)
      .post('/token', (body) => ((exchanged = body as Record<string, string>), true))
      .reply(200, tokenReply({ scope: 'read write', user_id: 'u-7' }));
    const token = await client.callback(`${callback}&device_id=dev-42`);
    expect(exchanged).toMatchObject({ device_id: 'dev-42', state: transaction.state });
    expect(exchanged).not.toHaveProperty('user');
    let refreshed: Record<string, string> = {};
    nock(ORIGIN)
      .post('/token', (body) => ((refreshed = body as Record<string, string>), true))
      .reply(200, tokenReply());
    await client.refresh(token);
    expect(refreshed).toMatchObject({ grant_type: 'refresh_token', redirect_uri: REDIRECT, scope: 'read write', user: 'u-7' });
    expect(refreshed).not.toHaveProperty('device_id');
  });

  it('names the missing callback value in a typed error, without sending the request', async () => {
    const client = withToken({ grantParams: { authorization_code: { device_id: '{{callback.device_id}}' } } });
    const { callback } = await signIn(client);
    await expect(client.callback(callback)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('{{callback.device_id}}') });
  });
});

describe('token.grantOmit and token.grantClientAuth', () => {
  it('change one grant only: a refresh without the secret (WeChat), or with HTTP Basic (Keap)', async () => {
    const client = withToken({ grantOmit: { refresh_token: ['redirect_uri'] }, grantClientAuth: { refresh_token: 'none' } });
    const { callback } = await signIn(client);
    let exchanged: Record<string, string> = {};
    nock(ORIGIN)
      .post('/token', (body) => ((exchanged = body as Record<string, string>), true))
      .reply(200, tokenReply());
    const token = await client.callback(callback);
    expect(exchanged).toMatchObject({ client_secret: CLIENT.clientSecret, redirect_uri: REDIRECT });
    let refreshed: Record<string, string> = {};
    nock(ORIGIN)
      .post('/token', (body) => ((refreshed = body as Record<string, string>), true))
      .reply(200, tokenReply());
    await client.refresh(token);
    expect(refreshed).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-1', client_id: CLIENT.clientId });
    const basic = withToken({ grantClientAuth: { refresh_token: 'basic' } });
    nock(ORIGIN).post('/token', (body) => !('client_secret' in body)).matchHeader('authorization', /^Basic /).reply(200, tokenReply());
    await basic.refresh('rt-1');
    expect(nock.isDone()).toBe(true);
  });
});

describe('token.headers', () => {
  it('fills placeholders such as {{client.clientId}} in fixed token headers', async () => {
    const client = withToken({ headers: { 'User-Agent': 'web:{{client.clientId}}:1.0' } });
    const { callback } = await signIn(client);
    nock(ORIGIN).post('/token').matchHeader('user-agent', `web:${CLIENT.clientId}:1.0`).reply(200, tokenReply());
    await client.callback(callback);
    expect(nock.isDone()).toBe(true);
  });
});

describe('token.clientAuth private_key_jwt (RFC 7523 §2.2)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('signs a fresh assertion per request: iss = sub = client id, aud = the endpoint, a new jti, and no secret sent', async () => {
    const assertions: string[] = [];
    const capture = (body: Record<string, string>) => {
      expect(body).not.toHaveProperty('client_secret');
      expect(body.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      assertions.push(body.client_assertion!);
      return true;
    };
    const keyed = clientFor(baseManifest({ token: { clientAuth: 'private_key_jwt', clientAssertion: { keyId: 'key-{{client.clientId}}' } } }), { privateKey: pem, clientSecret: undefined });
    const { callback } = await signIn(keyed);
    nock(ORIGIN).post('/token', capture).reply(200, tokenReply());
    const token = await keyed.callback(callback);
    nock(ORIGIN).post('/token', capture).reply(200, tokenReply());
    await keyed.refresh(token);
    for (const assertion of assertions) {
      const { payload } = await jwtVerify(assertion, publicKey, { algorithms: ['RS256'], issuer: CLIENT.clientId, subject: CLIENT.clientId, audience: `${ORIGIN}/token` });
      expect(payload.jti).toEqual(expect.any(String));
      expect(decodeProtectedHeader(assertion).kid).toBe(`key-${CLIENT.clientId}`);
    }
    expect(decodeJwt(assertions[0]!).jti).not.toBe(decodeJwt(assertions[1]!).jti);
  });

  it('asks for the private key by its environment variable when none is given', async () => {
    const client = clientFor(baseManifest({ token: { clientAuth: 'private_key_jwt' } }), { clientSecret: undefined });
    const { callback } = await signIn(client);
    await expect(client.callback(callback)).rejects.toMatchObject({ code: 'MISSING_CREDENTIALS', message: expect.stringContaining('EXAMPLE_PRIVATE_KEY') });
  });
});

describe('token.clientAuth client_secret_jwt', () => {
  it('signs the assertion with HS256 keyed by the secret, which itself never travels', async () => {
    const client = withToken({ clientAuth: 'client_secret_jwt' });
    const { callback } = await signIn(client);
    let sent: Record<string, string> = {};
    nock(ORIGIN)
      .post('/token', (body) => ((sent = body as Record<string, string>), true))
      .reply(200, tokenReply());
    await client.callback(callback);
    expect(JSON.stringify(sent)).not.toContain(CLIENT.clientSecret);
    const { payload } = await jwtVerify(sent.client_assertion!, new TextEncoder().encode(CLIENT.clientSecret), { algorithms: ['HS256'], audience: `${ORIGIN}/token` });
    expect(payload.sub).toBe(CLIENT.clientId);
  });
});

describe('token.clientAuth secret_hash', () => {
  const smartsheetLike: ManifestInput['token'] = {
    clientAuth: 'secret_hash',
    secretHash: { param: 'hash', algorithm: 'sha256', input: { authorization_code: '{{client.secret}}|{{grant.code}}', refresh_token: '{{client.secret}}|{{grant.refresh_token}}' } },
  };
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('sends the hash of the secret and the code (then the refresh token), never the secret', async () => {
    const client = withToken(smartsheetLike);
    const { callback } = await signIn(client);
    let sent: Record<string, string> = {};
    nock(ORIGIN)
      .post('/token', (body) => ((sent = body as Record<string, string>), true))
      .reply(200, tokenReply());
    const token = await client.callback(callback);
    expect(sent.hash).toBe(sha256(`${CLIENT.clientSecret}|auth-code-1`));
    expect(JSON.stringify(sent)).not.toContain(CLIENT.clientSecret);
    nock(ORIGIN)
      .post('/token', (body) => ((sent = body as Record<string, string>), true))
      .reply(200, tokenReply());
    await client.refresh(token);
    expect(sent.hash).toBe(sha256(`${CLIENT.clientSecret}|rt-1`));
  });

  it('is refused without its recipe, and {{client.secret}} anywhere else is refused at load', () => {
    expect(() => parseManifestObject(baseManifest({ token: { clientAuth: 'secret_hash' } }))).toThrow(/secret_hash needs token.secretHash/);
    const leaking = () => parseManifestObject(baseManifest({ token: { params: { secret: '{{client.secret}}' } } }));
    expect(leaking).toThrow(ManifestError);
    expect(leaking).toThrow(/may only be used in token.secretHash or a signing recipe/);
    expect(() => parseManifestObject(baseManifest({ api: { headers: { 'X-Key': 'k {{ client.secret }}' } } }))).toThrow(/\{\{client.secret\}\}/);
  });

  it('keeps the secret out of errors when the input template is broken', async () => {
    const client = withToken({ clientAuth: 'secret_hash', secretHash: { input: '{{client.secret}}|{{grant.nope}}' } });
    const { callback } = await signIn(client);
    const error = await client.callback(callback).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(inspect(error)).not.toContain(CLIENT.clientSecret);
  });
});

describe('token.response.prefix', () => {
  it('strips the marker the provider puts before the JSON body', async () => {
    const client = withToken({ response: { prefix: '&&&START&&&', contentType: 'json' } });
    const { callback } = await signIn(client);
    nock(ORIGIN).post('/token').reply(200, `&&&START&&&${JSON.stringify(tokenReply({ access_token: 'at-x' }))}`, { 'content-type': 'text/plain' });
    expect((await client.callback(callback)).accessToken).toBe('at-x');
  });
});

describe('revocation.encoding', () => {
  it('sends a JSON revocation request when the provider wants one', async () => {
    const client = clientFor(baseManifest({ revocation: { encoding: 'json', clientAuth: 'basic', tokenTypeHint: false } }));
    nock(ORIGIN)
      .post('/revoke', (body) => body.token === 'at-1' && !('client_secret' in body))
      .matchHeader('content-type', 'application/json')
      .matchHeader('authorization', /^Basic /)
      .reply(200, {});
    await client.revoke(new TokenSet({ accessToken: 'at-1', tokenType: 'Bearer', raw: {} }));
    expect(nock.isDone()).toBe(true);
  });
});
