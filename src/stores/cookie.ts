import type { Store } from '../types.ts';
import { ConfigError } from '../errors.ts';
import { encodeName } from '../util/unicode.ts';
import { SealError, sealCookieValue, unsealCookieValue } from './seal.ts';
import { assertTtl } from './ttl.ts';

/** Cookie attributes (RFC 6265 §4.1.2). `maxAgeSeconds` is the Max-Age attribute; 0 deletes the cookie. */
export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none';
  path: string;
  domain?: string;
  maxAgeSeconds?: number;
}

/** One request's cookies: what the request carried, and a way to set cookies on its response. */
export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, options: CookieOptions): void;
}

export interface CookieStoreOptions {
  jar: CookieJar;
  /** Sealing secrets, newest first (see SealOptions). */
  secrets: string | readonly string[];
  /** Put before every cookie name. Default `oauth.`. */
  namePrefix?: string;
  /** Attributes for every cookie; defaults are HttpOnly, Secure, SameSite=Lax, Path=/. */
  cookie?: Partial<Omit<CookieOptions, 'maxAgeSeconds'>>;
  now?: () => number;
}

// Browsers drop a cookie whose name and value exceed 4096 bytes (RFC 6265 §6.1 sets this as the minimum
// to support), silently: better to fail loudly when it is set.
const MAX_COOKIE_BYTES = 4096;

const DEFAULT_COOKIE: Omit<CookieOptions, 'maxAgeSeconds'> = {
  httpOnly: true,
  secure: true,
  // Lax, not Strict: the provider's redirect back to the callback is a cross-site top-level navigation.
  sameSite: 'lax',
  path: '/',
};

/**
 * A Store kept in the browser, for stateless deployments: each key is one sealed cookie (AES-256-GCM,
 * see seal.ts) bound to its cookie name, with the expiry sealed inside. Make one per request around that
 * request's cookie jar. Writes are visible to later reads through the same instance.
 *
 * `take` is atomic within this instance only: a client that kept a copy of the cookie can send it again,
 * so a value that must be single-use across requests (a transaction) also needs a server-side check.
 */
export class CookieStore<V = unknown> implements Store<V> {
  readonly #jar: CookieJar;
  readonly #secrets: string | readonly string[];
  readonly #namePrefix: string;
  readonly #cookie: Omit<CookieOptions, 'maxAgeSeconds'>;
  readonly #now: () => number;
  /** Cookies written during this request; null marks a deletion. The request's own cookies are stale after a write. */
  readonly #written = new Map<string, string | null>();

  constructor(options: CookieStoreOptions) {
    this.#jar = options.jar;
    this.#secrets = options.secrets;
    this.#namePrefix = options.namePrefix ?? 'oauth.';
    this.#cookie = { ...DEFAULT_COOKIE, ...options.cookie };
    this.#now = options.now ?? Date.now;
    // Seal once now so a short secret is reported at construction, not at the first sign-in.
    sealCookieValue(null, { secrets: this.#secrets });
  }

  async get(key: string): Promise<V | undefined> {
    return this.#read(key);
  }

  async set(key: string, value: V, ttlMs?: number): Promise<void> {
    assertTtl(ttlMs);
    const name = this.cookieName(key);
    const sealed = sealCookieValue(value, { secrets: this.#secrets, context: name, ttlMs, now: this.#now });
    const size = Buffer.byteLength(name) + Buffer.byteLength(sealed);
    if (size > MAX_COOKIE_BYTES) {
      throw new ConfigError('CONFIG_INVALID', `cookie "${name}" would be ${size} bytes; browsers drop cookies over ${MAX_COOKIE_BYTES}: keep this value in a server-side store`);
    }
    const maxAge = ttlMs === undefined ? {} : { maxAgeSeconds: Math.ceil(ttlMs / 1000) };
    this.#jar.set(name, sealed, { ...this.#cookie, ...maxAge });
    this.#written.set(name, sealed);
  }

  async delete(key: string): Promise<void> {
    this.#delete(this.cookieName(key));
  }

  async take(key: string): Promise<V | undefined> {
    // Read and delete in one synchronous step so concurrent takes on this instance see one winner.
    const value = this.#read(key);
    if (value !== undefined) this.#delete(this.cookieName(key));
    return value;
  }

  /** The cookie that holds `key`: the prefix plus the key, with characters a cookie name may not hold escaped. */
  cookieName(key: string): string {
    // encodeURIComponent leaves only token characters (RFC 6265 §4.1.1) except the parentheses.
    return this.#namePrefix + encodeName(key, 'the store key').replace(/[()]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  }

  #read(key: string): V | undefined {
    const name = this.cookieName(key);
    const sealed = this.#written.has(name) ? this.#written.get(name) : this.#jar.get(name);
    if (!sealed) return undefined;
    try {
      return unsealCookieValue<V>(sealed, { secrets: this.#secrets, context: name, now: this.#now });
    } catch (error) {
      // An expired cookie is simply absent, as an expired entry is in any store; tampering is reported.
      if (!(error instanceof SealError)) throw error;
      if (error.reason === 'expired') return undefined;
      throw new SealError(error.reason, `cookie "${name}": ${error.message}`);
    }
  }

  #delete(name: string): void {
    this.#jar.set(name, '', { ...this.#cookie, maxAgeSeconds: 0 });
    this.#written.set(name, null);
  }
}
