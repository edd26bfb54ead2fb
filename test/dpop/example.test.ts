// The README's PAR and DPoP example, run as a reader would run it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('examples/par-dpop.ts pushes the request, binds the token to a restored key and shows the nonce retries', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/par-dpop.ts'], { cwd: ROOT, timeout: 60_000 });
  expect(stdout).toMatch(/^send the browser to http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?client_id=[^&]+&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A\S+$/m);
  expect(stdout).toContain('token_type: DPoP');
  expect(stdout).toMatch(/^signed in as Ada Lovelace \(key [\w-]{43}\)$/m);
  expect(stdout).toContain(' POST /oauth/par → 201\n GET /oauth/authorize → 302\n POST /oauth/token → 400 (token endpoint: DPoP proof needs a current server nonce)\n POST /oauth/token → 200\n GET /api/me → 401 (API: DPoP proof needs a current server nonce)\n GET /api/me → 200');
}, 90_000);
