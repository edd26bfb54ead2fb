// Everything the emulator proves about one manifest, as data: the full flow, the negatives, and the mutants.
// `oauth-registry check` prints it; the conformance suite runs the same steps as separate tests.
import { dpopSignIn, offersOptionalDpop } from './dpop.ts';
import type { ProviderManifest } from '../../manifest/schema.ts';
import { fullFlow, setUp } from './flow.ts';
import { controlOutcome, mutantOutcome, usedQuirkFields } from './mutations.ts';
import { negativeChecks } from './negatives.ts';

export { fullFlow, setUp, consent, REDIRECT_URI, type FlowSetup } from './flow.ts';
export { negativeChecks, expectRefusal } from './negatives.ts';
export { QUIRK_FIELDS, usedQuirkFields, mutantOutcome, controlOutcome, withoutField } from './mutations.ts';

export interface CheckResult {
  name: string;
  passed: boolean;
  /** What happened, for a failed check; the completed steps for the flow. */
  detail?: string;
}

export interface ConformanceReport {
  id: string;
  results: CheckResult[];
  passed: boolean;
}

/** Runs the flow, every negative check and (unless `mutations` is false) every mutant of `manifest`. */
export async function checkConformance(manifest: ProviderManifest, options: { mutations?: boolean } = {}): Promise<ConformanceReport> {
  const results: CheckResult[] = [];
  const record = async (name: string, run: () => Promise<string | undefined>) => {
    try {
      const detail = await withDeadline(run(), CHECK_DEADLINE_MS, name);
      results.push({ name, passed: true, ...(detail ? { detail } : {}) });
    } catch (error) {
      results.push({ name, passed: false, detail: describe(error) });
    }
  };
  await record('full flow', async () => {
    const setup = await setUp(manifest);
    try {
      const steps = await fullFlow(setup, manifest);
      const refused = setup.emulator.requests.filter((request) => request.status >= 400);
      if (refused.length) throw new Error(`the emulator refused ${refused.map((r) => `${r.method} ${r.path}: ${r.rejection ?? r.status}`).join('; ')}`);
      return steps.join(', ');
    } finally {
      await setup.emulator.close();
    }
  });
  if (offersOptionalDpop(manifest)) await record('DPoP sign-in', async () => (await dpopSignIn(manifest)).join(', '));
  for (const check of negativeChecks(manifest)) await record(check.name, () => check.run(manifest).then(() => undefined));
  if (options.mutations !== false) {
    const fields = usedQuirkFields(manifest);
    if (fields.length) {
      const control = await controlOutcome(manifest);
      if (control.failed) results.push({ name: 'mutation control', passed: false, detail: describe(control.error) });
      else {
        for (const field of fields) {
          await record(`a client ignoring ${field} is rejected`, async () => {
            const outcome = await mutantOutcome(manifest, field);
            if (!outcome.failed) throw new Error(`the mutant completed ${outcome.steps.join(', ')}: the emulator does not enforce ${field}`);
            return undefined;
          });
        }
      }
    }
  }
  return { id: manifest.id, results, passed: results.every((result) => result.passed) };
}

/** No check may hang the run: one that takes longer fails, saying so. */
const CHECK_DEADLINE_MS = 30_000;

function withDeadline<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not finish within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
