// A refusal at an OAuth 1 provider may come back as `denied=`, or as an OAuth 2 style `error=access_denied`,
// with or without our state. It is reported as AUTHORIZATION_DENIED: after the state is verified when there
// is one, and without consuming anything when nothing ties it to a sign-in.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import { parseAuthorizationCallback } from '../../src/oauth1/authorization.ts';
import { CLIENT, PROVIDER, oauth1Manifest } from './helpers.ts';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const REDIRECT = 'https://app.example.test/callback';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function client(): OAuthClient {
  return new OAuthClient(oauth1Manifest(), { ...CLIENT, redirectUri: REDIRECT, http: { retries: 0 } });
}

let tokens = 0;
async function startSignIn(oauth1: OAuthClient) {
  const requestToken = `req-token-${++tokens}`;
  nock(PROVIDER).post('/oauth/request_token').reply(200, `oauth_token=${requestToken}&oauth_token_secret=s&oauth_callback_confirmed=true`, FORM);
  const { transaction } = await oauth1.authorize();
  return { state: transaction.state, requestToken };
}

async function completes(oauth1: OAuthClient, callback: string) {
  nock(PROVIDER).post('/oauth/access_token').reply(200, 'oauth_token=at&oauth_token_secret=ats', FORM);
  await expect(oauth1.callback(callback)).resolves.toMatchObject({ accessToken: 'at' });
}

describe('an OAuth 1 refusal at the callback', () => {
  it('parseAuthorizationCallback reads error= as AUTHORIZATION_DENIED, with the description', () => {
    expect(() => parseAuthorizationCallback(oauth1Manifest(), { oauth_token: 'req-token', error: 'access_denied', error_description: 'User said no' }, { requestToken: 'req-token' })).toThrow(
      expect.objectContaining({ name: 'ProviderError', code: 'AUTHORIZATION_DENIED', error: 'access_denied', errorDescription: 'User said no' }),
    );
  });

  it('with our state: AUTHORIZATION_DENIED after the state is verified, and the transaction is used up', async () => {
    const oauth1 = client();
    const { state } = await startSignIn(oauth1);
    await expect(oauth1.callback(`?error=access_denied&state=forged`)).rejects.toMatchObject({ code: 'STATE_MISMATCH' });
    await expect(oauth1.callback(`?error=access_denied&error_description=User+said+no&state=${state}`)).rejects.toMatchObject({
      name: 'ProviderError',
      code: 'AUTHORIZATION_DENIED',
      errorDescription: 'User said no',
    });
    await expect(oauth1.callback(`?error=access_denied&state=${state}`)).rejects.toMatchObject({ code: 'TRANSACTION_REPLAYED' });
  });

  it.each(['oauth_token', 'denied'])('with the request token as %s but no state: found through it, AUTHORIZATION_DENIED', async (name) => {
    const oauth1 = client();
    const { state, requestToken } = await startSignIn(oauth1);
    await expect(oauth1.callback(`?${name}=${requestToken}${name === 'denied' ? '' : '&error=access_denied'}`)).rejects.toMatchObject({ code: 'AUTHORIZATION_DENIED' });
    await expect(oauth1.callback(`?oauth_token=${requestToken}&oauth_verifier=v&state=${state}`)).rejects.toMatchObject({ code: 'TRANSACTION_REPLAYED' });
  });

  it.each(['?error=access_denied', '?error=access_denied&oauth_token=unknown', '?denied=unknown'])(
    'with nothing that names a sign-in (%s): AUTHORIZATION_DENIED, and nothing is consumed',
    async (callback) => {
      const oauth1 = client();
      const { state, requestToken } = await startSignIn(oauth1);
      await expect(oauth1.callback(callback)).rejects.toMatchObject({ name: 'ProviderError', code: 'AUTHORIZATION_DENIED', error: 'access_denied' });
      await completes(oauth1, `?oauth_token=${requestToken}&oauth_verifier=v&state=${state}`);
    },
  );

  it('without state, repeats only a code-shaped error and no description (anyone can send a browser there)', async () => {
    const error = (await client()
      .callback(`?error=${encodeURIComponent('Call +1 555 0100 now')}&error_description=Your+account+is+locked`)
      .catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ code: 'AUTHORIZATION_DENIED', error: 'unrecognised_error', errorDescription: undefined });
    expect(error.message).not.toMatch(/555|locked/);
  });

  it('without state or error, is still MISSING_STATE', async () => {
    await expect(client().callback('?oauth_verifier=v')).rejects.toMatchObject({ code: 'MISSING_STATE' });
  });
});
