// GitHub's documented web flow: Accept decides JSON or form-encoded token answers, errors arrive with HTTP 200,
// the API wants a User-Agent, and a private email is found through /user/emails.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import { createClient } from '../../src/index.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import { getManifest } from '../../src/manifest/registry.ts';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { useNock } from '../runtime/helpers.ts';

useNock();
const REDIRECT = 'https://app.example.test/auth/github/callback';

function github() {
  return createClient('github', { clientId: 'Iv1.abc', clientSecret: 'gh-secret', redirectUri: REDIRECT });
}

/** GitHub answers form-encoded unless the request asks for JSON (its docs, "Response" of step 2). */
function githubTokenEndpoint(reply: Record<string, string>) {
  return nock('https://github.com')
    .post('/login/oauth/access_token')
    .reply(function () {
      const wantsJson = String(this.req.headers.accept ?? '').includes('application/json');
      return wantsJson
        ? [200, JSON.stringify(reply), { 'content-type': 'application/json; charset=utf-8' }]
        : [200, new URLSearchParams(reply).toString(), { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }];
    });
}

describe('github', () => {
  it('signs in with PKCE, calls the API and finds the primary email', async () => {
    const client = github();
    const { url, transaction } = await client.authorize();
    const sent = new URL(url);
    expect(sent.origin + sent.pathname).toBe('https://github.com/login/oauth/authorize');
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');

    nock('https://github.com')
      .post('/login/oauth/access_token', (body) => body.code === 'gh-code' && typeof body.code_verifier === 'string')
      .matchHeader('accept', 'application/json')
      .matchHeader('user-agent', 'oauth-registry')
      .reply(200, { access_token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a', scope: 'read:user,user:email', token_type: 'bearer' });
    const token = await client.callback(`${REDIRECT}?code=gh-code&state=${transaction.state}`);
    expect(token.scope).toEqual(['read:user', 'user:email']);

    nock('https://api.github.com')
      .get('/user')
      .matchHeader('authorization', 'Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a')
      .matchHeader('user-agent', 'oauth-registry')
      .reply(200, { login: 'octocat', id: 1, name: 'The Octocat', email: null, avatar_url: 'https://github.com/images/error/octocat_happy.gif' })
      .get('/user/emails')
      .reply(200, [
        { email: 'old@github.test', primary: false, verified: true, visibility: null },
        { email: 'octocat@github.com', primary: true, verified: true, visibility: 'private' },
      ]);
    const profile = await client.profile(token);
    expect(profile).toMatchObject({ id: '1', socialId: 'github$1', username: 'octocat', name: 'The Octocat', email: 'octocat@github.com' });
  });

  it('reads the form-encoded answer GitHub sends when Accept: application/json is missing', async () => {
    const manifest = structuredClone(await getManifest('github')) as ManifestInput;
    delete (manifest.token!.headers as Record<string, string>).Accept;
    const bare = new OAuthClient(parseManifestObject({ ...manifest, id: 'github-bare' }), { clientId: 'id', clientSecret: 's', redirectUri: REDIRECT });
    const { transaction } = await bare.authorize();
    githubTokenEndpoint({ access_token: 'gho_form', token_type: 'bearer', scope: 'read:user' });
    const token = await bare.callback(`?code=c&state=${transaction.state}`);
    expect(token).toMatchObject({ accessToken: 'gho_form', scope: ['read:user'] });
    expect(nock.isDone()).toBe(true);
  });

  it('reports bad_verification_code sent with HTTP 200 as a token error', async () => {
    const client = github();
    const { transaction } = await client.authorize();
    nock('https://github.com').post('/login/oauth/access_token').reply(200, {
      error: 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
      error_uri: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
    });
    await expect(client.callback(`?code=stale&state=${transaction.state}`)).rejects.toMatchObject({ code: 'TOKEN_ERROR', error: 'bad_verification_code', status: 200 });
  });

  it('has a typed client whose listUserEmails operation reaches /user/emails with the User-Agent GitHub wants', async () => {
    const client = createClient('github', { clientId: 'Iv1.abc', clientSecret: 'gh-secret' });
    expect(client.id).toBe('github');
    nock('https://api.github.com')
      .get('/user/emails')
      .query({ per_page: '100' })
      .matchHeader('user-agent', 'oauth-registry')
      .reply(200, [{ email: 'octocat@github.com', primary: true, verified: true, visibility: 'private' }]);
    const emails = await client.api.listUserEmails('gho_token', { per_page: 100 });
    expect(emails.data[0]?.email).toBe('octocat@github.com');
  });
});
