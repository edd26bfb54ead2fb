// Tokens at rest: with an `encryptionKey`, a store keeps only sealed text (AES-256-GCM, seal.ts), so a dump of
// Redis, of the database or of the heap shows no token. One sealer serves every store that offers the option.
import { StoreError } from '../errors.ts';
import { SealError, sealCookieValue, unsealCookieValue } from './seal.ts';

export interface EncryptionOptions {
  /**
   * Seal every stored value so the backend holds no readable token. One key, or a list for rotation: the
   * first seals, every one is tried to unseal. Rotate by putting the new key first; drop an old key once no
   * value sealed with it is left (re-stored or expired). Each must be at least 32 characters.
   */
  encryptionKey?: string | readonly string[];
}

// NUL never occurs in a cookie name (the other use of seal.ts), so a store value never unseals as a cookie
// or the reverse, even when an app uses one secret for both.
const CONTEXT_PREFIX = 'oauth-registry/store\0';

export class AtRestSealer {
  readonly #keys: string | readonly string[];
  /** The store, for messages: a name and its prefix or namespace, never a key. */
  readonly #where: string;

  constructor(encryptionKey: string | readonly string[], where: string) {
    this.#keys = encryptionKey;
    this.#where = where;
    // Seal once now so a short or missing key is reported when the store is made, not at the first sign-in.
    sealCookieValue(null, { secrets: encryptionKey, secretName: `${where} encryptionKey` });
  }

  /**
   * `storageKey` is the name the backend keeps the value under: sealing binds the value to it (as GCM
   * additional data), so a value copied to another user's key fails to unseal instead of handing that user
   * someone else's token.
   */
  seal(storageKey: string, value: unknown): string {
    return sealCookieValue(value, { secrets: this.#keys, context: CONTEXT_PREFIX + storageKey });
  }

  /** The value, or a StoreError (STORE_VALUE_INVALID) that quotes neither the key nor what was stored. */
  unseal<V>(storageKey: string, stored: unknown): V {
    if (typeof stored !== 'string') {
      throw new StoreError('STORE_VALUE_INVALID', `${this.#where} holds a value it did not seal (stored before encryptionKey was set?)`, { reason: 'malformed' });
    }
    try {
      return unsealCookieValue<V>(stored, { secrets: this.#keys, context: CONTEXT_PREFIX + storageKey });
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      // No TTL is sealed inside store values (the backend expires them), so `expired` cannot occur here.
      const reason = error.reason === 'malformed' ? 'malformed' : 'tampered';
      const why =
        reason === 'malformed'
          ? 'is not sealed (stored before encryptionKey was set, or written by something else)'
          : 'failed authentication: altered, copied from another key, or sealed with a key no longer in encryptionKey';
      throw new StoreError('STORE_VALUE_INVALID', `a value in ${this.#where} ${why}`, { reason });
    }
  }
}

/** A sealer when the options ask for encryption, else undefined (values are stored as they are). */
export function sealerFor(options: EncryptionOptions, where: string): AtRestSealer | undefined {
  return options.encryptionKey === undefined ? undefined : new AtRestSealer(options.encryptionKey, where);
}
