// Section 4: what a protected-resource GET costs on top of the HTTP stack, on loopback. One child process
// makes the calls (raw fetch, ky used directly, ours), another serves them; the callers take turns in
// blocks of 250 calls (bench/probes/api-overhead.mjs), and each round sums a caller's blocks.
import { lastJson, runNode } from '../lib/child.ts';
import type { Workspace } from '../lib/consumer.ts';
import { startLoopbackServer } from '../lib/loopback-server.ts';
import { median, medianRatio, ms, times, verdict } from '../lib/stats.ts';
import { markdownTable, printSection } from '../lib/table.ts';

const CALLS = 10_000;
const POOL = 50;
const TARGET_OVER_KY = 1.02;
type Caller = 'fetch' | 'ky' | 'ours';
type Measure = 'wallMs' | 'cpuMs';
type Result = Record<'sequential' | 'pooled', Record<Caller, Record<Measure, number[]>>>;

export async function apiOverhead(workspace: Workspace, rounds: number): Promise<void> {
  const server = await startLoopbackServer(workspace.project);
  let result: Result;
  try {
    const { stdout } = await runNode(['probes/api-overhead.mjs', server.url, String(CALLS), String(rounds), String(POOL)], { cwd: workspace.project });
    result = lastJson<Result>(stdout);
  } finally {
    await server.close();
  }
  const modes = [
    ['sequential', `one at a time, ${CALLS.toLocaleString('en')} calls`],
    ['pooled', `${POOL} concurrent (a pool of ${POOL} workers), ${CALLS.toLocaleString('en')} calls`],
  ] as const;
  const perThousand = (samples: number[]) => ms(median(samples) / (CALLS / 1000));
  const table = (measure: Measure) =>
    modes.map(([mode, label]) => {
      const { fetch, ky, ours } = result[mode];
      const [floor, direct, client] = [fetch[measure], ky[measure], ours[measure]];
      return [label, perThousand(floor), perThousand(direct), perThousand(client), times(medianRatio(client, direct)), times(medianRatio(client, floor))];
    });
  const targets = modes.map(([mode, label]) => {
    const ratio = medianRatio(result[mode].ours.wallMs, result[mode].ky.wallMs);
    return [label, times(ratio), times(medianRatio(result[mode].ours.cpuMs, result[mode].ky.cpuMs)), `≤ ${times(TARGET_OVER_KY)}`, verdict(ratio <= TARGET_OVER_KY)];
  });
  const headers = (unit: string) => ['mode', `>raw fetch (floor) ${unit}`, `>ky direct ${unit}`, `>ours \`client.get()\` ${unit}`, '>ours ÷ ky', '>ours ÷ fetch'];
  printSection(`4. API GET overhead on loopback (per 1,000 calls; medians of ${rounds} rounds of ${CALLS.toLocaleString('en')} calls per caller, after a warm-up)`, [
    'Wall time (what the target is judged on):',
    markdownTable(headers('ms'), table('wallMs')),
    'CPU time of the calling process (user + system), less disturbed by other load on the machine:',
    markdownTable(headers('CPU ms'), table('cpuMs')),
    markdownTable(['target: ours ÷ ky', '>measured (wall)', '>for reference (CPU)', '>target', 'verdict'], targets),
  ]);
}
