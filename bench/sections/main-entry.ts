// Section 3: the weight of the main entry. Its esbuild bundle (one file) when an app imports the namespace
// and uses createClient, the modules that make up that bundle, and how long importing it takes in a fresh
// process, next to the provider entry and the libraries it is compared with.
import { bundleApp, sizesOf } from '../lib/bundle.ts';
import { groupShares } from '../lib/bundle-inputs.ts';
import { lastJson, runNode } from '../lib/child.ts';
import type { Workspace } from '../lib/consumer.ts';
import { kB, median, ms } from '../lib/stats.ts';
import { markdownTable, printSection } from '../lib/table.ts';

const IMPORTS = ['oauth-registry', 'oauth-registry/providers/github', 'arctic', 'openid-client'];

export async function mainEntry(workspace: Workspace, samples: number): Promise<void> {
  const { project } = workspace;
  const used = await bundleApp(project, 'probes/main-entry-bundle.mjs', 'bundles/main-entry.mjs', false);
  const everything = await bundleApp(project, 'probes/main-entry-everything.mjs', 'bundles/main-entry-everything.mjs', false);
  const [usedSize, everythingSize] = await Promise.all([sizesOf(used.files), sizesOf(everything.files)]);
  const sizeRows = [
    ['`import * as m from \'oauth-registry\'` + `m.createClient(\'github\').authorize()`', kB(usedSize.minBytes), kB(usedSize.gzipBytes)],
    ['every export of `oauth-registry` kept (`Object.keys(m)`)', kB(everythingSize.minBytes), kB(everythingSize.gzipBytes)],
  ];
  const total = used.metafile.outputs[Object.keys(used.metafile.outputs).find((file) => !file.endsWith('.map'))!]!.bytes;
  const partRows = groupShares(used.metafile).slice(0, 8).map(({ group, bytes }) => [group, kB(bytes), `${((bytes / total) * 100).toFixed(0)}%`]);

  const importMs = await importTimes(project, samples);
  const importRows = IMPORTS.map((specifier) => [`\`${specifier}\``, ms(median(importMs.get(specifier)!))]);
  printSection('3. Main entry: bundle weight and import time', [
    markdownTable(['bundle (esbuild, minify, platform node, format esm, no splitting)', '>min kB', '>min+gzip kB'], sizeRows),
    'The 8 largest parts of the first bundle, per npm package or dist/ folder (minified bytes before gzip, share of the file):',
    markdownTable(['part', '>min kB', '>share'], partRows),
    `Import time in a fresh process (time around \`await import()\`, node start-up excluded; ${samples} samples each, in turns):`,
    markdownTable(['import', '>median ms'], importRows),
  ]);
}

async function importTimes(project: string, samples: number): Promise<Map<string, number[]>> {
  const times = new Map(IMPORTS.map((specifier) => [specifier, [] as number[]]));
  const once = async (specifier: string) => lastJson<{ importMs: number }>((await runNode(['probes/import-time.mjs', specifier], { cwd: project })).stdout).importMs;
  for (const specifier of IMPORTS) await once(specifier); // warm the OS file cache; not counted
  for (let round = 0; round < samples; round++) {
    for (const specifier of round % 2 ? [...IMPORTS].reverse() : IMPORTS) times.get(specifier)!.push(await once(specifier));
  }
  return times;
}
