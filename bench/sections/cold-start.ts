// Section 1: a fresh `node` process per sample that imports a library, builds one authorization URL and
// exits. Cases run in turns (A B C…, then …C B A), so each pair of samples saw the same machine state.
import { join } from 'node:path';
import { lastJson, runNode } from '../lib/child.ts';
import type { Workspace } from '../lib/consumer.ts';
import { median, medianRatio, ms, times, verdict } from '../lib/stats.ts';
import { markdownTable, printSection } from '../lib/table.ts';

const CASES = {
  empty: ['node, empty module (the floor)', 'cold-empty.mjs'],
  arctic: ['arctic `GitHub.createAuthorizationURL`', 'cold-arctic.mjs'],
  oursMain: ['ours, `oauth-registry` `createClient(\'github\').authorize()`', 'cold-ours-main.mjs'],
  oursGithub: ['ours, `oauth-registry/providers/github` `createGithubClient().authorize()`', 'cold-ours-github.mjs'],
  openid: ['openid-client `new Configuration()` + `buildAuthorizationUrl` (+ PKCE)', 'cold-openid-client.mjs'],
} as const;
type CaseName = keyof typeof CASES;

interface Sample {
  wallMs: number;
  maxRssKb: number;
}

export async function coldStart(workspace: Workspace, pairs: number): Promise<void> {
  const names = Object.keys(CASES) as CaseName[];
  const sample = async (name: CaseName): Promise<Sample> => {
    const { wallMs, stdout } = await runNode([join('probes', CASES[name][1])], { cwd: workspace.project });
    return { wallMs, maxRssKb: lastJson<{ maxRssKb: number }>(stdout).maxRssKb };
  };
  for (const name of names) await sample(name); // warm the OS file cache; not counted
  const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]])) as Record<CaseName, Sample[]>;
  for (let round = 0; round < pairs; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) samples[name].push(await sample(name));
  }

  const wall = (name: CaseName) => samples[name].map((s) => s.wallMs);
  const floor = median(wall('empty'));
  const ratioToArctic = (name: CaseName) => medianRatio(wall(name), wall('arctic'));
  const rows = names.map((name) => [
    CASES[name][0],
    ms(median(wall(name))),
    name === 'empty' ? '—' : ms(median(wall(name)) - floor),
    name === 'empty' || name === 'arctic' ? '—' : times(ratioToArctic(name)),
    (median(samples[name].map((s) => s.maxRssKb)) / 1024).toFixed(1),
  ]);
  const targets = (['oursMain', 'oursGithub'] as const).map((name) => {
    const ratio = ratioToArctic(name);
    return [CASES[name][0], times(ratio), '≤ 1.00×', verdict(ratio <= 1)];
  });
  printSection(`1. Cold start: import + one authorization URL, fresh process per sample (${pairs} samples each, alternating)`, [
    markdownTable(['what', '>median wall ms', '>above the floor ms', '>÷ arctic (median of pairs)', '>peak RSS MiB (median)'], rows),
    `ours (main entry) ÷ openid-client, median of pairs: ${times(medianRatio(wall('oursMain'), wall('openid')))}`,
    markdownTable(['target', '>measured', '>target', 'verdict'], targets),
  ]);
}
