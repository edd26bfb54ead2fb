// Weibo's documented flow, replayed with nock: comma scopes, JSON labelled text/plain, no token_type,
// `uid` in the token answer feeding users/show, and the `OAuth2 <token>` header.
import nock from 'nock';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createClient } from '../../src/index.ts';
import { useNock } from '../runtime/helpers.ts';

useNock();
const REDIRECT = 'https://app.example.test/auth/weibo/callback';

describe('weibo', () => {
  it('signs in, calls the API and reads the profile', async () => {
    const client = createClient('weibo', { clientId: '909122383', clientSecret: 'weibo-secret', redirectUri: REDIRECT });
    const { url, transaction } = await client.authorize({ scope: ['email', 'statuses_to_me_read'] });
    const sent = new URL(url);
    expect(sent.origin + sent.pathname).toBe('https://api.weibo.com/oauth2/authorize');
    expect(sent.searchParams.get('scope')).toBe('email,statuses_to_me_read');
    expect(sent.searchParams.has('code_challenge')).toBe(false);

    nock('https://api.weibo.com')
      .post('/oauth2/access_token', (body) => body.code === 'WB-CODE' && body.client_secret === 'weibo-secret' && body.redirect_uri === REDIRECT)
      .reply(200, JSON.stringify({ access_token: 'ACCESS_TOKEN', remind_in: '3600', expires_in: 3600, uid: '12341234', isRealName: 'true' }), {
        'content-type': 'text/plain;charset=UTF-8',
      });
    const token = await client.callback(`${REDIRECT}?code=WB-CODE&state=${transaction.state}`, transaction);
    expect(token).toMatchObject({ accessToken: 'ACCESS_TOKEN', tokenType: 'Bearer' });
    expect(token.raw.uid).toBe('12341234');
    // The token schema types it (README, "Typed clients"); compile-errors.test.ts compiles this file.
    expectTypeOf(token.raw.uid).toEqualTypeOf<string>();

    nock('https://api.weibo.com')
      .get('/2/statuses/home_timeline.json')
      .query({ count: '1' })
      .matchHeader('authorization', 'OAuth2 ACCESS_TOKEN')
      .reply(200, JSON.stringify({ statuses: [{ id: 1, idstr: '1', text: 'hi', created_at: 'Tue May 24 18:04:53 +0800 2011' }] }), { 'content-type': 'text/plain' });
    const timeline = await client.get<{ statuses: unknown[] }>('statuses/home_timeline.json', { token, query: { count: 1 }, contentType: 'json' });
    expect(timeline.data.statuses).toHaveLength(1);

    nock('https://api.weibo.com')
      .get('/2/users/show.json')
      .query({ uid: '12341234' })
      .matchHeader('authorization', 'OAuth2 ACCESS_TOKEN')
      .reply(200, { id: 12341234, idstr: '12341234', screen_name: 'zhang', name: 'Zhang San', avatar_large: 'https://tva.sinaimg.cn/a.jpg' });
    const profile = await client.profile(token);
    expect(profile).toMatchObject({ provider: 'weibo', id: '12341234', socialId: 'weibo$12341234', username: 'zhang', name: 'Zhang San', avatar: 'https://tva.sinaimg.cn/a.jpg' });
  });

  it('revokes through revokeoauth2 with access_token and no client credentials', async () => {
    const client = createClient('weibo', { clientId: 'id', clientSecret: 'secret' });
    nock('https://api.weibo.com')
      .post('/oauth2/revokeoauth2', (body) => body.access_token === 'ACCESS_TOKEN' && body.client_secret === undefined)
      .reply(200, JSON.stringify({ result: 'true' }), { 'content-type': 'text/plain' });
    await client.revoke('ACCESS_TOKEN');
  });

  it('reads credentials from WEIBO_CLIENT_ID and WEIBO_CLIENT_SECRET', async () => {
    process.env.WEIBO_CLIENT_ID = 'env-id';
    process.env.WEIBO_CLIENT_SECRET = 'env-secret';
    try {
      const client = createClient('weibo', { redirectUri: REDIRECT });
      const { url, transaction } = await client.authorize();
      expect(new URL(url).searchParams.get('client_id')).toBe('env-id');
      nock('https://api.weibo.com')
        .post('/oauth2/access_token', (body) => body.client_id === 'env-id' && body.client_secret === 'env-secret')
        .reply(200, '{"access_token":"A","uid":"1","expires_in":10}', { 'content-type': 'text/plain' });
      expect((await client.callback(`?code=c&state=${transaction.state}`)).accessToken).toBe('A');
    } finally {
      delete process.env.WEIBO_CLIENT_ID;
      delete process.env.WEIBO_CLIENT_SECRET;
    }
  });
});
