// Each API and profile field of the manifest changes the protected-resource request or how its answer is read.
import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { TokenSet } from '../../src/types.ts';
import { API, baseManifest, clientFor, useNock } from './helpers.ts';

useNock();

const token = new TokenSet({ accessToken: 'at-1', tokenType: 'Bearer', raw: { access_token: 'at-1', uid: '1404376560', openid: 'OPEN-1' } });

function client(api: ManifestInput['api'], profile?: ManifestInput['profile']) {
  return clientFor(baseManifest({ api, ...(profile ? { profile } : {}) }));
}

describe('token placement', () => {
  it('sends a Bearer header by default', async () => {
    nock(API).get('/v1/me').matchHeader('authorization', 'Bearer at-1').reply(200, { ok: 1 });
    expect((await client({}).get('me', { token })).data).toEqual({ ok: 1 });
  });

  it('uses the manifest header scheme', async () => {
    nock(API).get('/v1/me').matchHeader('authorization', 'OAuth2 at-1').reply(200, { ok: 1 });
    expect((await client({ auth: { scheme: 'OAuth2' } }).get('me', { token })).status).toBe(200);
  });

  it('sends the bare token in a named header when the scheme is empty', async () => {
    nock(API)
      .get('/v1/me')
      .matchHeader('x-shop-access-token', 'at-1')
      .matchHeader('authorization', (value) => value === undefined)
      .reply(200, {});
    await client({ auth: { name: 'X-Shop-Access-Token', scheme: '' } }).get('me', { token });
  });

  it('puts the token in the query under the manifest name', async () => {
    nock(API).get('/v1/me').query({ oauth_token: 'at-1' }).reply(200, {});
    await client({ auth: { in: 'query', name: 'oauth_token' } }).get('me', { token });
  });

  it('puts the token in a form body', async () => {
    nock(API).post('/v1/chat', (body) => body.token === 'at-1' && body.text === 'hi').reply(200, {});
    await client({ auth: { in: 'body', name: 'token' } }).post('chat', { token, form: { text: 'hi' } });
  });
});

