// Section 7: the build-time tools on the installed dist/: the CLI's codegen over every shipped manifest,
// and loading + validating every shipped providers/*.yaml (the start-up cost precompiled manifests avoid).
// Fresh processes, cases in turns, medians.
import { join } from 'node:path';
import { lastJson, runNode } from '../lib/child.ts';
import type { Workspace } from '../lib/consumer.ts';
import { median, ms } from '../lib/stats.ts';
import { markdownTable, printSection } from '../lib/table.ts';

interface Sample {
  wallMs: number;
  inProcessMs: number | undefined;
}

export async function tooling(workspace: Workspace, samples: number): Promise<void> {
  const { project } = workspace;
  const installed = join(project, 'node_modules/oauth-registry');
  const out = join(workspace.dir, 'codegen-out');
  const cases: [string, string[]][] = [
    ['node, empty module (the floor)', ['probes/cold-empty.mjs']],
    ['`dist/cli/bin.js codegen` over every shipped manifest', [join(installed, 'dist/cli/bin.js'), 'codegen', '--providers', join(installed, 'providers'), '--out', out]],
    ['`loadAnyManifestFile` (oauth-registry/manifest) on every shipped providers/*.yaml', ['probes/load-manifests.mjs']],
  ];
  const once = async (args: string[]): Promise<Sample> => {
    const { wallMs, stdout } = await runNode(args, { cwd: project });
    const last = stdout.trim().split('\n').at(-1) ?? '';
    return { wallMs, inProcessMs: last.startsWith('{"inProcessMs"') ? lastJson<{ inProcessMs: number }>(stdout).inProcessMs : undefined };
  };
  for (const [, args] of cases) await once(args); // warm the OS file cache; not counted
  const results = cases.map(() => [] as Sample[]);
  for (let round = 0; round < samples; round++) {
    const order = round % 2 ? [...cases.keys()].reverse() : [...cases.keys()];
    for (const index of order) results[index]!.push(await once(cases[index]![1]));
  }
  const rows = cases.map(([label], index) => {
    const inProcess = results[index]!.flatMap((sample) => (sample.inProcessMs === undefined ? [] : [sample.inProcessMs]));
    return [label, ms(median(results[index]!.map((sample) => sample.wallMs))), inProcess.length ? ms(median(inProcess)) : '—'];
  });
  printSection(`7. Tooling on the built package (${samples} samples each, fresh process per sample, in turns)`, [
    markdownTable(['what', '>process wall ms (median)', '>in-process ms (median)'], rows),
  ]);
}
