// Conformance, generated from providers/: every manifest runs the full flow through the real runtime against
// the emulator over real HTTP, plus the negatives every provider must refuse.
import { afterEach, describe, expect, it } from 'vitest';
import { dpopSignIn, offersOptionalDpop } from '../../src/emulator/conformance/dpop.ts';
import { fullFlow, setUp, type FlowSetup } from '../../src/emulator/conformance/flow.ts';
import { negativeChecks } from '../../src/emulator/conformance/negatives.ts';
import { loadProviderManifests, loadRetiredManifests } from '../provider-manifests.ts';

const completed = new Set<string>();

let open: FlowSetup | undefined;
afterEach(async () => {
  await open?.emulator.close();
  open = undefined;
});

for (const { id, manifest } of loadProviderManifests()) {
  describe(`${id} (${manifest.protocol})`, () => {
    it('completes authorize → consent → callback → token → API → profile → refresh → revoke', async () => {
      const setup = (open = await setUp(manifest));
      const steps = await fullFlow(setup, manifest);
      expect(steps[0]).toBe('token');
      if (manifest.profile) expect(steps).toContain('profile');
      if (setup.emulator.endpoints.revoke) expect(steps).toContain('revoke');
      expect(setup.emulator.requests.filter((r) => r.status >= 400)).toEqual([]);
      completed.add(id);
    });

    if (offersOptionalDpop(manifest)) it('signs in with DPoP-bound tokens when the client asks for them', () => dpopSignIn(manifest));

    for (const check of negativeChecks(manifest)) it(check.name, () => check.run(manifest));
  });
}

describe('coverage of providers/', () => {
  it('ran the full flow for every manifest file but the retired ones', () => {
    const ids = loadProviderManifests().map((file) => file.id);
    expect(loadRetiredManifests().filter((file) => completed.has(file.id))).toEqual([]);
    expect(ids).not.toEqual([]);
    expect(ids.filter((id) => !completed.has(id))).toEqual([]);
  });
});
