import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

/** The test server `.ci/postgres.sh start` runs; override with POSTGRES_URL. */
export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5439/postgres';

async function postgresAnswers(url: string): Promise<boolean> {
  // A short connect timeout: an absent server must fail the probe at once, not hang it.
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    const { rows } = await probe.query<{ one: number }>('SELECT 1 AS one');
    return rows[0]?.one === 1;
  } catch {
    return false;
  } finally {
    await probe.end().catch(() => {});
  }
}

const available = await postgresAnswers(POSTGRES_URL);
if (!available) {
  const hint = `no PostgreSQL answers at ${POSTGRES_URL}; start one with \`.ci/postgres.sh start\` (or set POSTGRES_URL)`;
  // In CI a missing server is a broken setup, and so is a POSTGRES_URL that was set on purpose: never a quiet pass.
  if (process.env.CI || process.env.POSTGRES_URL) throw new Error(`PostgreSQL tests cannot run: ${hint}`);
  console.warn(`Skipping PostgreSQL tests: ${hint}`);
}

/** `describe` when a PostgreSQL server answers, `describe.skip` otherwise (outside CI). */
export const describeWithPostgres = describe.skipIf(!available);

/** A table name no other test run uses, so parallel runs against one server do not collide. */
export function uniqueTable(label: string): string {
  return `oauth_registry_test_${label}_${randomUUID().replaceAll('-', '')}`;
}

/** A pool that gives up instead of hanging when the server is gone. */
export function testPool(max = 10, applicationName = 'oauth-registry-test'): pg.Pool {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max, connectionTimeoutMillis: 5_000, query_timeout: 10_000, application_name: applicationName });
  pool.on('error', () => {});
  return pool;
}
