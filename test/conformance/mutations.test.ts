// Mutation check over providers/: for each quirk field a manifest sets, a client built from the manifest with
// that field reset to its default must fail against the emulator of the real manifest. Each provider's group
// first runs the unmutated client as the control; a manifest without quirks has just the control.
import { describe, expect, it } from 'vitest';
import { controlOutcome, mutantOutcome, QUIRK_FIELDS, usedQuirkFields } from '../../src/emulator/conformance/mutations.ts';
import { loadProviderManifests } from '../provider-manifests.ts';
import { loadQuirkFixtures } from './quirk-fixtures.ts';

for (const { id, manifest } of loadProviderManifests()) {
  describe(`${id}: a client ignoring a quirk is rejected`, () => {
    it('control: the client of the unmutated manifest completes the flow', async () => {
      const outcome = await controlOutcome(manifest);
      expect(outcome.failed ? outcome.error : undefined).toBeUndefined();
    });

    it.each(usedQuirkFields(manifest))('%s reset to its default', async (field) => {
      const outcome = await mutantOutcome(manifest, field);
      expect(outcome.failed, `${id} with ${field} reset completed ${outcome.failed ? '' : outcome.steps.join(', ')}`).toBe(true);
    });
  });
}

describe('quirk coverage', () => {
  it('every quirk field is exercised by a mutant of a providers/ manifest or of a quirk fixture', () => {
    const used = new Set([...loadProviderManifests(), ...loadQuirkFixtures()].flatMap(({ manifest }) => usedQuirkFields(manifest)));
    // Fields with no reset of their own: a secret hash goes with token.clientAuth secret_hash (that mutant covers
    // it), and token.response.error only renames how an error reads, which the negatives check instead.
    expect(QUIRK_FIELDS.filter((field) => !used.has(field) && field !== 'token.secretHash' && field !== 'token.response.error')).toEqual([]);
  });
});
