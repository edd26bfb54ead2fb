import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import type { Store } from '../types.ts';
import { ConfigError, NetworkError, ResponseError } from '../errors.ts';
import { type AtRestSealer, type EncryptionOptions, sealerFor } from './at-rest.ts';
import { serialiseForStore } from './serialise.ts';
import { assertTtl } from './ttl.ts';

export interface RedisStoreOptions extends EncryptionOptions {
  /** A connected ioredis client to share; the store never closes it. */
  client?: Redis;
  /** Or a redis:// or rediss:// URL: the store opens its own client and `close()` ends it. */
  url?: string;
  /** Put before every key so several stores (and apps) can share one database. Default `oauth-registry:`. */
  prefix?: string;
}

/** Gives the lock back. Safe to call after the lock expired: it never deletes a lock someone else now holds. */
export type Release = () => Promise<void>;

// Delete the lock only if it still holds our token: after our TTL ran out another instance may own it.
// (The single-instance pattern from the Redis SET command documentation.)
const RELEASE_IF_OWNER = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
// Likewise, extend only our own lock.
const EXTEND_IF_OWNER = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export interface LockOptions {
  /**
   * Extend the lock by `ttlMs` every third of it until it is released (default true), so work that outlasts
   * the TTL keeps it; the TTL then frees it only when the holder's process stops or loses Redis.
   */
  renew?: boolean;
}

/**
 * A Store in Redis, for several processes or instances that must see the same transactions and tokens.
 * Values are JSON, or sealed text bound to their Redis key with an `encryptionKey`; TTLs use PX
 * (milliseconds); `take` is GETDEL, atomic on the server (Redis ≥ 6.2).
 */
export class RedisStore<V = unknown> implements Store<V> {
  readonly client: Redis;
  readonly prefix: string;
  readonly #ownsClient: boolean;
  /** Where the server is, without credentials, for error messages. */
  readonly #where: string;
  readonly #sealer: AtRestSealer | undefined;

  constructor(options: RedisStoreOptions) {
    if (options.client && options.url) {
      throw new ConfigError('CONFIG_INVALID', 'RedisStore takes either `client` or `url`, not both');
    }
    if (options.client) {
      this.client = options.client;
      this.#ownsClient = false;
    } else if (options.url) {
      this.client = new Redis(options.url);
      this.#ownsClient = true;
    } else {
      throw new ConfigError('CONFIG_INVALID', 'RedisStore needs a `client` (an ioredis instance) or a `url`');
    }
    this.prefix = options.prefix ?? 'oauth-registry:';
    const { host, port } = this.client.options;
    this.#where = `redis://${host ?? 'localhost'}:${port ?? 6379}`;
    this.#sealer = sealerFor(options, `RedisStore (prefix "${this.prefix}")`);
  }

  async get(key: string): Promise<V | undefined> {
    return this.#decode(this.prefix + key, await this.#run(() => this.client.get(this.prefix + key)));
  }

  async set(key: string, value: V, ttlMs?: number): Promise<void> {
    assertTtl(ttlMs);
    const fullKey = this.prefix + key;
    const json = this.#sealer ? this.#sealer.seal(fullKey, value) : serialiseForStore(value, 'RedisStore values');
    await this.#run(() =>
      ttlMs === undefined ? this.client.set(fullKey, json) : this.client.set(fullKey, json, 'PX', Math.ceil(ttlMs)),
    );
  }

  async delete(key: string): Promise<void> {
    await this.#run(() => this.client.del(this.prefix + key));
  }

  async take(key: string): Promise<V | undefined> {
    return this.#decode(this.prefix + key, await this.#run(() => this.client.getdel(this.prefix + key)));
  }

  /**
   * Try once to take an exclusive lock named `key` for `ttlMs` (SET NX PX). Resolves to a release function,
   * or undefined when another holder has it. The TTL frees the lock if its holder dies; while the holder
   * lives the lock is renewed (see LockOptions), so work longer than the TTL does not let a second holder in.
   * Always release it: an unreleased lock is renewed for as long as this process runs.
   */
  async lock(key: string, ttlMs: number, options: LockOptions = {}): Promise<Release | undefined> {
    assertTtl(ttlMs);
    const lockKey = `${this.prefix}lock:${key}`;
    const token = randomBytes(16).toString('hex');
    const acquired = await this.#run(() => this.client.set(lockKey, token, 'PX', Math.ceil(ttlMs), 'NX'));
    if (acquired !== 'OK') return undefined;
    const stopRenewing = options.renew === false ? () => {} : this.#renew(lockKey, token, Math.ceil(ttlMs));
    return async () => {
      stopRenewing();
      await this.#run(() => this.client.eval(RELEASE_IF_OWNER, 1, lockKey, token));
    };
  }

  /** The watchdog: compare-and-extend every third of the TTL; it stops once the lock is no longer ours. */
  #renew(lockKey: string, token: string, ttlMs: number): () => void {
    const timer = setInterval(() => {
      this.client.eval(EXTEND_IF_OWNER, 1, lockKey, token, ttlMs).then(
        (extended) => extended === 1 || clearInterval(timer),
        // Redis is unreachable: the TTL will free the lock, as for a holder that died.
        () => clearInterval(timer),
      );
    }, Math.max(1, Math.floor(ttlMs / 3)));
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Ends the connection when the store opened it from a URL; a shared client is left to its owner. */
  async close(): Promise<void> {
    if (!this.#ownsClient) return;
    const ended = once(this.client, 'end');
    await this.client.quit();
    await ended;
  }

  #decode(fullKey: string, raw: string | null): V | undefined {
    if (raw === null) return undefined;
    if (this.#sealer) return this.#sealer.unseal<V>(fullKey, raw);
    try {
      return JSON.parse(raw) as V;
    } catch (cause) {
      // Neither the key (it may be a `state`) nor the value is quoted.
      throw new ResponseError('UNEXPECTED_RESPONSE', `a value under Redis prefix "${this.prefix}" is not JSON`, undefined, { cause });
    }
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (cause) {
      throw new NetworkError(this.#where, { cause: withoutCommand(cause) });
    }
  }
}

/**
 * ioredis attaches the failed command, arguments included, to its errors: those arguments are stored
 * values (tokens). Only the kind of failure is kept: the socket error code (ECONNREFUSED), the Redis
 * error prefix (WRONGTYPE, NOPERM) or the error class name.
 */
function withoutCommand(cause: unknown): Error {
  if (!(cause instanceof Error)) return new Error('unknown Redis failure');
  const socketCode = (cause as Error & { code?: unknown }).code;
  const redisCode = cause.name === 'ReplyError' ? cause.message.split(' ', 1)[0] : undefined;
  const kind = typeof socketCode === 'string' ? socketCode : redisCode || cause.name;
  return Object.assign(new Error(`Redis failure: ${kind}`), { code: kind });
}
