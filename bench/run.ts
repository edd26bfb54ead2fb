// `npm run bench`: codegen time and cold import time, each in fresh node processes (so module caches never
// carry over), reported as the median of RUNS. Figures are recorded in BENCHMARKS.md.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Wall time of a whole child process, plus the `importMs` it reports when it reports one. */
async function timeProcess(args: string[]): Promise<{ wallMs: number; importMs: number | undefined }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, args, { cwd: ROOT });
  const wallMs = performance.now() - started;
  const reported = stdout.trim().split('\n').at(-1) ?? '';
  return { wallMs, importMs: reported.startsWith('{') ? (JSON.parse(reported) as { importMs: number }).importMs : undefined };
}

/**
 * Runs every case RUNS times, round-robin, so load from other processes on the machine spreads over all
 * cases alike instead of skewing whichever case ran during a busy moment.
 */
async function measureAll(cases: [label: string, args: string[]][]): Promise<string[]> {
  for (const [, args] of cases) await timeProcess(args); // fills tsx's transform cache for every case
  const samples = cases.map(() => [] as { wallMs: number; importMs: number | undefined }[]);
  for (let i = 0; i < RUNS; i++) {
    for (const [index, [, args]] of cases.entries()) samples[index]!.push(await timeProcess(args));
  }
  return cases.map(([label], index) => {
    const wall = median(samples[index]!.map((s) => s.wallMs)).toFixed(0);
    const imports = samples[index]!.map((s) => s.importMs).filter((ms): ms is number => ms !== undefined);
    return `| ${label} | ${wall} | ${imports.length ? median(imports).toFixed(0) : '—'} |`;
  });
}

const out = await mkdtemp(join(tmpdir(), 'bench-codegen-'));
try {
  const probe = (specifier: string) => ['--import', 'tsx', 'bench/import-probe.ts', specifier];
  const rows = await measureAll([
    ['node with tsx, importing nothing (baseline)', ['--import', 'tsx', '-e', '']],
    ['codegen: 5 seed providers → 13 files', ['bin/oauth-registry.js', 'codegen', '--providers', 'providers', '--out', out]],
    ['import oauth-registry (index: runtime, typed clients, stores)', probe('oauth-registry')],
    ['import oauth-registry/clients (all generated providers)', probe('oauth-registry/clients')],
    ['import oauth-registry/providers/weibo (one provider)', probe('oauth-registry/providers/weibo')],
    ['import src/generated/registry.ts (the 5 manifests as data)', probe('./src/generated/registry.ts')],
    ['load + validate every providers/*.yaml (what precompiling avoids)', ['--import', 'tsx', 'bench/load-yaml-probe.ts']],
  ]);
  console.log(`Node ${process.version}, ${RUNS} runs each, median milliseconds\n`);
  console.log('| what | process wall ms | import ms |\n| --- | ---: | ---: |');
  console.log(rows.join('\n'));
} finally {
  await rm(out, { recursive: true, force: true });
}
