// Token endpoint answers fuzzed through a real client's callback(): any status, any Content-Type, bodies of
// every kind, token-shaped or not, some quoting back the request (code, client secret, verifier). Each
// outcome is a usable TokenSet or an OAuthRegistryError, within the hang bound, and neither shows a
// planted secret: not the client secret, the code or the verifier, and a TokenSet not its own tokens.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpOptions } from '../../src/http/request.ts';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import type { TokenSet } from '../../src/types.ts';
import { baseManifest, clientFor, REDIRECT } from '../runtime/helpers.ts';
import { answerTemplate, type AnswerTemplate, LEAF, objectAnswer } from './answers.ts';
import { checkProperty } from './budget.ts';
import { fakeFetch } from './fake-fetch.ts';
import { expectTypedError, fuzzTimeout, HANG_MS, PLANTED, PLANTED_SECRETS } from './helpers.ts';
import { watchLogs } from './logs.ts';
import { expectUsableToken, TOKEN_FIELDS, VISIBLE_ASCII } from './token-shapes.ts';

const verifiers: string[] = [];
watchLogs(() => verifiers);

interface Variant {
  name: string;
  manifest: Partial<ManifestInput>;
  /** Where this provider puts the token fields. */
  wrap?: (fields: Record<string, unknown>, roll: number) => unknown;
  /** The body kind this provider answers in (the manifest may force it whatever the header says). */
  kind?: AnswerTemplate['kind'];
  /** Default: a 64 KiB cap, so that huge bodies are cheap to try; 'default' keeps the library's 5 MiB. */
  bodyCap?: 'default';
}

const VARIANTS: Variant[] = [
  { name: 'plain JSON', manifest: {} },
  { name: 'forced form', manifest: { token: { response: { contentType: 'form' } } }, kind: 'form' },
  { name: 'forced XML under a root', manifest: { token: { response: { contentType: 'xml', root: 'response' } } }, kind: 'xml' },
  { name: 'forced JSONP', manifest: { token: { response: { contentType: 'jsonp' } } }, kind: 'jsonp' },
  { name: 'forced text', manifest: { token: { response: { contentType: 'text' } } }, kind: 'text' },
  {
    name: 'nested, renamed, error in a 200 body',
    manifest: { token: { response: { root: 'data', fields: { access_token: 'accessToken', expires_in: 'expires' }, defaults: { token_type: 'bearer' }, expiresInZeroMeansNever: true, error: { when: { path: 'status', notEquals: 'ok' }, code: 'status', description: 'message' } } } },
    wrap: (fields, roll) => ({ status: roll % 3 ? 'ok' : 'fail', message: fields.error_description, data: { accessToken: fields.access_token, expires: fields.expires_in, ...fields } }),
  },
  // Credentials in the query under names of the manifest's choosing: errors must not show them either.
  { name: 'GET with renamed parameters', manifest: { token: { method: 'GET', rename: { client_secret: 'app_secret', code: 'auth_code', code_verifier: 'pkce' } } } },
  { name: 'JSON request, Basic credentials', manifest: { token: { encoding: 'json', clientAuth: 'basic_and_client_id' } } },
  { name: 'token look-up after the answer', manifest: { token: { lookup: { url: 'lookup', fields: { openid: 'openid', uid: 'user.id' } } } } },
  { name: 'default body cap', manifest: {}, bodyCap: 'default' },
];

let answers: { token: AnswerTemplate; other: AnswerTemplate } | undefined;
const transport = fakeFetch((request) => (new URL(request.url).pathname === '/token' ? answers?.token : answers?.other));
const clients = VARIANTS.map((variant) => {
  const http: HttpOptions = { retries: 0, timeoutMs: HANG_MS, fetch: transport, ...(variant.bodyCap ? {} : { maxBodyBytes: 64 * 1024 }) };
  return clientFor(baseManifest(variant.manifest), { clientSecret: PLANTED.clientSecret, http });
});

const LOOKUP_ANSWER = objectAnswer(fc.record({ openid: LEAF, user: fc.record({ id: LEAF }, { requiredKeys: [] }) }, { requiredKeys: [] }));

describe('token endpoint fuzz', () => {
  it('turns every answer into a TokenSet or a typed error that shows no secret', async () => {
    await checkProperty(
      'token endpoint: answers through callback()',
      0x5eed21,
      fc.asyncProperty(fc.nat(VARIANTS.length - 1), answerTemplate(objectAnswer(TOKEN_FIELDS)), answerTemplate(LOOKUP_ANSWER), fc.nat(99), async (index, token, other, roll) => {
        const variant = VARIANTS[index]!;
        const client = clients[index]!;
        const value = variant.wrap && isRecord(token.value) ? variant.wrap(token.value, roll) : token.value;
        answers = { token: { ...token, value, kind: variant.kind && roll < 70 ? variant.kind : token.kind }, other };
        const { transaction } = await client.authorize();
        verifiers.push(transaction.codeVerifier!);
        const secrets = [...PLANTED_SECRETS, transaction.codeVerifier!];
        let result: TokenSet;
        try {
          result = await client.callback(`${REDIRECT}?code=${PLANTED.code}&state=${transaction.state}`);
        } catch (error) {
          expectTypedError(error, secrets);
          return;
        }
        expectUsableToken(result);
        expect(result.accessToken).toMatch(VISIBLE_ASCII);
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
