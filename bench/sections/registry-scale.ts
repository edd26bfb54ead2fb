// Section 8: what the registry's size costs. The package is built twice more, from the five seed manifests
// and from 300 (the registry plus synthetic copies of its manifests), and the same probes run in both
// projects in turns: cold `createClient('github')` from the main entry, cold import of one provider, the
// CLI's validate and codegen over the shipped providers/, and `check` (flow, negatives, mutations) of one
// manifest and of all of them.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runNode } from '../lib/child.ts';
import type { Workspace } from '../lib/consumer.ts';
import { variantProject } from '../lib/package-variant.ts';
import { median, medianRatio, ms, times, verdict } from '../lib/stats.ts';
import { markdownTable, printSection } from '../lib/table.ts';

type Case = { label: string; args: (project: string, out: string) => string[]; target?: { atMostMs?: number; flat?: boolean } };

const bin = (project: string) => join(project, 'node_modules/oauth-registry/dist/cli/bin.js');
const shipped = (project: string) => join(project, 'node_modules/oauth-registry/providers');

const CASES: Case[] = [
  { label: "cold `createClient('github').authorize()` from `oauth-registry`", args: () => ['probes/cold-ours-main.mjs'], target: { flat: true } },
  { label: 'cold `createGithubClient().authorize()` from `oauth-registry/providers/github`', args: () => ['probes/cold-ours-github.mjs'], target: { flat: true } },
  { label: '`oauth-registry validate` over providers/', args: (project) => [bin(project), 'validate', shipped(project)], target: { atMostMs: 1000 } },
  { label: '`oauth-registry codegen` over providers/', args: (project, out) => [bin(project), 'codegen', '--providers', shipped(project), '--out', out], target: { atMostMs: 3000 } },
  { label: '`oauth-registry check providers/github.yaml` (flow, negatives, mutations)', args: (project) => [bin(project), 'check', join(shipped(project), 'github.yaml')], target: { flat: true } },
];

/** Noise allowance for "unchanged": paired ratios on this shared 2-core machine move by about this much. */
const FLAT_WITHIN = 1.1;

export async function registryScale(workspace: Workspace, samples: number): Promise<void> {
  const five = await variantProject(workspace, 'five');
  const large = await variantProject(workspace, 'three-hundred');
  const out = await mkdtemp(join(workspace.dir, 'scale-codegen-'));
  const time = async (project: string, args: string[]) => (await runNode(args, { cwd: project })).wallMs;
  const rows: string[][] = [];
  const verdicts: string[][] = [];
  for (const { label, args, target } of CASES) {
    await time(five.project, args(five.project, out)); // warm the OS file cache; not counted
    await time(large.project, args(large.project, out));
    const small: number[] = [];
    const big: number[] = [];
    for (let round = 0; round < samples; round++) {
      // In turns, alternating which goes first, so drift on the shared machine hits both alike.
      if (round % 2) big.push(await time(large.project, args(large.project, out)));
      small.push(await time(five.project, args(five.project, out)));
      if (!(round % 2)) big.push(await time(large.project, args(large.project, out)));
    }
    const ratio = medianRatio(big, small);
    rows.push([label, ms(median(small)), ms(median(big)), times(ratio)]);
    if (target?.atMostMs) verdicts.push([label, `${ms(median(big))} ms`, `< ${target.atMostMs} ms with ${large.manifests}`, verdict(median(big) < target.atMostMs)]);
    if (target?.flat) verdicts.push([label, times(ratio), `≤ ${times(FLAT_WITHIN)} (unchanged within noise)`, verdict(ratio <= FLAT_WITHIN)]);
  }
  // The whole registry checked once: the per-manifest cost of what the conformance suites run.
  const whole = await runNode([bin(large.project), 'check', shipped(large.project)], { cwd: large.project });
  const perManifest = whole.wallMs / large.manifests;
  await rm(out, { recursive: true, force: true });
  printSection(`8. Registry scale: ${five.manifests} vs ${large.manifests} manifests (${samples} samples each, fresh process per sample, in turns)`, [
    markdownTable(['what', `>${five.manifests} manifests ms (median)`, `>${large.manifests} manifests ms (median)`, `>${large.manifests} ÷ ${five.manifests} (median of pairs)`], rows),
    markdownTable(['target', '>measured', '>target', 'verdict'], verdicts),
    `\`oauth-registry check\` over all ${large.manifests} manifests, serially in one process: ${(whole.wallMs / 1000).toFixed(1)} s, ${ms(perManifest)} ms per manifest.`,
  ]);
}
