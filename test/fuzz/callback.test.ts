// Callbacks fuzzed through client.callback() directly, for OAuth 2 and OAuth 1 clients: URLs, query strings,
// URL and URLSearchParams objects and parsed records (arrays, `__proto__`, values that are not strings),
// with or without the live state, sometimes with the transaction the app kept. A sign-in completes only for
// the live state (OAuth 1: or its request token) and one code (OAuth 1: verifier); everything else is a
// callback error or the provider's refusal, on one bounded line, showing no planted secret.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Transaction } from '../../src/types.ts';
import { OAuthClient } from '../../src/client.ts';
import { oauth1Manifest } from '../oauth1/helpers.ts';
import { baseManifest, clientFor } from '../runtime/helpers.ts';
import { type AnswerTemplate } from './answers.ts';
import { checkProperty } from './budget.ts';
import { callbackInput, carried, PARAMS, REQUEST_TOKEN, SHAPE, withState } from './callback-inputs.ts';
import { fakeFetch } from './fake-fetch.ts';
import { expectTypedError, fuzzTimeout, HANG_MS, PLANTED, PLANTED_SECRETS } from './helpers.ts';
import { watchLogs } from './logs.ts';

const verifiers: string[] = [];
watchLogs(() => [REQUEST_TOKEN_SECRET, ...verifiers]);

const REDIRECT = 'https://app.example.test/callback';
const REQUEST_TOKEN_SECRET = 'PLANTED-SECRET-request-token-secret-77ad01';
const SECRETS = [...PLANTED_SECRETS, REQUEST_TOKEN_SECRET];
const form = (value: Record<string, string>): AnswerTemplate => ({ status: 200, contentType: 'application/x-www-form-urlencoded', kind: 'form', value });
/** A healthy provider: the token endpoint (OAuth 2), the temporary- and token-credentials endpoints (OAuth 1). */
const PROVIDER: Record<string, AnswerTemplate> = {
  '/token': { status: 200, contentType: 'application/json', kind: 'json', value: { access_token: PLANTED.accessToken, token_type: 'Bearer', refresh_token: PLANTED.refreshToken, expires_in: 3600 } },
  '/oauth/request_token': form({ oauth_token: REQUEST_TOKEN, oauth_token_secret: REQUEST_TOKEN_SECRET, oauth_callback_confirmed: 'true' }),
  '/oauth/access_token': form({ oauth_token: 'access-token-1', oauth_token_secret: 'access-token-secret-1' }),
};
const http = { retries: 0, timeoutMs: HANG_MS, fetch: fakeFetch((request) => PROVIDER[new URL(request.url).pathname]) };
const clients = [
  clientFor(baseManifest(), { clientSecret: PLANTED.clientSecret, http }),
  new OAuthClient(oauth1Manifest(), { clientId: 'client-key', clientSecret: PLANTED.clientSecret, redirectUri: REDIRECT, http }),
];

/** What a callback may fail with when the token endpoint is healthy: the browser's request is at fault. */
const CALLBACK_CODES = ['MISSING_STATE', 'STATE_MISMATCH', 'MISSING_CODE', 'DUPLICATE_PARAMETER', 'TRANSACTION_REPLAYED', 'TRANSACTION_EXPIRED', 'ISSUER_MISMATCH', 'CALLBACK_INVALID', 'AUTHORIZATION_DENIED'];
/** Control characters, line breaks and bidirectional overrides: a message must be one line a log cannot be tricked by. */
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

type KeptTransaction = 'none' | 'live' | 'other-state' | 'expired';
const KEPT = fc.constantFrom<KeptTransaction>('none', 'none', 'none', 'live', 'other-state', 'expired');

function kept(kind: KeptTransaction, live: Transaction): Transaction | undefined {
  if (kind === 'none') return undefined;
  if (kind === 'live') return live;
  return kind === 'other-state' ? { ...live, state: `${live.state}x` } : { ...live, expiresAt: Date.now() - 1 };
}

/** What the sign-in that completed must have been handed (as read independently of the library). */
function expectCompletable(params: URLSearchParams | undefined, live: string, oauth1: boolean): void {
  const states = params?.getAll('state') ?? [];
  expect(params?.getAll('error').filter(Boolean)).toEqual([]);
  if (!oauth1) {
    expect(states).toEqual([live]);
    expect(params?.getAll('code').length).toBe(1);
    expect(params?.get('code')).not.toBe('');
    return;
  }
  // RFC 5849 §2.2: the request token names the sign-in when the state did not come back.
  expect(states.length === 0 || (states.length === 1 && (states[0] === live || states[0] === ''))).toBe(true);
  expect(params?.getAll('oauth_token')).toEqual([REQUEST_TOKEN]);
  expect(params?.getAll('oauth_verifier').length).toBe(1);
  expect(params?.get('oauth_verifier')).not.toBe('');
  expect(params?.getAll('denied').filter(Boolean)).toEqual([]);
}

describe('callback input fuzz', () => {
  it('completes a sign-in only for the live state and one code; refuses everything else with a typed error', async () => {
    await checkProperty(
      'callback: random inputs through callback()',
      0x5eed61,
      fc.asyncProperty(fc.nat(clients.length - 1), SHAPE, PARAMS, fc.boolean(), fc.option(fc.oneof(fc.integer(), fc.object()), { nil: undefined }), KEPT, async (index, shape, params, raw, junk, keptKind) => {
        const client = clients[index]!;
        const { transaction } = await client.authorize();
        const secrets = transaction.codeVerifier ? [...SECRETS, transaction.codeVerifier] : SECRETS;
        if (transaction.codeVerifier) verifiers.push(transaction.codeVerifier);
        const input = callbackInput(shape, withState(params, transaction.state), REDIRECT, raw, junk);
        try {
          await client.callback(input as string, kept(keptKind, transaction));
        } catch (error) {
          expectTypedError(error, secrets);
          expect(CALLBACK_CODES).toContain(error.code);
          expect(error.message).not.toMatch(UNSHOWABLE);
          expect(error.message.length).toBeLessThan(600);
          return;
        }
        expectCompletable(carried(input), transaction.state, index === 1);
        expect(['none', 'live']).toContain(keptKind);
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());
});
