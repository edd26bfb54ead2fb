// `npm run fuzz`: the fuzz suite with ten times the default runs (FUZZ_RUNS=10, over 100,000 inputs), the
// same on every OS (no shell syntax for the variable), each property reporting its inputs and time.
// FUZZ_RUNS set by the caller wins; extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10', FUZZ_REPORT: '1' };
const run = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