describe('fixed headers, query and transforms', () => {
  it('adds fixed headers and query parameters, with placeholders', async () => {
    nock(API)
      .get('/v1/me')
      .query({ v: '5.131', oauth_consumer_key: 'client-123', openid: 'OPEN-1', extra: '1' })
      .matchHeader('client-id', 'client-123')
      .matchHeader('notion-version', '2022-06-28')
      .reply(200, {});
    const c = client({
      headers: { 'Client-Id': '{{client.clientId}}', 'Notion-Version': '2022-06-28' },
      query: { v: '5.131', oauth_consumer_key: '{{client.clientId}}', openid: '{{token.openid}}' },
    });
    await c.get('me', { token, query: { extra: 1 } });
  });

  it('fills token-dependent defaults from each call\'s own token, the fixed ones once', async () => {
    const c = client({ headers: { 'X-Open-Id': '{{token.openid}}', 'X-Client': '{{client.clientId}}' } });
    for (const openid of ['first', 'second']) {
      nock(API).get('/v1/me').matchHeader('x-open-id', openid).matchHeader('x-client', 'client-123').reply(200, {});
      await c.get('me', { token: new TokenSet({ ...token.toJSON(), raw: { openid } }) });
    }
    // A bare access token has no openid to fill the header from.
    await expect(c.get('me', { token: 'at-bare' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('refuses a header value with a line break, from a placeholder or a token, as a ConfigError that does not quote it', async () => {
    const c = client({ headers: { 'X-Open-Id': '{{token.openid}}' } });
    const injected = new TokenSet({ ...token.toJSON(), raw: { openid: 'x\r\nX-Injected: 1' } });
    await expect(c.get('me', { token: injected })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('X-Open-Id') });
    const error = await client({}).get('me', { token: 'secret-token\nX-Injected: 1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(inspect(error)).not.toContain('secret-token');
  });

  it('applies header transforms after the token is placed (the seeds’ pre_request)', async () => {
    nock(API)
      .get('/v1/me')
      .matchHeader('authorization', 'OAuth2 at-1')
      .matchHeader('x-static', 'yes')
      .matchHeader('user-agent', (value) => value === undefined || !value.includes('remove-me'))
      .reply(200, {});
    await client({
      headers: { 'User-Agent': 'remove-me' },
      transforms: [
        { header: 'Authorization', replace: { pattern: '^Bearer ', with: 'OAuth2 ' } },
        { header: 'X-Static', set: 'yes' },
        { header: 'User-Agent', remove: true },
      ],
    }).get('me', { token });
  });

  it('lets a per-client preRequest hook edit the request last', async () => {
    nock(API).get('/v1/me').matchHeader('x-signed', 'by-app').reply(200, {});
    const c = clientFor(baseManifest(), {
      preRequest: ({ headers }) => {
        headers.set('x-signed', 'by-app');
      },
    });
    await c.get('me', { token });
  });
});

describe('overrides', () => {
  it('sends absolute paths that start with an overridden endpoint to its replacement', async () => {
    const manifest = baseManifest({ endpoints: { authorize: 'https://id.example.test/authorize', token: 'https://id.example.test/token', userinfo: 'https://id.example.test/userinfo', api: `${API}/v1/` } });
    const c = clientFor(manifest, { endpoints: { userinfo: 'http://127.0.0.1:4555/emulated/userinfo' } });
    nock('http://127.0.0.1:4555').get('/emulated/userinfo').query({ a: '1' }).reply(200, { sub: 'x' });
    expect((await c.get('https://id.example.test/userinfo?a=1', { token })).data).toEqual({ sub: 'x' });
  });

  it('moves every endpoint and absolute path of an origin with `origins`', async () => {
    const c = clientFor(baseManifest(), { origins: { [API]: 'http://127.0.0.1:4556/api-host' } });
    nock('http://127.0.0.1:4556').get('/api-host/v1/me').reply(200, { relative: true }).get('/api-host/v2/other').reply(200, { absolute: true });
    expect((await c.get('me', { token })).data).toEqual({ relative: true });
    expect((await c.get(`${API}/v2/other`, { token })).data).toEqual({ absolute: true });
    expect(() => clientFor(baseManifest(), { origins: { [API]: 'http://evil.example' } })).toThrow(expect.objectContaining({ code: 'INSECURE_ENDPOINT' }));
  });
});

describe('response parsing', () => {
  it('parses a JSONP body when the manifest forces jsonp', async () => {
    nock(API).get('/v1/me').reply(200, 'callback( {"client_id":"1","openid":"OPEN-1"} );', { 'content-type': 'text/html' });
    expect((await client({ contentType: 'jsonp' }).get('me', { token })).data).toEqual({ client_id: '1', openid: 'OPEN-1' });
    nock(API).get('/v1/me').reply(200, '/**/ jsonFlickrApi({"stat":"ok"});', { 'content-type': 'application/javascript' });
    expect((await client({}).get('me', { token })).data).toEqual({ stat: 'ok' });
    nock(API).get('/v1/me').reply(200, 'callback( {"openid":"OPEN-1"} );', { 'content-type': 'text/html' });
    expect((await client({}).get('me', { token })).data).toBe('callback( {"openid":"OPEN-1"} );');
  });

  it('parses XML and form bodies by content type', async () => {
    nock(API).get('/v1/x').reply(200, '<user><id>7</id></user>', { 'content-type': 'application/xml' });
    expect((await client({}).get('x', { token })).data).toEqual({ user: { id: '7' } });
    nock(API).get('/v1/f').reply(200, 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' });
    expect((await client({}).get('f', { token })).data).toEqual({ a: '1', b: '2' });
  });

  it('turns a non-2xx answer into an HttpError carrying the parsed body', async () => {
    nock(API).get('/v1/me').reply(404, { message: 'Not Found' });
    await expect(client({}).get('me', { token })).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 404, data: { message: 'Not Found' } });
  });

  it('sends put, patch and delete with JSON bodies', async () => {
    const c = client({});
    nock(API).put('/v1/a', { x: 1 }).reply(200, {}).patch('/v1/a', { y: 2 }).reply(200, {}).delete('/v1/a').reply(204);
    await c.put('a', { token, json: { x: 1 } });
    await c.patch('a', { token, json: { y: 2 } });
    expect((await c.delete('a', { token })).status).toBe(204);
  });
});

describe('profile', () => {
  it('fills query placeholders from the token, unwraps, and maps fields with fallbacks', async () => {
    nock(API)
      .get('/v1/users/show.json')
      .query({ uid: '1404376560' })
      .reply(200, { response: [{ idstr: '1404376560', screen_name: 'zaku', avatar_large: 'https://img/1.jpg' }] }, { 'content-type': 'text/plain' });
    const c = client(
      { contentType: 'json' },
      {
        url: 'users/show.json',
        query: { uid: '{{token.uid}}' },
        unwrap: 'response[0]',
        fields: { id: 'idstr', username: 'screen_name', name: ['name', 'screen_name'], avatar: ['avatar_hd', 'avatar_large'] },
      },
    );
    const profile = await c.profile(token);
    expect(profile).toMatchObject({ provider: 'example', id: '1404376560', socialId: 'example$1404376560', username: 'zaku', name: 'zaku', avatar: 'https://img/1.jpg' });
    expect(profile.email).toBeUndefined();
  });

  it('reads emailVerified from booleans, strings and 0/1 flags, and leaves it out when the answer says nothing', async () => {
    const spec: ManifestInput['profile'] = { url: 'me', fields: { id: 'id', email: 'mail', emailVerified: ['verified', 'mail_ok'] } };
    const answers: [Record<string, unknown>, boolean | undefined][] = [
      [{ id: 1, verified: true }, true],
      [{ id: 1, verified: 'false' }, false],
      [{ id: 1, mail_ok: 1 }, true],
      [{ id: 1, verified: 0 }, false],
      [{ id: 1, verified: 'maybe' }, undefined],
      [{ id: 1 }, undefined],
    ];
    for (const [answer, expected] of answers) {
      nock(API).get('/v1/me').reply(200, answer);
      const profile = await client({}, spec).profile(token);
      expect(profile.emailVerified, JSON.stringify(answer)).toBe(expected);
      if (expected === undefined) expect(Object.keys(profile)).not.toContain('emailVerified');
    }
  });

  it('runs a before step whose answer feeds the profile request', async () => {
    nock(API)
      .get('/v1/oauth2.0/me')
      .reply(200, 'callback( {"client_id":"client-123","openid":"OPEN-9"} );', { 'content-type': 'text/html' })
      .get('/v1/user/get_user_info')
      .query({ openid: 'OPEN-9' })
      .reply(200, { nickname: 'Qi', figureurl: 'https://img/q.png' });
    const c = client(
      {},
      {
        url: 'user/get_user_info',
        query: { openid: '{{steps.me.openid}}' },
        before: [{ name: 'me', url: 'oauth2.0/me', contentType: 'jsonp' }],
        fields: { id: '$me.openid', name: 'nickname', avatar: 'figureurl' },
      },
    );
    expect(await c.profile(token)).toMatchObject({ id: 'OPEN-9', name: 'Qi', avatar: 'https://img/q.png' });
  });

  it('runs an after step only when its field is missing, and picks by a predicate', async () => {
    const profileSpec: ManifestInput['profile'] = {
      url: 'user',
      after: [{ name: 'emails', url: 'user/emails', ifMissing: 'email' }],
      fields: { id: 'id', email: ['email', '$emails[primary=true].email'] },
    };
    nock(API)
      .get('/v1/user')
      .reply(200, { id: 1, email: null })
      .get('/v1/user/emails')
      .reply(200, [{ email: 'old@x.test', primary: false }, { email: 'main@x.test', primary: true }]);
    expect((await client({}, profileSpec).profile(token)).email).toBe('main@x.test');

    nock(API).get('/v1/user').reply(200, { id: 1, email: 'public@x.test' });
    expect((await client({}, profileSpec).profile(token)).email).toBe('public@x.test');
    expect(nock.isDone()).toBe(true);
  });

  it('ignores a failing optional step and fails on a required one', async () => {
    const spec = (optional: boolean): ManifestInput['profile'] => ({
      url: 'user',
      after: [{ name: 'emails', url: 'user/emails', ifMissing: 'email', optional }],
      fields: { id: 'id', email: ['email', '$emails[0].email'] },
    });
    nock(API).get('/v1/user').reply(200, { id: 1 }).get('/v1/user/emails').reply(403, {});
    expect((await client({}, spec(true)).profile(token)).email).toBeUndefined();
    nock(API).get('/v1/user').reply(200, { id: 1 }).get('/v1/user/emails').reply(403, {});
    await expect(client({}, spec(false)).profile(token)).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 403 });
  });

  it('uses the profile method, headers and forced content type', async () => {
    nock(API).post('/v1/me').matchHeader('x-li-format', 'json').reply(200, '{"id":"p1"}', { 'content-type': 'text/plain' });
    const c = client({}, { url: 'me', method: 'POST', headers: { 'x-li-format': 'json' }, contentType: 'json', fields: { id: 'id' } });
    expect((await c.profile(token)).id).toBe('p1');
  });

  it('fails clearly when the profile has no id', async () => {
    nock(API).get('/v1/me').reply(200, { name: 'no id' });
    await expect(client({}).profile(token)).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
  });
});
