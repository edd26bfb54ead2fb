// The suite's size, added up from every property's budget (each property checks it tried its share):
// at least 10,000 inputs in a default run, and FUZZ_RUNS times as many in a long one.
import { describe, expect, it } from 'vitest';
import { BASE_RUNS, totalRuns } from './budget.ts';
import { fuzzRuns } from './helpers.ts';

describe('fuzz budget', () => {
  it('tries at least 10,000 inputs per run, scaled by FUZZ_RUNS', () => {
    const multiplier = Number(process.env.FUZZ_RUNS ?? '1');
    const lines = Object.entries(BASE_RUNS).map(([name, base]) => `  ${String(fuzzRuns(base)).padStart(7)}  ${name}`);
    console.log(`fuzz inputs per property (FUZZ_RUNS=${multiplier}):\n${lines.join('\n')}\n  ${String(totalRuns()).padStart(7)}  in all`);
    expect(totalRuns()).toBeGreaterThanOrEqual(Math.floor(10_000 * multiplier));
  });
});
