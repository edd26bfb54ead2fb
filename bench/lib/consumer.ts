// The package as a user gets it: the built dist/ packed by npm into a tarball and installed into an empty
// temp project, next to the libraries it is compared with. Every figure for "ours" comes from there, on
// plain node; nothing runs src/ through tsx.
import { execFile } from 'node:child_process';
import { access, cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBES = fileURLToPath(new URL('../probes/', import.meta.url));

export interface Workspace {
  /** Holds the tarball and one folder per installed project. */
  dir: string;
  tarball: string;
  /** Tarball + the compared libraries; bench/probes copied into its probes/ folder. */
  project: string;
  /** Versions the comparison libraries were pinned to (the repo's devDependencies). */
  versions: Record<string, string>;
}

/** Packs the already-built package (`npm run build` ran first) and installs the bench project. */
export async function createWorkspace(): Promise<Workspace> {
  await access(join(ROOT, 'dist/index.js')).catch(() => {
    throw new Error('dist/ is missing: run `npm run bench`, which builds first');
  });
  const dir = await mkdtemp(join(tmpdir(), 'oauth-registry-bench-'));
  // --ignore-scripts: prepack would build a second time; the bench script has just built.
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const [name] = (await readdir(dir)).filter((file) => file.endsWith('.tgz'));
  if (!name) throw new Error('npm pack wrote no tarball');
  const tarball = join(dir, name);
  const dev = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
  const versions = { arctic: dev['arctic']!, 'openid-client': dev['openid-client']!, 'json-schema-to-typescript': dev['json-schema-to-typescript']! };
  // json-schema-to-typescript is the optional peer the codegen command needs.
  const project = await installProject(dir, 'bench', [tarball, ...Object.entries(versions).map(([pkg, version]) => `${pkg}@${version}`)]);
  await cp(PROBES, join(project, 'probes'), { recursive: true });
  return { dir, tarball, project, versions };
}

/** An empty ESM project with `specs` installed, as `npm install` leaves it. */
export async function installProject(parent: string, name: string, specs: readonly string[]): Promise<string> {
  const project = join(parent, name);
  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: `bench-${name}`, private: true, type: 'module' }));
  await run('npm', ['install', ...specs, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
  return project;
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

export async function removeWorkspace(workspace: Workspace | undefined): Promise<void> {
  if (workspace) await rm(workspace.dir, { recursive: true, force: true });
}
