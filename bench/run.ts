// `npm run bench`: builds, packs and installs the package into an empty temp project next to the libraries
// it is compared with, then measures each section on plain node and prints one markdown table per section.
// BENCH_RUNS sets the fresh-process samples per case (default 20), BENCH_API_ROUNDS the rounds of 10,000
// API calls (default 5), BENCH_SECTIONS=1,4 runs only those sections.
import { apiOverhead } from './sections/api-overhead.ts';
import { appBundle } from './sections/app-bundle.ts';
import { coldStart } from './sections/cold-start.ts';
import { installFootprint } from './sections/install-footprint.ts';
import { mainEntry } from './sections/main-entry.ts';
import { oauth1Signing } from './sections/oauth1-signing.ts';
import { registryScale } from './sections/registry-scale.ts';
import { tooling } from './sections/tooling.ts';
import { createWorkspace, removeWorkspace, type Workspace } from './lib/consumer.ts';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 20));
const API_ROUNDS = Math.max(1, Number(process.env.BENCH_API_ROUNDS ?? 5));
const only = process.env.BENCH_SECTIONS?.split(',').map((part) => Number(part.trim()));

const SECTIONS: [number, (workspace: Workspace) => Promise<void>][] = [
  [1, (workspace) => coldStart(workspace, RUNS)],
  [2, appBundle],
  [3, (workspace) => mainEntry(workspace, RUNS)],
  [4, (workspace) => apiOverhead(workspace, API_ROUNDS)],
  [5, oauth1Signing],
  [6, installFootprint],
  [7, (workspace) => tooling(workspace, Math.max(1, Math.ceil(RUNS / 2)))],
  [8, (workspace) => registryScale(workspace, Math.max(1, Math.ceil(RUNS / 2)))],
];

const started = performance.now();
let workspace: Workspace | undefined;
try {
  workspace = await createWorkspace();
  console.log(`# oauth-registry benchmarks\n\nThe built package (${workspace.tarball.split('/').at(-1)}) installed from its tarball into an empty project, on plain node. Compared: arctic ${workspace.versions.arctic}, openid-client ${workspace.versions['openid-client']}, and the ky that the package installs.`);
  for (const [number, section] of SECTIONS) {
    if (!only || only.includes(number)) await section(workspace);
  }
} finally {
  await removeWorkspace(workspace);
}
console.log(`\n_Whole bench: ${((performance.now() - started) / 1000).toFixed(0)} s (after the build)._`);
