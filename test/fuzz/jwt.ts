// JWT-shaped inputs: random compact strings, and edits to a signed id_token that any verifier must notice.
import fc from 'fast-check';
import { hostileString } from './helpers.ts';

const b64 = (text: string | Uint8Array) => Buffer.from(text).toString('base64url');

const HEADER = fc.record(
  {
    alg: fc.constantFrom('none', 'None', 'HS256', 'RS256', 'ES256', 'PS256', 'EdDSA', 'ES512', '', 'dir', 'RSA-OAEP'),
    kid: fc.constantFrom('k1', 'r1', 'unknown', '', '../../etc/passwd'),
    typ: fc.constantFrom('JWT', 'at+jwt', 'JWE'),
    crit: fc.constantFrom(['b64'], ['exp'], [], 'x'),
    b64: fc.boolean(),
    jku: fc.constant('https://evil.example/jwks'),
    jwk: fc.constant({ kty: 'oct', k: 'c2VjcmV0' }),
    enc: fc.constant('A128GCM'),
  },
  { requiredKeys: [] },
);

const PAYLOAD = fc.dictionary(fc.constantFrom('iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'nonce', 'azp', '__proto__'), fc.oneof(hostileString(6), fc.integer(), fc.double(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 })), { maxKeys: 6 });

const SEGMENT = fc.oneof(
  { weight: 3, arbitrary: HEADER.map((header) => b64(JSON.stringify(header))) },
  { weight: 3, arbitrary: PAYLOAD.map((payload) => b64(JSON.stringify(payload))) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 80 }).map(b64) },
  { weight: 2, arbitrary: hostileString(6) },
  { weight: 1, arbitrary: fc.constantFrom('', '=', 'e30', 'bnVsbA', 'W10', 'IiI', 'x'.repeat(70_000), '%00', '+/') },
);

/** Strings that look more or less like a compact JWS (or JWE), and values that are not strings at all. */
export const JWT_LIKE: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.array(SEGMENT, { minLength: 1, maxLength: 6 }).map((segments) => segments.join('.')) },
  { weight: 2, arbitrary: fc.tuple(HEADER, PAYLOAD).map(([header, payload]) => `${b64(JSON.stringify({ ...header, alg: 'none' }))}.${b64(JSON.stringify(payload))}.`) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.constant(''), fc.array(fc.string(), { maxLength: 2 }), fc.constant({ alg: 'none' })) },
);

export type Mutation =
  | { kind: 'none' }
  | { kind: 'flip' | 'delete' | 'insert'; at: number; char: string }
  | { kind: 'alg-none' | 'alg-hs256' | 'drop-signature' | 'extra-segment' | 'trailing-space' }
  | { kind: 'claim'; claim: string; value: unknown };

export const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constantFrom('flip' as const, 'delete' as const, 'insert' as const), at: fc.nat(), char: fc.constantFrom('A', '_', '-', '.', '=', ' ', 'é') }) },
  { weight: 3, arbitrary: fc.constantFrom('alg-none', 'alg-hs256', 'drop-signature', 'extra-segment', 'trailing-space').map((kind) => ({ kind }) as Mutation) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('claim' as const),
      claim: fc.constantFrom('iss', 'aud', 'sub', 'exp', 'iat', 'nonce', 'azp', 'nbf'),
      value: fc.oneof(hostileString(6), fc.integer(), fc.constant(null), fc.constant(undefined), fc.constantFrom('https://login.example.test', 'fuzz-oidc-client')),
    }),
  },
);

/** `token` with `mutation` applied; the signature is never recomputed. */
export function mutate(token: string, mutation: Mutation): string {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const decoded = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString()) as Record<string, unknown>;
  switch (mutation.kind) {
    case 'none':
      return token;
    case 'flip': {
      const at = mutation.at % token.length;
      const replacement = token[at] === mutation.char ? 'B' : mutation.char;
      return token.slice(0, at) + replacement + token.slice(at + 1);
    }
    case 'delete':
      return token.slice(0, mutation.at % token.length) + token.slice((mutation.at % token.length) + 1);
    case 'insert':
      return token.slice(0, mutation.at % (token.length + 1)) + mutation.char + token.slice(mutation.at % (token.length + 1));
    case 'alg-none':
      return `${b64(JSON.stringify({ ...decoded(header), alg: 'none' }))}.${payload}.`;
    case 'alg-hs256':
      return `${b64(JSON.stringify({ ...decoded(header), alg: 'HS256' }))}.${payload}.${signature}`;
    case 'drop-signature':
      return `${header}.${payload}`;
    case 'extra-segment':
      return `${token}.${signature}`;
    case 'trailing-space':
      return `${token} `;
    case 'claim':
      return `${header}.${b64(JSON.stringify({ ...decoded(payload), [mutation.claim]: mutation.value }))}.${signature}`;
  }
}
