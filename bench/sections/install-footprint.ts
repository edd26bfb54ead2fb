// Section 6: what `npm install` of the tarball brings into an empty project, next to the compared libraries
// installed the same way.
import { join } from 'node:path';
import type { Workspace } from '../lib/consumer.ts';
import { fileSize, installProject } from '../lib/consumer.ts';
import { bytesOnDisk, countPackages, packageSizes } from '../lib/disk.ts';
import { kB, mB } from '../lib/stats.ts';
import { markdownTable, printSection } from '../lib/table.ts';

export async function installFootprint(workspace: Workspace): Promise<void> {
  const installs = [
    ['ours, `npm install oauth-registry-<version>.tgz`', 'footprint-ours', [workspace.tarball]],
    [`arctic@${workspace.versions.arctic}`, 'footprint-arctic', [`arctic@${workspace.versions.arctic}`]],
    [`openid-client@${workspace.versions['openid-client']}`, 'footprint-openid-client', [`openid-client@${workspace.versions['openid-client']}`]],
  ] as const;
  const rows: string[][] = [];
  let largest = '';
  for (const [label, name, specs] of installs) {
    const nodeModules = join(await installProject(workspace.dir, name, specs), 'node_modules');
    rows.push([label, String(await countPackages(nodeModules)), mB(await bytesOnDisk(nodeModules))]);
    largest ||= (await packageSizes(nodeModules)).slice(0, 5).map(({ name, bytes }) => `${name} ${mB(bytes)}`).join(', ');
  }
  printSection('6. Install footprint (`npm install` into an empty project)', [
    markdownTable(['install', '>packages in node_modules', '>MB on disk (sum of file sizes)'], rows),
    `Largest packages in our install (MB): ${largest}. The package count includes oauth-registry itself.`,
    `Tarball (\`npm pack\` of the built package): ${kB(await fileSize(workspace.tarball))} kB.`,
  ]);
}
