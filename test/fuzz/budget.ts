// How many inputs each fuzz property tries, in one place, so the suite's total is known and checked: every
// property runs through checkProperty, which fails unless the property really tried its share, and
// budget.test.ts adds the shares up (and prints them).
import fc from 'fast-check';
import { expect } from 'vitest';
import { fuzzParameters, fuzzRuns } from './helpers.ts';

/** Base runs per property (FUZZ_RUNS multiplies them). Tuned so test/fuzz stays near 20 s on two cores. */
export const BASE_RUNS = {
  'manifest loader: mutated real manifests': 300,
  'manifest loader: grafted structures': 200,
  'manifest loader: arbitrary text': 300,
  'URL variables: authorize()': 600,
  'token endpoint: answers through callback()': 2300,
  'token endpoint: raw answers over loopback HTTP': 100,
  'profile: answers through profile()': 1000,
  'profile: OIDC userinfo through profile() and userinfo()': 300,
  'OAuth 1: temporary-credentials answers through authorize()': 500,
  'OAuth 1: token-credentials answers through callback()': 500,
  'id_token: JWT-like strings': 500,
  'id_token: mutated signed id_tokens': 700,
  'id_token: signed id_tokens with random claims': 300,
  'id_token: random JWKS documents': 300,
  'callback: random inputs through callback()': 1600,
  'web handler: GET routes over HTTP': 300,
  'web handler: POST callbacks over HTTP': 300,
  'device grant: authorization answers through deviceAuthorization()': 300,
  'device grant: poll answers through pollDeviceToken()': 300,
  'PAR: pushed-request answers through authorize()': 300,
  'DPoP: token answers through callback()': 300,
  'DPoP: API answers and challenges through get()': 300,
} as const;

export type PropertyName = keyof typeof BASE_RUNS;

/** What one `npm test` run tries with this FUZZ_RUNS. */
export function totalRuns(): number {
  return Object.values(BASE_RUNS).reduce((sum, base) => sum + fuzzRuns(base), 0);
}

/**
 * Runs `property` with a fixed seed and its budgeted runs, then checks that it tried exactly that many
 * inputs (a property that stopped early, or was skipped by preconditions, would be counted short).
 */
export async function checkProperty<Ts>(name: PropertyName, seed: number, property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>, extra: Partial<fc.Parameters<Ts>> = {}): Promise<void> {
  let tried = 0;
  const count = fc.afterEach(() => {
    tried += 1;
  });
  const parameters = { ...(fuzzParameters(seed, BASE_RUNS[name]) as fc.Parameters<Ts>), ...extra, plugins: [count as fc.Plugin<Ts>] };
  const started = performance.now();
  // The checks read err.stack of every error; vite's source-mapped stack rewriting would cost more than the
  // run itself. V8's own formatting shows the same message and frames (unmapped) while the property runs.
  const errorClass = Error as { prepareStackTrace?: unknown };
  const prepare = errorClass.prepareStackTrace;
  errorClass.prepareStackTrace = undefined;
  try {
    await fc.assert(property as fc.IRawProperty<Ts>, parameters);
  } finally {
    errorClass.prepareStackTrace = prepare;
  }
  // Long runs (npm run fuzz sets FUZZ_REPORT) say what each property tried and how long it took.
  if (process.env.FUZZ_REPORT) process.stdout.write(`fuzz: ${name}: ${tried} inputs in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  expect(tried, `${name}: inputs tried`).toBe(fuzzRuns(BASE_RUNS[name]));
}
