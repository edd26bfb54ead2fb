// The answers of the newer endpoints fuzzed through a real client: the device authorization endpoint
// (RFC 8628 §3.2), one poll of the token endpoint (§3.5, the next poll is denied so the loop ends), and the
// pushed authorization endpoint (RFC 9126 §2.2), and a token endpoint that takes DPoP proofs (RFC 9449 §8, whose
// errors the client reads itself). Each outcome is a usable value or an OAuthRegistryError,
// and neither shows a planted secret: the client secret, the device code, or what the request carried.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { DeviceAuthorization } from '../../src/oauth2/device.ts';
import { TokenSet } from '../../src/types.ts';
import { baseManifest, clientFor, ORIGIN, REDIRECT } from '../runtime/helpers.ts';
import { answerTemplate, type AnswerTemplate, ECHO, LEAF, objectAnswer } from './answers.ts';
import { checkProperty } from './budget.ts';
import { fakeFetch } from './fake-fetch.ts';
import { expectTypedError, fuzzTimeout, HANG_MS, PLANTED, PLANTED_SECRETS } from './helpers.ts';
import { watchLogs } from './logs.ts';
import { expectUsableToken, TOKEN_FIELDS } from './token-shapes.ts';

const DEVICE_CODE = 'PLANTED-SECRET-device-code-77c1d0';
watchLogs(() => [DEVICE_CODE]);

/** Near-valid device answers: a field may be missing, mistyped, hostile, or echo the request. */
const NEAR_URL = fc.constantFrom('https://id.example.test/device', 'http://id.example.test/device', 'javascript:alert(1)', '/device', 'https://');
const DEVICE_FIELDS = fc.record(
  {
    device_code: fc.oneof(fc.constant(DEVICE_CODE), LEAF),
    user_code: fc.oneof(fc.constant('WDJB-MJHT'), LEAF),
    verification_uri: fc.oneof(NEAR_URL, LEAF),
    verification_url: fc.oneof(NEAR_URL, LEAF),
    verification_uri_complete: fc.oneof(NEAR_URL.map((url) => `${url}?user_code=WDJB-MJHT`), LEAF),
    expires_in: fc.oneof(fc.constantFrom(1800, 0, -5, 1e21), LEAF),
    interval: fc.oneof(fc.constantFrom(5, 0, -1, 1e21), LEAF),
    error: LEAF,
    error_description: fc.constantFrom(...Object.values(ECHO)).map((marker) => `refused ${marker}`),
  },
  { requiredKeys: [] },
);
const PAR_FIELDS = fc.record(
  {
    request_uri: fc.oneof(fc.constant('urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c'), LEAF),
    expires_in: fc.oneof(fc.constantFrom(60, 0, -1, 1e21), LEAF),
    error: LEAF,
    error_description: fc.constantFrom(...Object.values(ECHO)).map((marker) => `refused ${marker}`),
  },
  { requiredKeys: [] },
);

const DEVICE_MANIFEST: Partial<ManifestInput> = {
  grants: ['authorization_code', 'refresh_token', 'device_code'],
  endpoints: { authorize: `${ORIGIN}/authorize`, token: `${ORIGIN}/token`, deviceAuthorization: `${ORIGIN}/device/code` },
};
const PAR_MANIFEST: Partial<ManifestInput> = {
  authorization: { par: 'required' },
  endpoints: { authorize: `${ORIGIN}/authorize`, token: `${ORIGIN}/token`, pushedAuthorization: `${ORIGIN}/par` },
};

let answer: AnswerTemplate | undefined;
let polls = 0;
const DENIED: AnswerTemplate = { status: 400, contentType: 'application/json', kind: 'json', value: { error: 'access_denied' } };
const transport = fakeFetch((request) => {
  if (new URL(request.url).pathname !== '/token') return answer;
  polls += 1;
  return polls === 1 ? answer : DENIED;
});
const http = { retries: 0, timeoutMs: HANG_MS, fetch: transport, maxBodyBytes: 64 * 1024 };
const deviceClient = clientFor(baseManifest(DEVICE_MANIFEST), { clientSecret: PLANTED.clientSecret, http });
const parClient = clientFor(baseManifest(PAR_MANIFEST), { clientSecret: PLANTED.clientSecret, http });
let nonce: string | undefined;
let challenge: string | undefined;
/** The answer, with this run's DPoP-Nonce (RFC 9449 §8) and WWW-Authenticate challenge (§7.1) when there are. */
const withNonce: typeof fetch = async (input, init) => {
  const response = await transport(input, init);
  if ((nonce === undefined && challenge === undefined) || response.status === 101) return response;
  const headers = new Headers(response.headers);
  try {
    if (nonce !== undefined) headers.set('dpop-nonce', nonce);
    if (challenge !== undefined) headers.set('www-authenticate', challenge);
  } catch {
    // A value no header may hold (a line break): the server could not have sent it.
  }
  return new Response(response.body, { status: response.status, headers });
};
const dpopClient = clientFor(baseManifest(), { clientSecret: PLANTED.clientSecret, http: { ...http, fetch: withNonce }, dpop: true });
const verifiers: string[] = [];
watchLogs(() => verifiers);
const SECRETS = [...PLANTED_SECRETS, DEVICE_CODE];

