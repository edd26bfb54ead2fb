// Shared by the fuzz suites: how many runs, planted secrets and the check that none of them leaks through
// any rendering of an error, and a bound that turns a hang into a failure.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { expect } from 'vitest';
import { OAuthRegistryError } from '../../src/errors.ts';

/**
 * `base` runs scaled by FUZZ_RUNS (a multiplier, default 1): `FUZZ_RUNS=20 npx vitest run test/fuzz` for a
 * long run. Seeds are fixed, so a given FUZZ_RUNS always tries the same inputs.
 */
export function fuzzRuns(base: number): number {
  return Math.max(1, Math.round(base * runMultiplier()));
}

/** Vitest's per-test timeout for a fuzz test: 20 s at the default run count, scaled with FUZZ_RUNS. */
export function fuzzTimeout(): number {
  return Math.max(20_000, Math.ceil(20_000 * runMultiplier()));
}

function runMultiplier(): number {
  const multiplier = Number(process.env.FUZZ_RUNS ?? '1');
  if (!Number.isFinite(multiplier) || multiplier <= 0) throw new Error(`FUZZ_RUNS must be a positive number, got "${process.env.FUZZ_RUNS}"`);
  return multiplier;
}

/** fc.assert parameters: a fixed seed, scaled runs, and the failing input printed in full. */
export function fuzzParameters(seed: number, baseRuns: number): fc.Parameters<unknown> {
  return { seed, numRuns: fuzzRuns(baseRuns), verbose: 1, endOnFailure: false };
}

/** Values that must never appear in an error: each starts PLANTED-SECRET- so a leak is easy to spot. */
export const PLANTED = {
  clientSecret: 'PLANTED-SECRET-client-secret-5c1f0e',
  accessToken: 'PLANTED-SECRET-access-token-9a7d22',
  refreshToken: 'PLANTED-SECRET-refresh-token-31b8c4',
  code: 'PLANTED-SECRET-code-e04a9b',
} as const;

export const PLANTED_SECRETS: readonly string[] = Object.values(PLANTED);

/** Every way an error reaches a log: message, String(), stack, and util.inspect (which shows cause and fields). */
export function renderings(error: unknown): Record<'message' | 'string' | 'stack' | 'inspect', string> {
  const asError = error as Partial<Error> | null | undefined;
  return {
    message: String(asError?.message ?? ''),
    string: String(error),
    stack: String(asError?.stack ?? ''),
    inspect: inspect(error, { depth: 8 }),
  };
}

/** Fails when any rendering of `error` contains any of `secrets`, naming the rendering and the secret. */
export function expectNoSecrets(error: unknown, secrets: readonly string[] = PLANTED_SECRETS): void {
  const leaks: string[] = [];
  for (const [how, text] of Object.entries(renderings(error))) {
    for (const secret of secrets) if (text.includes(secret)) leaks.push(`${how} contains ${secret}`);
  }
  if (leaks.length > 0) throw new Error(`planted secret leaked: ${leaks.join('; ')}`);
}

/** The error must be one of ours (a typed OAuthRegistryError with a code) and leak no planted secret. */
export function expectTypedError(error: unknown, secrets: readonly string[] = PLANTED_SECRETS): asserts error is OAuthRegistryError {
  if (!(error instanceof OAuthRegistryError)) {
    throw new Error(`expected an OAuthRegistryError, got ${inspect(error, { depth: 2 })}`);
  }
  expect(error.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  expectNoSecrets(error, secrets);
}

/** A synchronous run longer than this counts as a hang (it cannot be interrupted, only measured). */
export const HANG_MS = 2000;

/** Runs `work` and fails when it took longer than HANG_MS; returns what it returned or threw. */
export function timed<T>(work: () => T): { value?: T; error?: unknown; threw: boolean } {
  const started = performance.now();
  let outcome: { value?: T; error?: unknown; threw: boolean };
  try {
    outcome = { value: work(), threw: false };
  } catch (error) {
    outcome = { error, threw: true };
  }
  const elapsed = performance.now() - started;
  if (elapsed > HANG_MS) throw new Error(`took ${Math.round(elapsed)} ms (more than ${HANG_MS} ms counts as a hang)`);
  return outcome;
}

/** Strings that break naive URL, path, YAML and header handling, to mix into generated text. */
export const HOSTILE_FRAGMENTS = [
  '/', '..', '.', '?', '#', '@', '%', '%2e%2e', '%2F', ':', '\\', '&', '=', '+', ' ', '\t', '\r\n', '\n', '\0',
  '\uD800', '\uDFFF', '\uFFFD', 'é', '€', '\u{1F600}', '\u202E', '{', '}', '{{', '}}', '[', ']', '*', '&a', '*a',
  '!!binary', '---', '- ', ': ', "'", '"', '`', '|', '>', '<<', '__proto__', 'constructor', 'evil.example', '//evil.example',
] as const;

/**
 * Any code points, lone surrogates included: what fc.string({ unit: 'binary' }) gives, without the second
 * or two that building that arbitrary costs in every test file (it maps all 1.1 million code points).
 */
export function anyCodePoints(maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength }).map((codes) => String.fromCodePoint(...codes));
}

/** Mostly hostile text: fragments, lone surrogates and arbitrary code points, mixed. */
export function hostileString(maxLength = 12): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 3 }) },
    { weight: 1, arbitrary: anyCodePoints(2) },
    { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)) },
  );
  return fc.array(unit, { maxLength }).map((parts) => parts.join(''));
}
