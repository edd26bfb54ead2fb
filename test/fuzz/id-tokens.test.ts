// id_tokens fuzzed through an OIDC client's callback (OIDC Core §3.1.3.7): random JWT-like strings (alg
// none, JWE headers, embedded jwk/jku, garbage segments, values that are not strings) and signed id_tokens
// edited after signing. Only an id_token whose signed bytes are untouched may sign anyone in; everything
// else is a typed error that shows neither the planted secrets nor the id_token.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OAuthClient } from '../../src/client.ts';
import { checkProperty } from './budget.ts';
import { fuzzTimeout, HANG_MS, PLANTED } from './helpers.ts';
import { JWT_LIKE, mutate, MUTATION } from './jwt.ts';
import { watchLogs } from './logs.ts';
import { type Keys, makeKeys, oidcClient, provider, sign, signInWith, validClaims } from './oidc-provider.ts';

watchLogs();

let keys: Keys;
/** Asymmetric (keys from the JWKS) and symmetric (HS256 with the client secret, OIDC Core §10.1). */
let clients: { client: OAuthClient; key: () => CryptoKey | Uint8Array; header: { alg: string; kid?: string } }[];
beforeAll(async () => {
  keys = await makeKeys();
  provider.jwks = { status: 200, contentType: 'application/json', kind: 'json', value: { keys: [keys.jwk, keys.rsaJwk] } };
  clients = [
    { client: oidcClient(), key: () => keys.signing, header: { alg: 'ES256', kid: 'k1' } },
    { client: oidcClient(['HS256']), key: () => new TextEncoder().encode(PLANTED.clientSecret), header: { alg: 'HS256' } },
  ];
});

/** Same header and payload text, and a signature segment that decodes to the same bytes. */
function sameSignedBytes(signed: string, given: string): boolean {
  const [header, payload, signature = ''] = signed.split('.');
  const parts = given.split('.');
  if (parts.length !== 3 || parts[0] !== header || parts[1] !== payload) return false;
  const givenSignature = parts[2]!.replace(/[\t\n\f\r ]/g, '');
  return /^[\w-]*$/.test(givenSignature) && Buffer.from(givenSignature, 'base64url').equals(Buffer.from(signature, 'base64url'));
}

describe('id_token fuzz', () => {
  it('refuses every JWT-like string with a typed error', async () => {
    await checkProperty(
      'id_token: JWT-like strings',
      0x5eed51,
      fc.asyncProperty(fc.nat(1), JWT_LIKE, async (index, idToken) => {
        const token = await signInWith(clients[index]!.client, () => idToken);
        expect(token, 'an unsigned or garbage id_token signed someone in').toBeUndefined();
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());

  it('accepts a signed id_token only while its signed bytes are untouched', async () => {
    await checkProperty(
      'id_token: mutated signed id_tokens',
      0x5eed52,
      fc.asyncProperty(fc.nat(1), MUTATION, fc.boolean(), async (index, mutation, attackerKey) => {
        const { client, key, header } = clients[index]!;
        let signed = '';
        let sent = '';
        const token = await signInWith(client, async (nonce) => {
          // An attacker's key under our kid (asymmetric client only) must fail whatever the mutation.
          const forged = attackerKey && index === 0;
          signed = await sign(validClaims(nonce), forged ? keys.attacker : key(), header);
          sent = mutate(signed, mutation);
          return sent;
        });
        const forged = attackerKey && index === 0;
        if (token) {
          expect(forged, 'an id_token signed by another key signed someone in').toBe(false);
          expect(sameSignedBytes(signed, sent), `an edited id_token signed someone in (${mutation.kind})`).toBe(true);
          expect(token.claims?.sub).toBe('user-1');
        } else {
          // The unedited, validly signed id_token must pass: otherwise this property tests nothing.
          expect(mutation.kind !== 'none' || forged, 'a valid id_token was refused').toBe(true);
        }
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());
});
