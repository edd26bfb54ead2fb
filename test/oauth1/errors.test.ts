import { inspect } from 'node:util';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exchangeForAccessToken } from '../../src/oauth1/access-token.ts';
import { parseAuthorizationCallback } from '../../src/oauth1/authorization.ts';
import { requestTemporaryCredentials } from '../../src/oauth1/temporary-credentials.ts';
import { PROVIDER, oauth1Context, oauth1Manifest } from './helpers.ts';

const manifest = oauth1Manifest();
const transaction = { requestToken: 'req-token' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('OAuth 1 callback checks (RFC 5849 §2.2)', () => {
  it('rejects an oauth_token that is not the transaction request token, or none at all', () => {
    expect(() => parseAuthorizationCallback(manifest, { oauth_token: 'forged', oauth_verifier: 'v' }, transaction)).toThrow(
      expect.objectContaining({ name: 'CallbackError', code: 'STATE_MISMATCH' }),
    );
    expect(() => parseAuthorizationCallback(manifest, { oauth_token: 'req-token', oauth_verifier: 'v' }, {})).toThrow(expect.objectContaining({ code: 'STATE_MISMATCH' }));
    expect(() => parseAuthorizationCallback(manifest, { oauth_verifier: 'v' }, transaction)).toThrow(expect.objectContaining({ code: 'MISSING_STATE' }));
  });

  it('refuses an oauth_verifier holding a lone surrogate, which cannot be signed (RFC 5849 §3.6)', () => {
    // A parsed query (a framework's req.query) can hold one; signing it would throw a URIError.
    for (const verifier of ['\ud800', 'ver\udc00ifier']) {
      expect(() => parseAuthorizationCallback(manifest, { oauth_token: 'req-token', oauth_verifier: verifier }, transaction)).toThrow(
        expect.objectContaining({ name: 'CallbackError', code: 'CALLBACK_INVALID' }),
      );
    }
    expect(parseAuthorizationCallback(manifest, { oauth_token: 'req-token', oauth_verifier: 'v\u{1F600}' }, transaction).verifier).toBe('v\u{1F600}');
  });

  it('requires oauth_verifier unless the manifest says none', () => {
    expect(() => parseAuthorizationCallback(manifest, new URLSearchParams('oauth_token=req-token'), transaction)).toThrow(
      expect.objectContaining({ name: 'CallbackError', code: 'MISSING_CODE' }),
    );
  });

  it('turns denied= into AUTHORIZATION_DENIED without quoting the token', () => {
    let thrown: unknown;
    try {
      parseAuthorizationCallback(manifest, { denied: 'req-token' }, transaction);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'ProviderError', code: 'AUTHORIZATION_DENIED' });
    expect((thrown as Error).message).not.toContain('req-token');
  });
});

