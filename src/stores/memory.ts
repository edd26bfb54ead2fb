import type { Store } from '../types.ts';
import { ConfigError } from '../errors.ts';
import { type AtRestSealer, type EncryptionOptions, sealerFor } from './at-rest.ts';
import { assertTtl } from './ttl.ts';

export interface MemoryStoreOptions extends EncryptionOptions {
  /** Most entries kept at once. To make room, expired entries go first, then the oldest-written live ones. Default 10,000. */
  maxEntries?: number;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

interface Entry {
  /** The value as given, or its sealed text when the store has an encryptionKey. */
  value: unknown;
  /** Milliseconds since the epoch; undefined when the entry never expires. */
  expiresAt: number | undefined;
}

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * The default store: a Map in this process. Expiry is checked when an entry is read or when room is
 * needed, never by a timer, so an idle store neither costs CPU nor keeps the process alive. The size
 * bound stops a flood of abandoned sign-ins from growing memory without limit.
 *
 * Values are kept as given (not copied): store plain JSON data, as every Store expects. With an
 * `encryptionKey` each is kept as sealed text instead, so the store itself holds no readable token
 * (a value in use elsewhere in the app is, of course, still in memory).
 */
export class MemoryStore<V = unknown> implements Store<V> {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #sealer: AtRestSealer | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new ConfigError('CONFIG_INVALID', `MemoryStore maxEntries must be a positive integer, got ${maxEntries}`);
    }
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
    this.#sealer = sealerFor(options, 'MemoryStore');
  }

  /** Live entries; expired ones still held are not counted. */
  get size(): number {
    this.#dropExpired();
    return this.#entries.size;
  }

  async get(key: string): Promise<V | undefined> {
    return this.#read(key);
  }

  async set(key: string, value: V, ttlMs?: number): Promise<void> {
    assertTtl(ttlMs);
    // Re-inserting moves the key to the end of the Map's order, so "oldest" means least recently written.
    this.#entries.delete(key);
    this.#makeRoom();
    const stored = this.#sealer ? this.#sealer.seal(key, value) : value;
    this.#entries.set(key, { value: stored, expiresAt: ttlMs === undefined ? undefined : this.#now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  /** Atomic: the read and the delete happen in one synchronous step, so concurrent takes see one winner. */
  async take(key: string): Promise<V | undefined> {
    const value = this.#read(key);
    this.#entries.delete(key);
    return value;
  }

  #read(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#isExpired(entry)) {
      this.#entries.delete(key);
      return undefined;
    }
    return this.#sealer ? this.#sealer.unseal<V>(key, entry.value) : (entry.value as V);
  }

  #makeRoom(): void {
    if (this.#entries.size < this.#maxEntries) return;
    this.#dropExpired();
    // Map iteration follows insertion order: the first keys are the oldest writes.
    for (const key of this.#entries.keys()) {
      if (this.#entries.size < this.#maxEntries) break;
      this.#entries.delete(key);
    }
  }

  #dropExpired(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#isExpired(entry)) this.#entries.delete(key);
    }
  }

  #isExpired(entry: Entry): boolean {
    return entry.expiresAt !== undefined && entry.expiresAt <= this.#now();
  }
}