describe('device grant and PAR answer fuzz', () => {
  it('turns every device authorization answer into a usable handle or a typed error', async () => {
    await checkProperty(
      'device grant: authorization answers through deviceAuthorization()',
      0xde71ce,
      fc.asyncProperty(answerTemplate(objectAnswer(DEVICE_FIELDS)), async (template) => {
        answer = template;
        let device: DeviceAuthorization;
        try {
          device = await deviceClient.deviceAuthorization();
        } catch (error) {
          expectTypedError(error, SECRETS);
          return;
        }
        expect(device.deviceCode.length).toBeGreaterThan(0);
        expect(device.userCode.length).toBeGreaterThan(0);
        expect(new URL(device.verificationUri).protocol).toBe('https:');
        expect(Number.isFinite(device.expiresIn) && device.expiresIn > 0).toBe(true);
        expect(Number.isFinite(device.interval) && device.interval >= 0).toBe(true);
        expect(inspect(device)).not.toContain(DEVICE_CODE);
      }),
    );
  }, fuzzTimeout());

  it('ends every poll in a usable token or a typed error, whatever the first answer', async () => {
    const handle = new DeviceAuthorization({ provider: 'example', deviceCode: DEVICE_CODE, userCode: 'WDJB-MJHT', verificationUri: `${ORIGIN}/device`, expiresIn: 1800, interval: 0, expiresAt: Date.now() + 1_800_000 });
    await checkProperty(
      'device grant: poll answers through pollDeviceToken()',
      0xb011ed,
      fc.asyncProperty(answerTemplate(objectAnswer(TOKEN_FIELDS)), async (template) => {
        answer = template;
        polls = 0;
        try {
          expectUsableToken(await deviceClient.pollDeviceToken(handle, { sleep: () => Promise.resolve() }));
        } catch (error) {
          expectTypedError(error, SECRETS);
        }
        expect(polls).toBeLessThanOrEqual(2);
      }),
    );
  }, fuzzTimeout());

  it('turns every pushed-request answer into a URL carrying only client_id and request_uri, or a typed error', async () => {
    await checkProperty(
      'PAR: pushed-request answers through authorize()',
      0x9a5,
      fc.asyncProperty(answerTemplate(objectAnswer(PAR_FIELDS)), async (template) => {
        answer = template;
        let url: URL;
        try {
          url = new URL((await parClient.authorize()).url);
        } catch (error) {
          expectTypedError(error, SECRETS);
          return;
        }
        expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
        expect(url.href).not.toContain(PLANTED.clientSecret);
      }),
    );
  }, fuzzTimeout());

  it('turns every token answer to a DPoP client into a token or a typed error, retrying at most once', async () => {
    await checkProperty(
      'DPoP: token answers through callback()',
      0xd909,
      fc.asyncProperty(answerTemplate(objectAnswer(TOKEN_FIELDS.map((fields) => ({ ...fields, error: fields.error ?? 'use_dpop_nonce' })))), fc.option(fc.oneof(fc.constantFrom('eyJ7S_zG.eyJH0-Z.HX4w-7v', '', 'a b', 'a"b', 'x'.repeat(600)), fc.string({ maxLength: 20 }))), async (template, header) => {
        answer = template;
        nonce = header ?? undefined;
        challenge = undefined;
        polls = 0;
        const { transaction } = await dpopClient.authorize();
        verifiers.push(transaction.codeVerifier!);
        try {
          expectUsableToken(await dpopClient.callback(`${REDIRECT}?code=${PLANTED.code}&state=${transaction.state}`));
        } catch (error) {
          expectTypedError(error, [...SECRETS, transaction.codeVerifier!]);
        }
        // The one nonce retry at most; the second answer is a denial, which ends it.
        expect(polls).toBeLessThanOrEqual(2);
      }),
    );
  }, fuzzTimeout());

  it('turns every API answer and challenge to a DPoP-bound call into a response or a typed error, retrying at most once', async () => {
    const token = new TokenSet({ accessToken: PLANTED.accessToken, tokenType: 'DPoP', raw: { access_token: PLANTED.accessToken, token_type: 'DPoP' } });
    const CHALLENGES = fc.oneof(
      fc.constantFrom('DPoP error="use_dpop_nonce"', 'DPoP error="invalid_dpop_proof", error_description="htu does not match"', 'Bearer, DPoP algs="ES256" error="use_dpop_nonce"', 'DPoP', 'DPoP error=', 'dpop ERROR="use_dpop_nonce"', `DPoP error_description="${PLANTED.accessToken}", error="invalid_dpop_proof"`),
      fc.string({ maxLength: 40 }).map((text) => `DPoP ${text}`),
    );
    await checkProperty(
      'DPoP: API answers and challenges through get()',
      0xa71d,
      fc.asyncProperty(answerTemplate(objectAnswer(TOKEN_FIELDS)), fc.option(CHALLENGES), fc.option(fc.constantFrom('n-1', '', 'a"b')), async (template, header, given) => {
        answer = template;
        challenge = header ?? undefined;
        nonce = given ?? undefined;
        let calls = 0;
        const counting: typeof fetch = (input, init) => {
          calls += 1;
          return withNonce(input, init);
        };
        const client = clientFor(baseManifest(), { clientSecret: PLANTED.clientSecret, http: { ...http, fetch: counting }, dpop: { keyPair: await dpopClient.dpopKeyPair() } });
        try {
          const response = await client.get('me', { token });
          expect(response.status).toBeGreaterThanOrEqual(200);
        } catch (error) {
          // What the call sent: the token (in the Authorization header and hashed in the proof). An HttpError
          // keeps the API's body for the caller; other values in it (a refresh token) were never ours to hide.
          expectTypedError(error, [PLANTED.accessToken]);
        }
        expect(calls).toBeLessThanOrEqual(2);
      }),
    );
  }, fuzzTimeout());
});
