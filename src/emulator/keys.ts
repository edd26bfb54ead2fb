// Key pairs the emulator hands out or signs with. Generating an RSA key takes tens of milliseconds, and a
// conformance run starts an emulator per check and per mutant: one pair per kind serves the whole process.
// They are test keys, never a real client's: sharing them across emulators changes nothing they prove, since
// each emulator still checks every signature against its own copy.
import { generateKeyPairSync, type KeyPairKeyObjectResult } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

export type KeyKind = 'rsa' | 'ec-p256';

const pairs = new Map<KeyKind, KeyPairKeyObjectResult>();

export function keyPair(kind: KeyKind): KeyPairKeyObjectResult {
  let pair = pairs.get(kind);
  if (!pair) {
    pair = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    pairs.set(kind, pair);
  }
  return pair;
}

export function privateKeyPem(pair: KeyPairKeyObjectResult): string {
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

const signing = new Map<string, Promise<{ privateKey: CryptoKey; publicJwk: JWK }>>();

/** A signing key pair for `alg` (RS256, ES256, EdDSA…), with its public JWK. */
export function signingKey(alg: string): Promise<{ privateKey: CryptoKey; publicJwk: JWK }> {
  let key = signing.get(alg);
  if (!key) {
    key = generateKeyPair(alg, { extractable: true }).then(async ({ privateKey, publicKey }) => ({ privateKey, publicJwk: await exportJWK(publicKey) }));
    signing.set(alg, key);
  }
  return key;
}
