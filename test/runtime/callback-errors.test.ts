// Forged, replayed, expired and incomplete callbacks, provider errors and garbage answers each get their own
// typed error, and no message or inspect output carries a secret, code or token.
import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { OAuthRegistryError, type ProviderError } from '../../src/errors.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { TokenSet } from '../../src/types.ts';
import { baseManifest, clientFor, CLIENT, ORIGIN, REDIRECT, signIn, tokenReply, useNock } from './helpers.ts';

useNock();

const SECRETS = [CLIENT.clientSecret, 'auth-code-1', 'at-secret-token', 'rt-secret-token'];

async function failure(promise: Promise<unknown>): Promise<OAuthRegistryError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OAuthRegistryError);
  const text = `${(error as Error).message} ${inspect(error)}`;
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  return error as OAuthRegistryError;
}

describe('callback validation', () => {
  it('rejects a state that matches no transaction', async () => {
    const client = clientFor(baseManifest());
    await signIn(client);
    expect((await failure(client.callback(`${REDIRECT}?code=auth-code-1&state=forged`))).code).toBe('STATE_MISMATCH');
  });

  it('rejects a callback whose state differs from the transaction the app kept', async () => {
    const client = clientFor(baseManifest());
    const first = await signIn(client);
    const second = await signIn(client);
    expect((await failure(client.callback(second.callback, first.transaction))).code).toBe('STATE_MISMATCH');
  });

  it('rejects a callback without state, and one without code', async () => {
    const client = clientFor(baseManifest());
    const { transaction } = await signIn(client);
    expect((await failure(client.callback('?code=auth-code-1'))).code).toBe('MISSING_STATE');
    expect((await failure(client.callback(`?state=${transaction.state}`))).code).toBe('MISSING_CODE');
  });

  it('accepts a transaction once: a replay is rejected before any token request', async () => {
    const client = clientFor(baseManifest());
    const { callback, transaction } = await signIn(client);
    nock(ORIGIN).post('/token').once().reply(200, tokenReply());
    await client.callback(callback, transaction);
    expect((await failure(client.callback(callback, transaction))).code).toBe('TRANSACTION_REPLAYED');
    expect((await failure(client.callback(callback))).code).toBe('TRANSACTION_REPLAYED');
  });

  it('hands back the consumed transaction with its appState', async () => {
    const client = clientFor(baseManifest());
    const { transaction } = await client.authorize({ appState: { next: '/settings' } });
    nock(ORIGIN).post('/token').reply(200, tokenReply());
    const done = await client.completeCallback(`?code=c&state=${transaction.state}`);
    expect(done.transaction.appState).toEqual({ next: '/settings' });
    expect(done.token.accessToken).toBe('at-1');
  });

  it('rejects an expired transaction', async () => {
    const client = clientFor(baseManifest(), { transactionTtlMs: 1 });
    const { callback, transaction } = await signIn(client);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await failure(client.callback(callback, transaction))).code).toBe('TRANSACTION_EXPIRED');
  });

  it("refuses a state issued by another provider's client sharing the store, and uses it up", async () => {
    const store = new MemoryStore();
    const issuing = clientFor(baseManifest(), { transactionStore: store });
    const other = clientFor(baseManifest({ id: 'other-example', name: 'Other' }), { transactionStore: store });
    const { callback, transaction } = await signIn(issuing);
    // No token endpoint answers: a client that got past the state check would fail with NETWORK_ERROR instead.
    const error = await failure(other.callback(callback));
    expect(error).toMatchObject({ code: 'STATE_MISMATCH', message: 'the transaction belongs to example, not other-example' });
    // Once presented in the wrong place the state may have leaked: it is not usable at its own callback either.
    expect((await failure(issuing.callback(callback, transaction))).code).toBe('TRANSACTION_REPLAYED');
  });

  it('keeps parallel sign-ins apart (several tabs)', async () => {
    const store = new MemoryStore();
    const client = clientFor(baseManifest(), { transactionStore: store });
    const tabs = await Promise.all([signIn(client, 'code-a'), signIn(client, 'code-b'), signIn(client, 'code-c')]);
    nock(ORIGIN)
      .post('/token')
      .times(3)
      .reply(200, (_uri, body) => tokenReply({ access_token: `at-for-${new URLSearchParams(body as string).get('code')}` }));
    const tokens = await Promise.all(tabs.reverse().map((tab) => client.callback(tab.callback)));
    expect(tokens.map((t) => t.accessToken)).toEqual(['at-for-code-c', 'at-for-code-b', 'at-for-code-a']);
  });

  it('turns error=access_denied into AUTHORIZATION_DENIED with the provider’s words', async () => {
    const client = clientFor(baseManifest());
    const { transaction } = await signIn(client);
    const error = await failure(client.callback(`?error=access_denied&error_description=User+said+no&state=${transaction.state}`));
    expect(error).toMatchObject({ code: 'AUTHORIZATION_DENIED', error: 'access_denied', errorDescription: 'User said no' });
  });

  it('shows at most 200 characters of provider text, on one line, in the message, the fields and inspect', async () => {
    const client = clientFor(baseManifest());
    const { transaction } = await signIn(client);
    const description = `first\nsecond\u001b[31m\u2066${'d'.repeat(1_000_000)}`;
    const error = (await failure(client.callback({ state: transaction.state, error: `e\r\n${'e'.repeat(500)}`, error_description: description }))) as ProviderError;
    expect(error.errorDescription).toBe(`first second [31m ${'d'.repeat(200 - 'first second [31m '.length)}…`);
    expect(error.error).toHaveLength(201);
    expect(error.message.length).toBeLessThan(500);
    expect(error.message).not.toMatch(/[\u0000-\u001f\u2066]/);
    expect(inspect(error).length).toBeLessThan(3000);
  });
});

