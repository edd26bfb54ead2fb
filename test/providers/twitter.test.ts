// X (Twitter) "Sign in with X" over OAuth 1.0a, replayed with nock: every request's HMAC-SHA1 signature is
// recomputed by the fake provider, the callback must be confirmed, and verify_credentials gives the profile.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.ts';
import { hasValidHmacSha1, headerParams } from '../oauth1/helpers.ts';
import { useNock } from '../runtime/helpers.ts';

useNock();
const REDIRECT = 'https://app.example.test/auth/twitter/callback';
const X = 'https://api.x.com';

describe('twitter', () => {
  it('runs request token → authenticate → access token → verify_credentials, all signed', async () => {
    const client = createClient('twitter', { clientId: 'client-key', clientSecret: 'client-secret', redirectUri: REDIRECT });
    nock(X)
      .post('/oauth/request_token')
      .reply(function (uri) {
        const header = this.req.headers.authorization as string;
        const callback = headerParams(header).oauth_callback ?? '';
        const valid = hasValidHmacSha1('POST', `${X}${uri}`, header, '') && callback.startsWith(REDIRECT);
        return valid ? [200, 'oauth_token=Z6eEdO8MOmk394WozF5oKyuAv855l4Mlqo7hhlSLik&oauth_token_secret=Kd75W4OQfb2oJTV0vzGzeXftVAwgMnEK9MumzYcM&oauth_callback_confirmed=true'] : [401, 'bad signature'];
      });
    const { url, transaction } = await client.authorize();
    const sent = new URL(url);
    expect(sent.origin + sent.pathname).toBe('https://api.x.com/oauth/authenticate');
    expect(sent.searchParams.get('oauth_token')).toBe('Z6eEdO8MOmk394WozF5oKyuAv855l4Mlqo7hhlSLik');

    nock(X)
      .post('/oauth/access_token')
      .reply(function (uri) {
        const header = this.req.headers.authorization as string;
        const params = headerParams(header);
        const valid =
          hasValidHmacSha1('POST', `${X}${uri}`, header, '', 'Kd75W4OQfb2oJTV0vzGzeXftVAwgMnEK9MumzYcM') &&
          params.oauth_verifier === 'uw7NjWHT6OJ1MpJOXsHfNxoAhPKpgI8BlYDhxEjIBY' &&
          params.oauth_token === 'Z6eEdO8MOmk394WozF5oKyuAv855l4Mlqo7hhlSLik';
        return valid ? [200, 'oauth_token=6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY&oauth_token_secret=2EEfA6BG3ly3sR3RjE0IBSnlQu4ZrUzPiYKmrkVU&user_id=6253282&screen_name=twitterapi'] : [401, ''];
      });
    const callback = `${REDIRECT}?state=${transaction.state}&oauth_token=Z6eEdO8MOmk394WozF5oKyuAv855l4Mlqo7hhlSLik&oauth_verifier=uw7NjWHT6OJ1MpJOXsHfNxoAhPKpgI8BlYDhxEjIBY`;
    const token = await client.callback(callback);
    expect(token).toMatchObject({ accessToken: '6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY', raw: { user_id: '6253282', screen_name: 'twitterapi' } });

    nock(X)
      .get('/1.1/account/verify_credentials.json')
      .query(true)
      .reply(function (uri) {
        const header = this.req.headers.authorization as string;
        return hasValidHmacSha1('GET', `${X}${uri}`, header, '', '2EEfA6BG3ly3sR3RjE0IBSnlQu4ZrUzPiYKmrkVU')
          ? [200, { id: 6253282, id_str: '6253282', name: 'Twitter API', screen_name: 'TwitterAPI', email: 'api@x.test', profile_image_url_https: 'https://pbs.twimg.com/a.png' }]
          : [401, { errors: [{ code: 32, message: 'Could not authenticate you.' }] }];
      });
    const profile = await client.profile(token);
    expect(profile).toMatchObject({ id: '6253282', socialId: 'twitter$6253282', username: 'TwitterAPI', name: 'Twitter API', email: 'api@x.test' });
  });

  it('finds the transaction through oauth_token when the callback carries no state', async () => {
    const client = createClient('twitter', { clientId: 'client-key', clientSecret: 'client-secret', redirectUri: REDIRECT });
    nock(X).post('/oauth/request_token').reply(200, 'oauth_token=RT&oauth_token_secret=RS&oauth_callback_confirmed=true');
    await client.authorize();
    nock(X).post('/oauth/access_token').reply(200, 'oauth_token=AT&oauth_token_secret=AS&user_id=1&screen_name=a');
    expect((await client.callback('?oauth_token=RT&oauth_verifier=V')).accessToken).toBe('AT');
    await expect(client.callback('?oauth_token=RT&oauth_verifier=V')).rejects.toMatchObject({ code: 'TRANSACTION_REPLAYED' });
  });

  it('refuses a request token answer without oauth_callback_confirmed', async () => {
    const client = createClient('twitter', { clientId: 'client-key', clientSecret: 'client-secret', redirectUri: REDIRECT });
    nock(X).post('/oauth/request_token').reply(200, 'oauth_token=RT&oauth_token_secret=RS');
    await expect(client.authorize()).rejects.toMatchObject({ code: 'OAUTH1_ERROR' });
  });
});
