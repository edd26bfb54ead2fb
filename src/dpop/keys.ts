// The DPoP key pair (RFC 9449 §2): made with jose, extractable so that a web app can keep it with the user's
// session (exportDpopKeyPair / importDpopKeyPair) and bind every later token to the same key.
import { inspect } from 'node:util';
import type { JWK } from 'jose';
import { ConfigError } from '../errors.ts';
import { DPOP_ALGORITHMS, type DpopAlgorithm } from './algorithms.ts';

/** What a session keeps: the algorithm and the private key as a JWK (which holds the public half too). */
export interface DpopKeyPairJson {
  alg: DpopAlgorithm;
  privateJwk: JWK;
}

/** A key pair ready to sign proofs. util.inspect and JSON.stringify show its thumbprint, never the private key. */
export class DpopKeyPair {
  readonly alg: DpopAlgorithm;
  readonly privateKey: CryptoKey;
  /** The public key as carried in every proof's `jwk` header. */
  readonly publicJwk: JWK;
  /** RFC 7638 SHA-256 thumbprint of the public key: the `cnf.jkt` a bound token names. */
  readonly thumbprint: string;

  constructor(alg: DpopAlgorithm, privateKey: CryptoKey, publicJwk: JWK, thumbprint: string) {
    this.alg = alg;
    this.privateKey = privateKey;
    this.publicJwk = publicJwk;
    this.thumbprint = thumbprint;
  }

  /** Only the public facts: the private key leaves through exportDpopKeyPair, on purpose. */
  toJSON(): { alg: DpopAlgorithm; thumbprint: string } {
    return { alg: this.alg, thumbprint: this.thumbprint };
  }

  [inspect.custom](): string {
    return `DpopKeyPair { alg: '${this.alg}', thumbprint: '${this.thumbprint}', privateKey: [redacted] }`;
  }
}

/** A fresh, extractable key pair for `alg` (ES256 unless the provider takes only others). */
export async function generateDpopKeyPair(alg: DpopAlgorithm = 'ES256'): Promise<DpopKeyPair> {
  checkAlgorithm(alg);
  const { generateKeyPair, exportJWK } = await import('jose');
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg.startsWith('PS') || alg.startsWith('RS') ? { modulusLength: 2048 } : {}) });
  return fromKeys(alg, privateKey, await exportJWK(publicKey));
}

/** The key pair as JSON for the app's session store. It holds the private key: store it as you store tokens. */
export async function exportDpopKeyPair(pair: DpopKeyPair): Promise<DpopKeyPairJson> {
  const { exportJWK } = await import('jose');
  return { alg: pair.alg, privateJwk: await exportJWK(pair.privateKey) };
}

/** The key pair exportDpopKeyPair gave; a value that is not one is a ConfigError that does not quote it. */
export async function importDpopKeyPair(json: DpopKeyPairJson): Promise<DpopKeyPair> {
  if (typeof json !== 'object' || json === null || typeof json.privateJwk !== 'object' || json.privateJwk === null) {
    throw new ConfigError('CONFIG_INVALID', 'importDpopKeyPair: expected { alg, privateJwk } as exportDpopKeyPair returns it');
  }
  checkAlgorithm(json.alg);
  if (typeof json.privateJwk.d !== 'string') throw new ConfigError('CONFIG_INVALID', 'importDpopKeyPair: privateJwk holds no private key');
  const { importJWK } = await import('jose');
  let privateKey: CryptoKey;
  try {
    privateKey = (await importJWK(json.privateJwk, json.alg, { extractable: true })) as CryptoKey;
  } catch {
    throw new ConfigError('CONFIG_INVALID', `importDpopKeyPair: privateJwk is not a ${json.alg} private key`);
  }
  return fromKeys(json.alg, privateKey, publicPart(json.privateJwk));
}

async function fromKeys(alg: DpopAlgorithm, privateKey: CryptoKey, jwk: JWK): Promise<DpopKeyPair> {
  const { calculateJwkThumbprint } = await import('jose');
  const publicJwk = publicPart(jwk);
  return new DpopKeyPair(alg, privateKey, publicJwk, await calculateJwkThumbprint(publicJwk, 'sha256'));
}

/** RFC 7638 §3.2 members of the public key only: the proof header must never carry a private part. */
function publicPart(jwk: JWK): JWK {
  const members = jwk.kty === 'EC' ? ['kty', 'crv', 'x', 'y'] : jwk.kty === 'OKP' ? ['kty', 'crv', 'x'] : ['kty', 'n', 'e'];
  const fields = jwk as Record<string, unknown>;
  return Object.fromEntries(members.filter((name) => fields[name] !== undefined).map((name) => [name, fields[name]])) as JWK;
}

function checkAlgorithm(alg: unknown): asserts alg is DpopAlgorithm {
  if (!(DPOP_ALGORITHMS as readonly unknown[]).includes(alg)) {
    throw new ConfigError('CONFIG_INVALID', `DPoP keys use one of ${DPOP_ALGORITHMS.join(', ')}, not ${JSON.stringify(alg)?.slice(0, 20)}`);
  }
}
