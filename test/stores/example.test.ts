// The README's "Tokens at rest" example, run as a reader would run it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { POSTGRES_URL, describeWithPostgres } from './postgres-env.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describeWithPostgres('examples/tokens-at-rest.ts', () => {
  it('stores the token sealed in PostgreSQL and refreshes it under the lock', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/tokens-at-rest.ts'], {
      cwd: ROOT,
      env: { ...process.env, POSTGRES_URL },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^in the database: \{"value":"v1\./m);
    expect(stdout).toContain('token readable in the database: false');
    expect(stdout).toContain('getToken gives: at-refreshed');
  }, 90_000);
});
