// A cross-process lock on PostgreSQL session advisory locks, for what Keyv cannot do atomically: the token
// manager's refresh lock and KeyvStore's `take`. (PostgreSQL docs, "Advisory Locks", §13.3.5.)
import { ConfigError, StoreError } from '../errors.ts';
import { describeCause } from '../util/redact.ts';

/** What PostgresLock uses of a node-postgres `pg.Pool`; typed here so this module loads no driver. */
export interface PostgresPool {
  connect(): Promise<PostgresPoolClient>;
}

export interface PostgresPoolClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** `true` (or an error) closes the connection instead of returning it to the pool. */
  release(destroy?: boolean | Error): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

export interface PostgresLockOptions {
  /** A pool on the database every instance shares; the lock never ends it. */
  pool: PostgresPool;
  /** Put before every lock name, so other users of the database's advisory locks keep apart. Default `oauth-registry:`. */
  prefix?: string;
  /** Longest wait for a connection and the lock query before failing. Default 10,000 ms. */
  timeoutMs?: number;
}

const TRY_LOCK = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired';
const UNLOCK = 'SELECT pg_advisory_unlock(hashtextextended($1, 0)) AS released';

/**
 * Each held lock keeps one pooled connection checked out: a session-level advisory lock lasts until it is
 * unlocked or its session ends, so the lock has no TTL to renew, and a holder that dies (its connection
 * drops) frees it at once. Size the pool for the refreshes that run at once plus the app's own queries.
 * It needs a direct connection or session pooling: a transaction-pooling proxy (PgBouncer's
 * `pool_mode=transaction`) would hand the session to someone else between statements.
 */
export class PostgresLock {
  readonly #pool: PostgresPool;
  readonly #prefix: string;
  readonly #timeoutMs: number;

  constructor(options: PostgresLockOptions) {
    if (!options.pool || typeof options.pool.connect !== 'function') {
      throw new ConfigError('CONFIG_INVALID', 'PostgresLock needs a `pool` (a pg.Pool)');
    }
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ConfigError('CONFIG_INVALID', `PostgresLock timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
    }
    this.#pool = options.pool;
    this.#prefix = options.prefix ?? 'oauth-registry:';
    this.#timeoutMs = timeoutMs;
  }

  /** Tries once, without waiting for a holder: a release function, or undefined while another session holds it. */
  async lock(name: string): Promise<(() => Promise<void>) | undefined> {
    const lockName = this.#prefix + name;
    const attempt = this.#tryLock(lockName);
    const outcome = await withTimeout(attempt, this.#timeoutMs).catch((cause: unknown) => {
      throw new StoreError('STORE_FAILED', `PostgresLock: taking a lock failed (${describeCause(cause)})`, { cause });
    });
    if (outcome === 'timed out') {
      // The attempt may still succeed later: whatever it gets is given back then.
      attempt.then((late) => late?.release(), () => {}).catch(() => {});
      throw new StoreError('STORE_FAILED', `PostgresLock: no connection and answer within ${this.#timeoutMs} ms`);
    }
    return outcome?.release;
  }

  async #tryLock(lockName: string): Promise<{ release: () => Promise<void> } | undefined> {
    const client = await this.#pool.connect();
    let acquired: unknown;
    try {
      acquired = (await client.query(TRY_LOCK, [lockName])).rows[0]?.acquired;
    } catch (error) {
      client.release(true);
      throw error;
    }
    if (acquired !== true) {
      client.release();
      return undefined;
    }
    // A pool watches only its idle clients: a held one whose connection drops (a database restart) would
    // otherwise throw an unhandled 'error' event. The lock is gone with the session; release reports it.
    const ignoreDrop = () => {};
    client.on('error', ignoreDrop);
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        try {
          await client.query(UNLOCK, [lockName]);
          client.off('error', ignoreDrop);
          client.release();
        } catch (cause) {
          // Ending the session frees every advisory lock it held, so the lock is gone either way.
          client.release(true);
          throw new StoreError('STORE_FAILED', `PostgresLock: releasing a lock failed (${describeCause(cause)})`, { cause });
        }
      },
    };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
