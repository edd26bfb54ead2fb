// Section 2: what a one-provider app (authorize, callback, one API GET) costs in a bundle. (a) one minified
// file with everything, (b) split into chunks and run against the emulator, counting only the chunks the
// run loaded (a resolve hook logs every file the process resolves).
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BundleResult, bundleApp, sizesOf } from '../lib/bundle.ts';
import { groupShares } from '../lib/bundle-inputs.ts';
import { lastJson, runNode } from '../lib/child.ts';
import type { Workspace } from '../lib/consumer.ts';
import { emulatorEnv, startInstalledEmulator } from '../lib/emulator.ts';
import { kB, verdict } from '../lib/stats.ts';
import { markdownTable, printSection } from '../lib/table.ts';

const TARGET_LOADED_GZIP = 12_000;

const APPS = [
  { label: 'ours, `oauth-registry/providers/github`', entry: 'probes/app-ours.mjs', run: true },
  { label: 'ours, `oauth-registry` `createClient(\'github\')`', entry: 'probes/app-ours-main.mjs', run: true },
  { label: `arctic GitHub + fetch (bundled, not run)`, entry: 'probes/app-arctic.mjs', run: false },
  { label: 'ky alone, one `ky.get().json()` (bundled, not run)', entry: 'probes/app-ky.mjs', run: false },
];

export async function appBundle(workspace: Workspace): Promise<void> {
  const { project } = workspace;
  const rows: string[][] = [];
  const targets: string[][] = [];
  let breakdown: string[][] | undefined;
  for (const [index, app] of APPS.entries()) {
    const single = await sizesOf((await bundleApp(project, app.entry, `bundles/single-${index}.mjs`, false)).files);
    const row = [app.label, kB(single.minBytes), kB(single.gzipBytes), '—', '—', '—'];
    if (app.run) {
      const split = await bundleApp(project, app.entry, `bundles/split-${index}`, true);
      const loaded = await loadedChunks(project, split.files[0]!, split.files);
      const [all, used] = await Promise.all([sizesOf(split.files), sizesOf(loaded)]);
      row.splice(3, 3, `${loaded.length} of ${split.files.length}`, kB(all.gzipBytes), kB(used.gzipBytes));
      breakdown ??= await loadedBreakdown(split, loaded);
      targets.push([app.label, kB(used.gzipBytes), `≤ ${kB(TARGET_LOADED_GZIP)}`, verdict(used.gzipBytes <= TARGET_LOADED_GZIP)]);
    }
    rows.push(row);
  }
  printSection('2. One-provider app bundle (esbuild, minify, platform node, format esm; gzip -9 per file)', [
    markdownTable(['app', '>(a) single file min kB', '>(a) single file min+gzip kB', '>(b) split: files loaded', '>(b) split: all files min+gzip kB', '>(b) split: loaded min+gzip kB'], rows),
    `What the first app's run loaded (b), file by file, with the largest parts of each (minified bytes before gzip):`,
    markdownTable(['loaded file', '>min+gzip kB', 'largest parts'], breakdown ?? []),
    markdownTable(['target: (b) loaded min+gzip', '>measured kB', '>target kB', 'verdict'], targets),
  ]);
}

async function loadedBreakdown(split: BundleResult, loaded: readonly string[]): Promise<string[][]> {
  const rows: string[][] = [];
  for (const file of loaded) {
    const parts = groupShares(split.metafile, file).slice(0, 3).map(({ group, bytes }) => `${group} ${kB(bytes)} kB`);
    rows.push([basename(file), kB((await sizesOf([file])).gzipBytes), parts.join(', ') || "esbuild's shared helpers only"]);
  }
  return rows;
}

/** Runs the split bundle's entry against a fresh emulator and returns the output files it resolved. */
async function loadedChunks(project: string, entry: string, files: readonly string[]): Promise<string[]> {
  const emulator = await startInstalledEmulator(project, 'github', { consent: 'auto' });
  try {
    const { stdout, stderr } = await runNode(['--import', './probes/trace-files.mjs', entry], { cwd: project, env: emulatorEnv(emulator) });
    if (lastJson<{ login: unknown }>(stdout).login !== 'string') throw new Error(`${entry} did not sign in: ${stdout}`);
    const resolved = new Set(stderr.split('\n').filter((line) => line.startsWith('resolved ')).map((line) => line.slice('resolved '.length)));
    return files.filter((file) => resolved.has(pathToFileURL(file).href));
  } finally {
    await emulator.close();
  }
}
