// OAuth 1.0a credentials answers (RFC 5849 §2.1 temporary credentials, §2.3 token credentials) fuzzed
// through a real OAuth 1 client: authorize() meets the request-token answer, callback() the access-token
// answer. Bodies of every kind, problem reports (oauth_problem, OAuth 2 style error), some quoting back the
// signed request. Each outcome is an authorization URL or a TokenSet, or a typed error that shows neither
// the client secret, the request-token secret nor the verifier (PLAINTEXT signatures carry the secrets).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import type { TokenSet } from '../../src/types.ts';
import { oauth1Manifest } from '../oauth1/helpers.ts';
import { answerTemplate, type AnswerTemplate, type BodyKind, ECHO, LEAF, objectAnswer } from './answers.ts';
import { checkProperty } from './budget.ts';
import { fakeFetch } from './fake-fetch.ts';
import { expectTypedError, fuzzTimeout, HANG_MS, PLANTED, PLANTED_SECRETS } from './helpers.ts';
import { watchLogs } from './logs.ts';
import { expectUsableToken } from './token-shapes.ts';

const REQUEST_TOKEN = 'request-token-4f1c';
const REQUEST_TOKEN_SECRET = 'PLANTED-SECRET-request-token-secret-77ad01';
const VERIFIER = 'PLANTED-SECRET-verifier-0b93e6';
const SECRETS = [...PLANTED_SECRETS, REQUEST_TOKEN_SECRET, VERIFIER];
watchLogs(() => SECRETS);

const REDIRECT = 'https://app.example.test/callback';
const VALID_TEMPORARY: AnswerTemplate = {
  status: 200,
  contentType: 'application/x-www-form-urlencoded',
  kind: 'form',
  value: { oauth_token: REQUEST_TOKEN, oauth_token_secret: REQUEST_TOKEN_SECRET, oauth_callback_confirmed: 'true' },
};

let answers: { requestToken: AnswerTemplate; accessToken?: AnswerTemplate } = { requestToken: VALID_TEMPORARY };
const transport = fakeFetch((request) => (new URL(request.url).pathname === '/oauth/request_token' ? answers.requestToken : answers.accessToken));
const clients = [
  oauth1Manifest(),
  oauth1Manifest({ signatureMethod: 'PLAINTEXT', requestTokenMethod: 'GET', accessTokenMethod: 'GET' }),
  oauth1Manifest({ signatureMethod: 'HMAC-SHA256', callbackConfirmed: 'strict', scopeParam: 'scope', requestTokenParams: { x_auth_access_type: 'read' } }, { authorization: { scope: { default: ['read'] } } }),
  oauth1Manifest({ callbackConfirmed: false, verifier: 'none' }),
].map((manifest) => new OAuthClient(manifest, { clientId: 'client-key', clientSecret: PLANTED.clientSecret, redirectUri: REDIRECT, http: { retries: 0, timeoutMs: HANG_MS, maxBodyBytes: 64 * 1024, fetch: transport } }));

const ECHOED = fc.constantFrom(...Object.values(ECHO)).map((marker) => `signature invalid for ${marker}`);
const CREDENTIALS = objectAnswer(
  fc.oneof(
    fc.record(
      { oauth_token: fc.oneof(fc.constant(REQUEST_TOKEN), LEAF), oauth_token_secret: LEAF, oauth_callback_confirmed: fc.oneof(fc.constantFrom('true', 'True', 'false'), LEAF), user_id: LEAF },
      { requiredKeys: [] },
    ),
    // Problem reports, often quoting the signed request back (OAuth Problem Reporting, or OAuth 2 style).
    fc.record({ oauth_problem: fc.oneof(fc.constantFrom('signature_invalid', 'token_rejected', 'nonce_used'), LEAF, ECHOED), oauth_problem_advice: ECHOED }, { requiredKeys: ['oauth_problem'] }),
    fc.record({ error: fc.oneof(fc.constantFrom('invalid_request', 'invalid_token'), LEAF, ECHOED), error_description: fc.oneof(ECHOED, LEAF) }, { requiredKeys: ['error'] }),
  ),
);
const KINDS: BodyKind[] = ['form', 'form', 'form', 'json', 'text', 'html', 'xml', 'raw'];
const ANSWER = answerTemplate(CREDENTIALS, undefined, KINDS);

describe('OAuth 1 credentials answers fuzz', () => {
  it('turns every temporary-credentials answer into an authorization URL or a typed error', async () => {
    await checkProperty(
      'OAuth 1: temporary-credentials answers through authorize()',
      0x5eed41,
      fc.asyncProperty(fc.nat(clients.length - 1), ANSWER, async (index, answer) => {
        answers = { requestToken: answer };
        let url: string;
        try {
          url = (await clients[index]!.authorize()).url;
        } catch (error) {
          expectTypedError(error, SECRETS);
          return;
        }
        for (const secret of SECRETS) expect(url).not.toContain(secret);
        expect(new URL(url).origin).toBe('https://api.example.test');
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());

  it('turns every token-credentials answer into a TokenSet or a typed error', async () => {
    await checkProperty(
      'OAuth 1: token-credentials answers through callback()',
      0x5eed42,
      fc.asyncProperty(fc.nat(clients.length - 1), ANSWER, async (index, answer) => {
        const client = clients[index]!;
        answers = { requestToken: VALID_TEMPORARY, accessToken: answer };
        const { transaction } = await client.authorize();
        let token: TokenSet;
        try {
          token = await client.callback({ state: transaction.state, oauth_token: REQUEST_TOKEN, oauth_verifier: VERIFIER });
        } catch (error) {
          expectTypedError(error, SECRETS);
          return;
        }
        expectUsableToken(token);
        expect(typeof token.tokenSecret).toBe('string');
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());
});
