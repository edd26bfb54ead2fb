import { ConfigError } from '../errors.ts';

/** A TTL must be a positive finite number of milliseconds; 0 or NaN would silently mean "never stored". */
export function assertTtl(ttlMs: number | undefined): void {
  if (ttlMs === undefined) return;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new ConfigError('CONFIG_INVALID', `store TTL must be a positive number of milliseconds, got ${ttlMs}`);
  }
}
