import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe } from 'vitest';

/** The test server `.ci/redis.sh start` runs; override with REDIS_URL. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6390';

async function redisAnswers(url: string): Promise<boolean> {
  // No retries and no offline queue: an absent server must fail the probe at once, not hang it.
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const available = await redisAnswers(REDIS_URL);
if (!available) {
  const hint = `no Redis answers at ${REDIS_URL}; start one with \`.ci/redis.sh start\` (or set REDIS_URL)`;
  // In CI a missing server is a broken setup, never a quiet pass.
  if (process.env.CI) throw new Error(`Redis tests cannot run: ${hint}`);
  console.warn(`Skipping Redis tests: ${hint}`);
}

/** `describe` when a Redis server answers, `describe.skip` otherwise (outside CI). */
export const describeWithRedis = describe.skipIf(!available);

/** A key prefix no other test run uses, so parallel runs against one server do not collide. */
export function uniquePrefix(label: string): string {
  return `oauth-registry-test:${label}:${randomUUID()}:`;
}

/** Removes every key under `prefix` (SCAN, not KEYS, so a shared server is not blocked). */
export async function deleteKeysUnder(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 200);
    if (keys.length) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