describe('OAuth 1 endpoint answers', () => {
  const ask = () => requestTemporaryCredentials(oauth1Context(manifest), { callbackUri: 'http://127.0.0.1:3000/cb' });

  async function failure(promise: Promise<unknown>): Promise<Error & { code: string; status?: number; error?: string }> {
    const error = await promise.then(
      () => expect.unreachable('expected a rejection'),
      (e: unknown) => e,
    );
    return error as Error & { code: string };
  }

  it('refuses an HTML page even when it carries token-like text, without quoting it', async () => {
    nock(PROVIDER).post('/oauth/request_token').reply(200, '<html><body>oauth_token=leaked&oauth_token_secret=leaked</body></html>', { 'Content-Type': 'text/html' });
    const error = await failure(ask());
    expect(error).toMatchObject({ name: 'ResponseError', code: 'UNEXPECTED_RESPONSE', status: 200 });
    expect(error.message).toContain('HTML');
    expect(error.message).not.toContain('leaked');
  });

  it('refuses JSON, garbage and an empty body', async () => {
    nock(PROVIDER).post('/oauth/request_token').reply(200, '{"token":"x"}', { 'Content-Type': 'application/json' });
    expect((await failure(ask())).message).toContain('JSON');
    nock(PROVIDER).post('/oauth/request_token').reply(200, 'Something went wrong, try again', { 'Content-Type': 'text/plain' });
    expect((await failure(ask())).message).toContain('unreadable');
    nock(PROVIDER).post('/oauth/request_token').reply(200, '');
    expect((await failure(ask())).message).toContain('empty');
  });

  it('reports oauth_problem as OAUTH1_ERROR and does not echo a problem value that is not a code', async () => {
    nock(PROVIDER).post('/oauth/access_token').reply(401, 'oauth_problem=token_rejected&oauth_problem_advice=secret+advice', { 'Content-Type': 'text/plain' });
    const exchange = () => exchangeForAccessToken(oauth1Context(manifest), { requestToken: 'req-token', requestTokenSecret: 's', verifier: 'v' });
    const rejected = await failure(exchange());
    expect(rejected).toMatchObject({ name: 'ProviderError', code: 'OAUTH1_ERROR', error: 'token_rejected', status: 401 });
    expect(rejected.message).not.toContain('advice');

    nock(PROVIDER).post('/oauth/access_token').reply(400, 'oauth_problem=bad%20token%20req-token', { 'Content-Type': 'text/plain' });
    const odd = await failure(exchange());
    expect(odd).toMatchObject({ code: 'OAUTH1_ERROR', error: 'unrecognised_problem' });
    expect(odd.message).not.toContain('req-token');
  });

  it('reports an error/error_description body as OAUTH1_ERROR, whatever the status', async () => {
    const exchange = () => exchangeForAccessToken(oauth1Context(manifest), { requestToken: 'req-token', requestTokenSecret: 's', verifier: 'v' });
    nock(PROVIDER).post('/oauth/access_token').reply(401, 'error=invalid_verifier&error_description=The+verifier+has+expired', { 'Content-Type': 'application/x-www-form-urlencoded' });
    const rejected = await failure(exchange());
    expect(rejected).toMatchObject({ name: 'ProviderError', code: 'OAUTH1_ERROR', error: 'invalid_verifier', errorDescription: 'The verifier has expired', status: 401 });
    expect(rejected.message).toContain('"invalid_verifier": The verifier has expired');

    nock(PROVIDER).post('/oauth/request_token').reply(200, 'error=temporarily_unavailable', { 'Content-Type': 'text/plain' });
    expect(await failure(ask())).toMatchObject({ code: 'OAUTH1_ERROR', error: 'temporarily_unavailable', status: 200 });

    nock(PROVIDER).post('/oauth/access_token').reply(400, 'error=bad%20token%20req-token');
    const odd = await failure(exchange());
    expect(odd).toMatchObject({ code: 'OAUTH1_ERROR', error: 'unrecognised_problem' });
    expect(odd.message).not.toContain('req-token');
  });

  it('keeps the secrets the request carried out of a problem report that quotes them', async () => {
    // PLAINTEXT signs with the client and token secrets in clear: a provider quoting the Authorization header quotes them.
    const plaintext = oauth1Context(oauth1Manifest({ signatureMethod: 'PLAINTEXT' }));
    nock(PROVIDER)
      .post('/oauth/access_token')
      .reply(function () {
        return [401, new URLSearchParams({ error: 'invalid_request', error_description: `bad ${this.req.headers.authorization}` }).toString()];
      });
    const quoted = await failure(exchangeForAccessToken(plaintext, { requestToken: 'req-token', requestTokenSecret: 'req-token-secret', verifier: 'v' }));
    expect(quoted).toMatchObject({ code: 'OAUTH1_ERROR', error: 'invalid_request' });
    expect(quoted.message).toContain('[redacted]');

    nock(PROVIDER).post('/oauth/request_token').reply(401, 'oauth_problem=client-secret&error=x', { 'Content-Type': 'text/plain' });
    const named = await failure(ask());
    nock(PROVIDER).post('/oauth/access_token').reply(401, 'error=invalid_verifier&error_description=verifier+verifier-5d2a+was+used', { 'Content-Type': 'text/plain' });
    const verifier = await failure(exchangeForAccessToken(oauth1Context(manifest), { requestToken: 'req-token', requestTokenSecret: 's', verifier: 'verifier-5d2a' }));
    for (const error of [quoted, named, verifier]) {
      const shown = `${error.message}\n${error.stack}\n${inspect(error, { depth: 8 })}`;
      for (const secret of ['client-secret', 'req-token-secret', 'verifier-5d2a']) expect(shown).not.toContain(secret);
    }
  });

  it('reports a non-2xx answer without a problem report, and a 200 without oauth_token_secret', async () => {
    nock(PROVIDER).post('/oauth/request_token').reply(401, '<?xml version="1.0"?><errors><error code="32">Could not authenticate you.</error></errors>');
    const http = await failure(ask());
    expect(http).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 401 });
    expect(http.message).not.toContain('authenticate');

    nock(PROVIDER).post('/oauth/request_token').reply(200, 'oauth_token=only-the-token&oauth_callback_confirmed=true');
    const partial = await failure(ask());
    expect(partial).toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
    expect(partial.message).toContain('oauth_token_secret');
    expect(partial.message).not.toContain('only-the-token');
  });
});
