// Token endpoint answers over a real socket on 127.0.0.1: any status from 100 to 599, interim answers,
// lying or missing lengths, broken chunking, connections cut mid-body or never answered. The client's
// deadline bounds each exchange; every failure is typed and names no secret, even when the token request
// carried the credentials in its URL.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthClient } from '../../src/client.ts';
import type { TokenSet } from '../../src/types.ts';
import { baseManifest, clientFor, REDIRECT } from '../runtime/helpers.ts';
import { answerTemplate, objectAnswer } from './answers.ts';
import { checkProperty } from './budget.ts';
import { expectTypedError, fuzzTimeout, HANG_MS, PLANTED, PLANTED_SECRETS } from './helpers.ts';
import { watchLogs } from './logs.ts';
import { expectUsableToken, TOKEN_FIELDS, VISIBLE_ASCII } from './token-shapes.ts';
import { serveWire, wireAnswer, type WireServer } from './wire.ts';

const verifiers: string[] = [];
watchLogs(() => verifiers);

/** Short, so that the few answers that never come cost little; still far above a loopback round trip. */
const DEADLINE_MS = 150;

let server: WireServer;
let clients: OAuthClient[];
beforeAll(async () => {
  server = await serveWire();
  const options = { clientSecret: PLANTED.clientSecret, endpoints: { token: `${server.origin}/token` }, http: { retries: 0, timeoutMs: DEADLINE_MS, maxBodyBytes: 64 * 1024 } };
  clients = [
    clientFor(baseManifest(), options),
    clientFor(baseManifest({ token: { method: 'GET', rename: { client_secret: 'app_secret', code: 'auth_code', code_verifier: 'pkce' } } }), options),
  ];
});
afterAll(() => server.close());

const STATUS_100_599 = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(100, 101, 103, 200, 204, 304, 400, 500) }, { weight: 3, arbitrary: fc.integer({ min: 100, max: 599 }) });

describe('token endpoint over the wire fuzz', () => {
  it('turns every raw answer into a TokenSet or a typed error that shows no secret', async () => {
    await checkProperty(
      'token endpoint: raw answers over loopback HTTP',
      0x5eed22,
      fc.asyncProperty(fc.nat(1), wireAnswer(answerTemplate(objectAnswer(TOKEN_FIELDS), STATUS_100_599)), async (index, wire) => {
        const client = clients[index]!;
        server.answer = wire;
        const { transaction } = await client.authorize();
        verifiers.push(transaction.codeVerifier!);
        let result: TokenSet;
        try {
          result = await client.callback(`${REDIRECT}?code=${PLANTED.code}&state=${transaction.state}`);
        } catch (error) {
          expectTypedError(error, [...PLANTED_SECRETS, transaction.codeVerifier!]);
          return;
        }
        expectUsableToken(result);
        expect(result.accessToken).toMatch(VISIBLE_ASCII);
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());
});
