// The same package built from another providers/ folder: a copy of the repository generated, built and
// packed as `npm run build` would, then installed into its own project. Section 8 builds one from the five
// seed manifests and one from 300 (the registry topped up with synthetic copies of real manifests) and runs
// the same probes in both, to show what the registry's size costs.
import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { installProject, ROOT, type Workspace } from './consumer.ts';

const run = promisify(execFile);
export const SEEDS = ['facebook', 'github', 'google', 'twitter', 'weibo'];
const MANIFEST = /^([a-z][a-z0-9-]*)\.(yaml|yml|json)$/;

/** The seeds and the JSON Schema files beside them (`github.user.schema.json`). */
async function copySeeds(from: string, to: string): Promise<void> {
  for (const name of await readdir(from)) {
    if (SEEDS.some((seed) => name === `${seed}.yaml` || name.startsWith(`${seed}.`))) await cp(join(from, name), join(to, name));
  }
}

/** Every file of the registry, then copies of its active manifests under new ids until there are `total`. */
async function copyRegistryUpTo(total: number, from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
  const manifests = (await readdir(from)).filter((name) => MANIFEST.test(name) && name.endsWith('.yaml'));
  const usable: { name: string; data: Record<string, unknown> }[] = [];
  for (const name of manifests) {
    const data = parse(await readFile(join(from, name), 'utf8')) as Record<string, unknown>;
    if (data.status !== 'retired') usable.push({ name, data });
  }
  for (let index = 0; manifests.length + index < total; index++) {
    const { data } = usable[index % usable.length]!;
    const id = `synthetic-${String(index + 1).padStart(3, '0')}`;
    const { aliases: _aliases, replacedBy: _replacedBy, ...rest } = data;
    await writeFile(join(to, `${id}.yaml`), stringify({ ...rest, id, status: 'active' }));
  }
}

export type Variant = 'five' | 'three-hundred';

/** Builds, packs and installs a variant of the package; returns its project folder and manifest count. */
export async function variantProject(workspace: Workspace, variant: Variant): Promise<{ project: string; manifests: number }> {
  const copy = join(workspace.dir, `${variant}-source`);
  await mkdir(copy, { recursive: true });
  for (const entry of ['src', 'scripts', 'schema', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE']) {
    await cp(join(ROOT, entry), join(copy, entry), { recursive: true }).catch(() => undefined);
  }
  const providers = join(copy, 'providers');
  await mkdir(providers, { recursive: true });
  if (variant === 'five') await copySeeds(join(ROOT, 'providers'), providers);
  else await copyRegistryUpTo(300, join(ROOT, 'providers'), providers);
  await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const options = { cwd: copy, maxBuffer: 64 * 1024 * 1024 };
  await run(process.execPath, ['--import', 'tsx', 'scripts/codegen.ts'], options);
  await run(process.execPath, ['scripts/build.mjs'], options);
  const packed = join(workspace.dir, `${variant}-pack`);
  await mkdir(packed);
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', packed], options);
  const [tarball] = (await readdir(packed)).filter((file) => file.endsWith('.tgz'));
  const project = await installProject(workspace.dir, variant, [join(packed, tarball!), `json-schema-to-typescript@${workspace.versions['json-schema-to-typescript']}`]);
  await cp(join(workspace.project, 'probes'), join(project, 'probes'), { recursive: true });
  const manifests = (await readdir(providers)).filter((name) => MANIFEST.test(name)).length;
  return { project, manifests };
}
