// `oauth-registry/keyv`: a Store on any Keyv backend (PostgreSQL, MySQL, SQLite, MongoDB, …). Keyv is the
// app's: this module only names its type, so importing it loads neither keyv nor a database driver.
import type { Keyv } from 'keyv';
import type { Store } from '../types.ts';
import { ConfigError, StoreError } from '../errors.ts';
import { describeCause } from '../util/redact.ts';
import { type AtRestSealer, type EncryptionOptions, sealerFor } from './at-rest.ts';
import { serialiseForStore } from './serialise.ts';
import { assertTtl } from './ttl.ts';

export { PostgresLock, type PostgresLockOptions, type PostgresPool, type PostgresPoolClient } from './postgres-lock.ts';

/** Tries once to take the lock `name`: a release function, or undefined while someone else holds it. */
export type TryStoreLock = (name: string) => Promise<(() => Promise<void>) | undefined>;

export interface KeyvStoreOptions extends EncryptionOptions {
  /**
   * The Keyv to keep values in, made with `throwOnErrors: true`: without it Keyv reports a failed read as
   * "no value", which would sign users out whenever the database blips. The store never disconnects it.
   */
  keyv: Keyv;
  /**
   * A lock shared by every instance (for PostgreSQL, `(name) => postgresLock.lock(name)`), which makes
   * `take` single-use across processes. Without it, `take` is single-use within this process only.
   */
  lock?: TryStoreLock;
}

/**
 * A Store in Keyv, for apps whose tokens live in a SQL or document database. Values are plain JSON, or
 * sealed text bound to their key with an `encryptionKey`. Keyv keeps the expiry next to the value and
 * drops an expired entry when it is read.
 *
 * Keyv has no atomic get-and-delete or set-if-absent across its backends, so neither `take` nor a refresh
 * lock can be built on Keyv alone: give `lock` for `take`, and the token manager a lock of its own (see
 * PostgresLock); the README's "Tokens at rest" section shows both.
 */
export class KeyvStore<V = unknown> implements Store<V> {
  readonly keyv: Keyv;
  readonly #sealer: AtRestSealer | undefined;
  readonly #lock: TryStoreLock | undefined;
  /** Keys being taken in this process: a second concurrent take of one key finds it already gone. */
  readonly #taking = new Set<string>();

  constructor(options: KeyvStoreOptions) {
    const { keyv } = options;
    if (!keyv || typeof keyv.get !== 'function' || typeof keyv.set !== 'function' || typeof keyv.delete !== 'function') {
      throw new ConfigError('CONFIG_INVALID', 'KeyvStore needs a `keyv` (a Keyv instance)');
    }
    if (keyv.throwOnErrors !== true) {
      throw new ConfigError('CONFIG_INVALID', 'KeyvStore needs a Keyv made with `throwOnErrors: true`, or a failed read would look like a missing token');
    }
    this.keyv = keyv;
    this.#lock = options.lock;
    this.#sealer = sealerFor(options, this.#where());
  }

  async get(key: string): Promise<V | undefined> {
    const stored = await this.#run('reading', () => this.keyv.get<unknown>(key));
    if (stored === undefined) return undefined;
    return this.#sealer ? this.#sealer.unseal<V>(this.#storageKey(key), stored) : (stored as V);
  }

  async set(key: string, value: V, ttlMs?: number): Promise<void> {
    assertTtl(ttlMs);
    // Through JSON, so every backend gives back what a JSON store would (no Dates, no undefined fields).
    const stored = this.#sealer ? this.#sealer.seal(this.#storageKey(key), value) : JSON.parse(serialiseForStore(value, 'KeyvStore values'));
    // 0 tells Keyv "no expiry"; undefined would apply the Keyv's own default `ttl`, if it has one.
    const written = await this.#run('writing', () => this.keyv.set(key, stored, ttlMs ?? 0));
    if (written === false) throw new StoreError('STORE_FAILED', `${this.#where()}: the backend refused a write`);
  }

  async delete(key: string): Promise<void> {
    await this.#run('deleting', () => this.keyv.delete(key));
  }

  /**
   * Read then delete, made single-use by holding a lock while doing both: in this process always, across
   * processes when `lock` is given. A take that finds another take of the same key under way returns
   * undefined, as it would once that one has removed the value.
   */
  async take(key: string): Promise<V | undefined> {
    if (this.#taking.has(key)) return undefined;
    this.#taking.add(key);
    try {
      // Named after the key as stored, so stores in other namespaces never wait on each other's takes.
      const release = this.#lock ? await this.#run('locking', () => this.#lock!(`take:${this.#storageKey(key)}`)) : async () => {};
      if (!release) return undefined;
      try {
        const value = await this.get(key);
        if (value !== undefined) await this.delete(key);
        return value;
      } finally {
        // A lock that cannot be released is freed by its backend when the holder's session ends.
        await release().catch(() => {});
      }
    } finally {
      this.#taking.delete(key);
    }
  }

  /** The key as Keyv writes it to the backend (namespace included): what a sealed value is bound to. */
  #storageKey(key: string): string {
    return `${this.keyv.namespace ?? ''}:${key}`;
  }

  #where(): string {
    return `KeyvStore (namespace "${this.keyv.namespace ?? ''}")`;
  }

  async #run<T>(doing: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      // Only the kind of failure is named: a driver's message can quote the statement and its values.
      throw new StoreError('STORE_FAILED', `${this.#where()}: ${doing} failed (${describeCause(cause)})`, { cause });
    }
  }
}
