// The package as a user installs it: `npm pack`, the tarball installed into an empty project, then plain
// Node, strict TypeScript (NodeNext and Bundler), an esbuild bundle and the installed CLI. Nothing here
// reads src/: only what the tarball ships.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BIN = (name: string) => join(ROOT, 'node_modules/.bin', name);
// Generous: the first step builds the package (tsc) and installs it, on a 2-core CI machine.
const SLOW = 240_000;

let project: string;
const node = (args: string[], env: NodeJS.ProcessEnv = {}) => run(process.execPath, args, { cwd: project, env: { ...process.env, ...env } });
const npm = (args: string[]) => run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project, maxBuffer: 16 * 1024 * 1024 });

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'oauth-registry-consumer-'));
  await run('npm', ['pack', '--pack-destination', project], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const [tarball] = (await readdir(project)).filter((name) => name.endsWith('.tgz'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // Optional peers and @types/node are what an app using the Express adapter, Redis or codegen would add.
  await npm(['install', `./${tarball}`, '@types/node@20', 'express@5', 'ioredis@6', 'json-schema-to-typescript@16']);
}, SLOW);

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe('plain node', () => {
  const entries = ['oauth-registry', 'oauth-registry/manifest', 'oauth-registry/redis', 'oauth-registry/keyv', 'oauth-registry/web', 'oauth-registry/express', 'oauth-registry/providers/github', 'oauth-registry/clients', 'oauth-registry/codegen-runtime', 'oauth-registry/emulator'];

  it.each(entries)('imports %s', async (entry) => {
    const { stdout } = await node(['--input-type=module', '-e', `const m = await import(${JSON.stringify(entry)}); console.log(Object.keys(m).length > 0)`]);
    expect(stdout.trim()).toBe('true');
  });

  it('builds an authorization URL from the main entry, loading no HTTP client, YAML parser, zod or Redis client', async () => {
    const script = `import { createClient } from 'oauth-registry';
      const { url } = await createClient('github', { clientId: 'id', clientSecret: 's' }).authorize({ redirectUri: 'https://app.example/cb' });
      console.log(new URL(url).origin);`;
    const { stdout, stderr } = await node(['--import', join(FIXTURES, 'trace-packages.mjs'), '--input-type=module', '-e', script]);
    expect(stdout.trim()).toBe('https://github.com');
    const loaded = new Set(stderr.split('\n').filter((line) => line.startsWith('loaded ')).map((line) => line.slice(7)));
    loaded.delete('oauth-registry');
    expect([...loaded]).toEqual([]);
  });

  it('imports oauth-registry/keyv without keyv or a database driver installed: the app brings its own Keyv', async () => {
    const script = `const { KeyvStore, PostgresLock } = await import('oauth-registry/keyv'); console.log(typeof KeyvStore, typeof PostgresLock);`;
    const { stdout, stderr } = await node(['--import', join(FIXTURES, 'trace-packages.mjs'), '--input-type=module', '-e', script]);
    expect(stdout.trim()).toBe('function function');
    const loaded = new Set(stderr.split('\n').filter((line) => line.startsWith('loaded ')).map((line) => line.slice(7)));
    loaded.delete('oauth-registry');
    expect([...loaded]).toEqual([]);
  });

  it('is required from CommonJS (Node ≥ 20.19 loads ES modules with require)', async () => {
    const { stdout } = await node(['-e', `const { createClient } = require('oauth-registry'); console.log(typeof createClient)`]);
    expect(stdout.trim()).toBe('function');
  });
});

describe('TypeScript, strict, with the library checked (skipLibCheck: false)', () => {
  // One program per resolution mode: the app, and what `oauth-registry codegen` writes for its own manifests.
  it.each([
    ['NodeNext', 'NodeNext'],
    ['Bundler', 'ESNext'],
  ])('compiles an app and its generated clients under moduleResolution %s', async (resolution, module) => {
    const dir = join(project, `ts-${resolution}`);
    await mkdir(dir, { recursive: true });
    await cp(join(FIXTURES, 'app.ts.txt'), join(dir, 'app.ts'));
    await cp(join(ROOT, 'test/codegen/fixtures/providers'), join(dir, 'providers'), { recursive: true });
    await run(join(project, 'node_modules/.bin/oauth-registry'), ['codegen', '--providers', 'providers', '--out', 'generated'], { cwd: dir });
    const compilerOptions = { strict: true, skipLibCheck: false, module, moduleResolution: resolution, target: 'ES2022', noEmit: true, types: ['node'] };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts', 'generated/**/*.ts'] }));
    const result = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: project }).catch((error: { stdout: string }) => error);
    expect(result.stdout).toBe('');
  }, SLOW);
});

describe('a bundler', () => {
  it('bundles a one-provider app with esbuild, and the bundle signs in against the emulator', async () => {
    await cp(join(FIXTURES, 'bundle-app.mjs'), join(project, 'bundle-app.mjs'));
    await run(BIN('esbuild'), ['bundle-app.mjs', '--bundle', '--platform=node', '--format=esm', '--minify', '--outfile=bundle.mjs'], { cwd: project });
    const emulator = await startEmulator('github', { consent: 'auto' });
    try {
      const { stdout } = await node(['bundle.mjs'], { EMULATOR: JSON.stringify({ credentials: emulator.credentials, endpoints: emulator.endpoints }) });
      expect(JSON.parse(stdout)).toEqual({ login: 'string', authorizeHost: new URL(emulator.url).host });
    } finally {
      await emulator.close();
    }
  }, SLOW);
});

describe('the installed CLI', () => {
  const cli = (args: string[]) => run(join(project, 'node_modules/.bin/oauth-registry'), args, { cwd: project });

  it('answers --version with the package version', async () => {
    const { version } = JSON.parse(await (await import('node:fs/promises')).readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((await cli(['--version'])).stdout.trim()).toBe(version);
  });

  it('answers --help on every subcommand and help <command>', async () => {
    expect((await cli(['codegen', '--help'])).stdout).toContain('usage: oauth-registry codegen');
    expect((await cli(['emulate', '--help'])).stdout).toContain('usage: oauth-registry emulate');
    expect((await cli(['help', 'codegen'])).stdout).toContain('usage: oauth-registry codegen');
    expect((await cli(['validate', '--help'])).stdout).toContain('usage: oauth-registry validate');
  });

  it('validates the manifests the package ships', async () => {
    const { stdout } = await cli(['validate', 'node_modules/oauth-registry/providers']);
    expect(stdout).toMatch(/\b0 errors\b/);
  });

  it.each([
    ['an unknown option', ['codegen', '--providrs', 'x'], /unknown option '--providrs'/i],
    ['an unknown command', ['codegn'], /unknown command "codegn"/],
    ['a missing manifest file', ['emulate', './missing.yaml'], /missing\.yaml/],
    ['a missing providers directory', ['codegen', '--providers', 'nowhere', '--out', 'out'], /nowhere/],
  ])('reports %s in one line with exit code 2', async (_what, args, message) => {
    const failed = await cli(args).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    const { stderr } = failed as { stderr: string };
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
