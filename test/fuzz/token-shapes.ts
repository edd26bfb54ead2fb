// What the token fuzz suites share: token-shaped answers, and what a TokenSet that comes out must be.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { expect } from 'vitest';
import { TokenSet } from '../../src/types.ts';
import { ECHO, LEAF } from './answers.ts';
import { PLANTED } from './helpers.ts';

/** A token answer: each field present or not, the planted tokens where tokens go, echoes where errors go. */
export const TOKEN_FIELDS = fc.record(
  {
    access_token: fc.oneof(fc.constant(PLANTED.accessToken), LEAF),
    token_type: LEAF,
    expires_in: LEAF,
    refresh_token: fc.oneof(fc.constant(PLANTED.refreshToken), LEAF),
    scope: fc.oneof(LEAF, fc.array(LEAF, { maxLength: 3 })),
    error: LEAF,
    error_description: fc.oneof(LEAF, fc.constantFrom(...Object.values(ECHO)).map((marker) => `bad request ${marker} (see docs)`)),
  },
  { requiredKeys: [] },
);

/**
 * A TokenSet that an app can store and log: it serialises, and showing it hides its own tokens (the
 * provider's other fields, token_type or scope, are its words and shown as they are).
 */
export function expectUsableToken(token: TokenSet): void {
  expect(token).toBeInstanceOf(TokenSet);
  expect(typeof token.accessToken === 'string' && token.accessToken !== '').toBe(true);
  expect(token.expiresAt === undefined || Number.isFinite(token.expiresAt)).toBe(true);
  expect(typeof JSON.stringify(token)).toBe('string');
  const shown = inspect(token, { depth: 8 });
  for (const own of [token.accessToken, token.refreshToken, token.tokenSecret, token.idToken]) {
    if (own && own.length >= 6 && !shownAnyway(token, own)) expect(shown).not.toContain(own);
  }
}

/** RFC 6749 §A.12: what an access token from a token endpoint may hold (it goes into Authorization headers). */
export const VISIBLE_ASCII = /^[\x20-\x7e]+$/;

/** A value also sent as token_type, scope or a raw field name, which inspect shows by design. */
function shownAnyway(token: TokenSet, value: string): boolean {
  return token.tokenType.includes(value) || (token.scope ?? []).some((scope) => scope.includes(value)) || Object.keys(token.raw).some((key) => key.includes(value));
}
