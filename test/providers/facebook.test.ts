// Facebook Login's manual flow with nock: versioned Graph URLs from the {version} variable, comma-joined
// scopes, and a profile that must list its fields (email and picture are not sent otherwise).
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.ts';
import { useNock } from '../runtime/helpers.ts';

useNock();
const REDIRECT = 'https://app.example.test/auth/facebook/callback';

describe('facebook', () => {
  it('signs in on the default Graph version and reads a profile with picture', async () => {
    const client = createClient('facebook', { clientId: 'fb-app', clientSecret: 'fb-secret', redirectUri: REDIRECT });
    const { url, transaction } = await client.authorize();
    const sent = new URL(url);
    expect(sent.origin + sent.pathname).toBe('https://www.facebook.com/v26.0/dialog/oauth');
    expect(sent.searchParams.get('scope')).toBe('public_profile,email');

    nock('https://graph.facebook.com')
      .post('/v26.0/oauth/access_token', (body) => body.code === 'fb-code' && body.client_secret === 'fb-secret')
      .reply(200, { access_token: 'EAAB', token_type: 'bearer', expires_in: 5183944 });
    const token = await client.callback(`${REDIRECT}?code=fb-code&state=${transaction.state}#_=_`);

    nock('https://graph.facebook.com')
      .get('/v26.0/me')
      .query({ fields: 'id,name,email,picture' })
      .matchHeader('authorization', 'Bearer EAAB')
      .reply(200, { id: '10158', name: 'Mark Example', email: 'mark@example.test', picture: { data: { url: 'https://platform-lookaside.example/p.jpg', is_silhouette: false } } });
    expect(await client.profile(token)).toMatchObject({ id: '10158', socialId: 'facebook$10158', email: 'mark@example.test', avatar: 'https://platform-lookaside.example/p.jpg' });
  });

  it('uses the Graph version the app picks, and refuses one that is not a version', async () => {
    const client = createClient('facebook', { clientId: 'fb-app', clientSecret: 's', redirectUri: REDIRECT, vars: { version: 'v19.0' } });
    expect((await client.authorize()).url).toContain('https://www.facebook.com/v19.0/dialog/oauth');
    // The main entry's client loads its manifest on first use, so the variable is checked then.
    await expect(createClient('facebook', { clientId: 'a', clientSecret: 's', vars: { version: '../evil' } }).ready()).rejects.toMatchObject({ code: 'MISSING_VARIABLE' });
  });

  it('reports a used code as a token error carrying the Graph error', async () => {
    const client = createClient('facebook', { clientId: 'fb-app', clientSecret: 'fb-secret', redirectUri: REDIRECT });
    const { transaction } = await client.authorize();
    nock('https://graph.facebook.com')
      .post('/v26.0/oauth/access_token')
      .reply(400, { error: { message: 'This authorization code has been used.', type: 'OAuthException', code: 100 } });
    await expect(client.callback(`?code=used&state=${transaction.state}`)).rejects.toMatchObject({
      code: 'TOKEN_ERROR',
      error: 'OAuthException',
      errorDescription: 'This authorization code has been used.',
    });
  });
});
