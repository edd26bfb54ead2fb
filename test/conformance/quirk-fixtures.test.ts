// Quirks no provider in providers/ uses yet still get proven end to end: each manifest in fixtures/ runs the
// full flow, the negatives and one mutant per quirk field against the emulator.
import { describe, expect, it } from 'vitest';
import { controlOutcome, fullFlow, mutantOutcome, negativeChecks, setUp, usedQuirkFields } from '../../src/emulator/conformance/index.ts';
import { loadQuirkFixtures } from './quirk-fixtures.ts';

const fixtures = loadQuirkFixtures();

for (const { id, manifest } of fixtures) {
  describe.concurrent(id, () => {
    it('completes the full flow', async () => {
      const setup = await setUp(manifest);
      try {
        await fullFlow(setup, manifest);
        expect(setup.emulator.requests.filter((request) => request.status >= 400)).toEqual([]);
      } finally {
        await setup.emulator.close();
      }
    });

    for (const check of negativeChecks(manifest)) it(check.name, () => check.run(manifest));

    it('control: the unmutated client completes the flow', async () => {
      const outcome = await controlOutcome(manifest);
      expect(outcome.failed ? outcome.error : undefined).toBeUndefined();
    });

    it.each(usedQuirkFields(manifest))('a client ignoring %s is rejected', async (field) => {
      const outcome = await mutantOutcome(manifest, field);
      expect(outcome.failed, `${id} with ${field} reset completed ${outcome.failed ? '' : outcome.steps.join(', ')}`).toBe(true);
    });
  });
}
