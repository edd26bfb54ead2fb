// Validly signed id_tokens with random claims, judged against a model of OIDC Core §3.1.3.7 (iss, aud,
// azp, exp, iat, nbf, nonce; sub a string, §2): the client must accept exactly what the model accepts.
// And random JWKS documents (RFC 7517): an id_token may only verify against a JWKS that holds its key.
import fc from 'fast-check';
import type { JWTPayload } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OAuthClient } from '../../src/client.ts';
import { clearJwksCache } from '../../src/oidc/id-token.ts';
import { answerTemplate, LEAF } from './answers.ts';
import { checkProperty } from './budget.ts';
import { fuzzTimeout, HANG_MS } from './helpers.ts';
import { watchLogs } from './logs.ts';
import { CLIENT_ID, type Keys, makeKeys, now, OP, oidcClient, provider, sign, signInWith } from './oidc-provider.ts';

watchLogs();

const TOLERANCE = 30; // the manifest default, oidc.clockToleranceSeconds
let keys: Keys;
let client: OAuthClient;
beforeAll(async () => {
  keys = await makeKeys();
  client = oidcClient();
});
beforeEach(() => {
  provider.jwks = { status: 200, contentType: 'application/json', kind: 'json', value: { keys: [keys.jwk] } };
});

const MISSING = Symbol('missing');
/** Mostly the valid value, so that most id_tokens break one rule at most and the model is tested at its edges. */
const mostly = <T,>(valid: T, others: readonly unknown[]) => fc.oneof({ weight: 5, arbitrary: fc.constant<unknown>(valid) }, { weight: 2, arbitrary: fc.constantFrom<unknown>(...others) });
/** Offsets from now, 5 s or more away from the tolerance edges so a slow run cannot flip the verdict. */
const TIMES = [-86_400, -3_600, -TOLERANCE - 5, -TOLERANCE + 5, 0, TOLERANCE - 5, TOLERANCE + 5, 3_600, MISSING, '600', null, 1e308, -1e308, 0.5];
const CLAIMS = fc.record({
  iss: mostly(OP, [`${OP}/`, 'https://evil.example', '', 1, null, MISSING]),
  aud: mostly(CLIENT_ID, [[CLIENT_ID], [CLIENT_ID, 'other'], ['other'], 'other', [], 1, {}, MISSING]),
  azp: mostly(MISSING, [CLIENT_ID, 'other', 1, null]),
  sub: fc.oneof({ weight: 5, arbitrary: fc.constant<unknown>('user-1') }, { weight: 2, arbitrary: fc.oneof(fc.constantFrom<unknown>('', 1, {}, ['user-1'], null, true, MISSING), LEAF) }),
  nonce: mostly('right', ['wrong', 'number', MISSING]) as fc.Arbitrary<'right' | 'wrong' | 'number' | typeof MISSING>,
  exp: mostly(600, TIMES),
  iat: mostly(0, TIMES),
  nbf: mostly(MISSING, TIMES),
});
type Claims = typeof CLAIMS extends fc.Arbitrary<infer T> ? T : never;

/** The claims as signed: offsets made absolute, MISSING left out. */
function payloadOf(claims: Claims, nonce: string | undefined): JWTPayload {
  const nonceValue = { right: nonce, wrong: 'not-the-nonce', number: 42, [MISSING]: MISSING }[claims.nonce];
  const at = (offset: unknown) => (typeof offset === 'number' && Math.abs(offset) <= 86_400 ? now() + offset : offset);
  const all: Record<string, unknown> = { ...claims, nonce: nonceValue, exp: at(claims.exp), iat: at(claims.iat), nbf: at(claims.nbf) };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== MISSING));
}

/** OIDC Core §3.1.3.7 items 2–3, 4–5, 9–11 and §2 (sub), as this client applies them with a 30 s tolerance. */
function modelAccepts(claims: JWTPayload, nonce: string | undefined): boolean {
  const t = now();
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  const numeric = (value: unknown) => typeof value === 'number';
  return (
    claims.iss === OP &&
    (aud === CLIENT_ID || (Array.isArray(aud) && aud.includes(CLIENT_ID))) &&
    (claims.azp === undefined ? audiences.length <= 1 : claims.azp === CLIENT_ID) &&
    typeof claims.sub === 'string' && claims.sub !== '' &&
    numeric(claims.exp) && claims.exp! > t - TOLERANCE &&
    numeric(claims.iat) && claims.iat! <= t + TOLERANCE &&
    (claims.nbf === undefined || (numeric(claims.nbf) && claims.nbf! <= t + TOLERANCE)) &&
    claims.nonce === nonce
  );
}

const JWK_LIKE = fc.record({ kty: fc.constantFrom('EC', 'RSA', 'oct', 'OKP', '', 1), crv: fc.constantFrom('P-256', 'P-384', 'Ed25519', 'x'), x: LEAF, y: LEAF, n: LEAF, e: LEAF, k: LEAF, kid: fc.constantFrom('k1', 'k2', ''), alg: fc.constantFrom('ES256', 'RS256', 'none'), use: fc.constantFrom('sig', 'enc') }, { requiredKeys: [] });

describe('id_token claims and JWKS fuzz', () => {
  it('accepts exactly the claims that OIDC Core §3.1.3.7 accepts', async () => {
    await checkProperty(
      'id_token: signed id_tokens with random claims',
      0x5eed53,
      fc.asyncProperty(CLAIMS, async (claims) => {
        let payload: JWTPayload = {};
        let nonce: string | undefined;
        const token = await signInWith(client, (sent) => {
          nonce = sent;
          payload = payloadOf(claims, sent);
          return sign(payload, keys.signing);
        });
        expect(token !== undefined, `verdict on ${JSON.stringify(payload)}`).toBe(modelAccepts(payload, nonce));
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());

  it('verifies an id_token only against a JWKS that holds its key', async () => {
    const keysDocument = fc.oneof(
      fc.array(fc.oneof(JWK_LIKE, fc.constant(keys.jwk), JWK_LIKE.map((junk) => ({ ...keys.jwk, ...junk }))), { maxLength: 4 }).map((list) => ({ keys: list })),
      fc.record({ keys: fc.oneof(LEAF, JWK_LIKE) }),
      LEAF,
    );
    await checkProperty(
      'id_token: random JWKS documents',
      0x5eed54,
      fc.asyncProperty(answerTemplate(keysDocument), fc.constantFrom<string | undefined>('k1', undefined, 'k2'), async (jwks, kid) => {
        clearJwksCache();
        provider.jwks = jwks;
        const token = await signInWith(client, (nonce) => sign({ iss: OP, aud: CLIENT_ID, sub: 'user-1', nonce, iat: now(), exp: now() + 600 }, keys.signing, { alg: 'ES256', ...(kid ? { kid } : {}) }));
        if (token) {
          const listed = (jwks.value as { keys?: unknown }).keys;
          expect(Array.isArray(listed) && listed.some((key) => key?.x === keys.jwk.x && key?.y === keys.jwk.y), 'verified against a JWKS without its key').toBe(true);
        }
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());
});
