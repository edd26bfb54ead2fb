// One client's DPoP state: its key pair (given by the app, or made on first use) and the nonces servers
// handed out, by origin (RFC 9449 §8 authorization server nonces, §9 resource server nonces).
import { ConfigError } from '../errors.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import { DpopKeyPair, generateDpopKeyPair } from './keys.ts';

/** createClient's `dpop` option: true makes a key pair for this client; a key pair binds tokens to it. */
export type DpopOption = boolean | { keyPair: DpopKeyPair };

/** A bounded number of origins: a server cannot grow the cache by naming new ones. */
const MAX_ORIGINS = 64;

export class DpopSession {
  readonly #given: DpopKeyPair | undefined;
  readonly #algorithm: DpopKeyPair['alg'];
  #made: Promise<DpopKeyPair> | undefined;
  readonly #nonces = new Map<string, string>();

  constructor(algorithm: DpopKeyPair['alg'], given?: DpopKeyPair) {
    this.#algorithm = algorithm;
    this.#given = given;
  }

  keyPair(): Promise<DpopKeyPair> {
    if (this.#given) return Promise.resolve(this.#given);
    this.#made ??= generateDpopKeyPair(this.#algorithm).catch((error: unknown) => {
      this.#made = undefined;
      throw error;
    });
    return this.#made;
  }

  nonceFor(url: URL | string): string | undefined {
    return this.#nonces.get(new URL(url).origin);
  }

  rememberNonce(url: URL | string, nonce: string): void {
    const origin = new URL(url).origin;
    this.#nonces.delete(origin);
    if (this.#nonces.size >= MAX_ORIGINS) this.#nonces.delete(this.#nonces.keys().next().value!);
    this.#nonces.set(origin, nonce);
  }
}

/**
 * The session for a client, or undefined when neither the app (`dpop` option) nor the manifest (dpop.required)
 * asks for DPoP. A given key must use an algorithm the provider accepts.
 */
export function createDpopSession(manifest: ProviderManifest, option: DpopOption | undefined): DpopSession | undefined {
  if (option === false || (option === undefined && !manifest.dpop?.required)) {
    if (option === false && manifest.dpop?.required) throw new ConfigError('CONFIG_INVALID', `${manifest.id} only issues DPoP-bound tokens (dpop.required): dpop cannot be false`);
    return undefined;
  }
  if (manifest.protocol === 'oauth1') throw new ConfigError('UNSUPPORTED', `${manifest.id} uses OAuth 1.0a, which has no DPoP`);
  const accepted = manifest.dpop?.algorithms ?? ['ES256'];
  if (typeof option === 'object') {
    // A key pair's JSON (exportDpopKeyPair) is not a key pair: importDpopKeyPair makes one from it.
    if (!option || !(option.keyPair instanceof DpopKeyPair)) throw new ConfigError('CONFIG_INVALID', `${manifest.id}: dpop expects true or { keyPair } from generateDpopKeyPair or importDpopKeyPair`);
    if (!accepted.includes(option.keyPair.alg)) throw new ConfigError('CONFIG_INVALID', `${manifest.id} takes DPoP proofs signed with ${accepted.join(', ')}, not ${option.keyPair.alg}`);
    return new DpopSession(option.keyPair.alg, option.keyPair);
  }
  return new DpopSession(accepted[0]!);
}