describe('token endpoint failures', () => {
  it('reports an HTML error page as UNEXPECTED_RESPONSE without quoting it', async () => {
    const client = clientFor(baseManifest());
    const { callback } = await signIn(client);
    nock(ORIGIN).post('/token').reply(502, `<html><body>Bad gateway ${CLIENT.clientSecret}</body></html>`, { 'content-type': 'text/html' });
    const error = await failure(client.callback(callback));
    expect(error.code).toBe('UNEXPECTED_RESPONSE');
    expect(error.message).toMatch(/HTTP 502 with an HTML page/);
  });

  it('reports garbage labelled JSON as UNEXPECTED_RESPONSE', async () => {
    const client = clientFor(baseManifest());
    const { callback } = await signIn(client);
    nock(ORIGIN).post('/token').reply(200, '{"access_token": at-secret-token', { 'content-type': 'application/json' });
    expect((await failure(client.callback(callback))).code).toBe('UNEXPECTED_RESPONSE');
  });

  it('reports a bad code as TOKEN_ERROR carrying error and error_description', async () => {
    const client = clientFor(baseManifest());
    const { callback } = await signIn(client);
    nock(ORIGIN).post('/token').reply(400, { error: 'invalid_grant', error_description: 'code expired' });
    expect(await failure(client.callback(callback))).toMatchObject({ code: 'TOKEN_ERROR', error: 'invalid_grant', status: 400 });
  });

  it('exchanges a code holding a lone surrogate (a parsed query can), and keeps it out of the error the provider quotes it in', async () => {
    const client = clientFor(baseManifest());
    const code = 'auth-\ud800-code-1';
    const { transaction } = await client.authorize();
    nock(ORIGIN).post('/token').reply(200, tokenReply());
    expect((await client.callback({ state: transaction.state, code })).accessToken).toBe('at-1');

    const second = await client.authorize();
    // The provider quotes the code as it arrived: the wire carries a lone surrogate as U+FFFD.
    nock(ORIGIN)
      .post('/token')
      .reply((_, body) => [400, { error: 'invalid_grant', error_description: `code ${new URLSearchParams(String(body)).get('code')} is not valid` }]);
    const error = await failure(client.callback({ state: second.transaction.state, code }));
    expect(error).toMatchObject({ code: 'TOKEN_ERROR', errorDescription: 'code [redacted] is not valid' });
  });

  it('refuses an answer without access_token', async () => {
    const client = clientFor(baseManifest());
    const { callback } = await signIn(client);
    nock(ORIGIN).post('/token').reply(200, { token_type: 'bearer' });
    expect((await failure(client.callback(callback))).code).toBe('UNEXPECTED_RESPONSE');
  });
});

describe('secrets stay out of output', () => {
  it('redacts tokens in util.inspect but keeps them in toJSON for storage', () => {
    const token = new TokenSet({ accessToken: 'at-secret-token', refreshToken: 'rt-secret-token', tokenType: 'Bearer', raw: { access_token: 'at-secret-token' } });
    const shown = inspect(token, { depth: 5 });
    for (const secret of SECRETS) expect(shown).not.toContain(secret);
    expect(shown).toContain('[redacted]');
    expect(JSON.parse(JSON.stringify(token)).accessToken).toBe('at-secret-token');
  });

  it('never shows the client secret when the client is inspected', () => {
    const client = clientFor(baseManifest());
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(CLIENT.clientSecret);
  });

  it('names the missing environment variable when no credentials are given', () => {
    delete process.env.EXAMPLE_CLIENT_ID;
    expect(() => clientFor(baseManifest(), { clientId: undefined })).toThrow(/EXAMPLE_CLIENT_ID/);
    process.env.EXAMPLE_CLIENT_ID = 'from-env';
    try {
      expect(clientFor(baseManifest(), { clientId: undefined }).id).toBe('example');
    } finally {
      delete process.env.EXAMPLE_CLIENT_ID;
    }
  });

  it('warns once, through process warnings, when a manifest is deprecated', () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      clientFor(baseManifest({ id: 'old-example', status: 'deprecated' }));
      clientFor(baseManifest({ id: 'old-example', status: 'deprecated' }));
      clientFor(baseManifest({ id: 'current-example' }));
      expect(emit).toHaveBeenCalledTimes(1);
      expect(String(emit.mock.calls[0]![0])).toContain('old-example manifest is deprecated');
    } finally {
      emit.mockRestore();
    }
  });

  it('refuses plain-http endpoint overrides outside loopback', () => {
    expect(() => clientFor(baseManifest(), { endpoints: { token: 'http://evil.example/token' } })).toThrow(expect.objectContaining({ code: 'INSECURE_ENDPOINT' }));
    expect(clientFor(baseManifest(), { endpoints: { token: 'http://127.0.0.1:4000/token' } }).id).toBe('example');
  });
});
