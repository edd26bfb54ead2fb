// The generator is deterministic, --check catches every kind of drift, and the CLI does both from a shell.
// The fixture output is regenerated with:
//   oauth-registry codegen --providers test/codegen/fixtures/providers \
//     --out test/codegen/fixtures/generated --runtime ../../../../src/codegen/runtime.ts
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadManifestDirectory, runCodegen } from '../../src/codegen/command.ts';
import { generatedHeader } from '../../src/codegen/emit-provider.ts';
import { generate } from '../../src/codegen/generate.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE_PROVIDERS = join(ROOT, 'test/codegen/fixtures/providers');
const FIXTURE_OUT = join(ROOT, 'test/codegen/fixtures/generated');
const FIXTURE_RUNTIME = '../../../../src/codegen/runtime.ts';
const COMMAND = 'oauth-registry codegen --providers test/codegen/fixtures/providers --out test/codegen/fixtures/generated --runtime ../../../../src/codegen/runtime.ts';
const GENERATED_HEADER = generatedHeader(COMMAND);
const run = promisify(execFile);

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function copyOfFixtureOutput(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'codegen-'));
  temporary.push(dir);
  await cp(FIXTURE_OUT, dir, { recursive: true });
  return dir;
}

function collect(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}

describe('codegen output', () => {
  it('is byte-identical from run to run and every file carries the header', async () => {
    const manifests = loadManifestDirectory(FIXTURE_PROVIDERS);
    const first = await generate(manifests, { runtime: FIXTURE_RUNTIME, command: COMMAND });
    const second = await generate(loadManifestDirectory(FIXTURE_PROVIDERS), { runtime: FIXTURE_RUNTIME, command: COMMAND });
    expect([...second]).toEqual([...first]);
    expect([...first.keys()]).toEqual([
      'clients.ts',
      'manifests/plainauth.ts',
      'manifests/shopmart.ts',
      'provider-ids.ts',
      'providers/plainauth.ts',
      'providers/shopmart.ts',
      'registry.ts',
    ]);
    for (const text of first.values()) expect(text.startsWith(`${GENERATED_HEADER}\n`)).toBe(true);
  });

  it('does not depend on the order manifests are given in', async () => {
    const manifests = loadManifestDirectory(FIXTURE_PROVIDERS);
    const forward = await generate(manifests, { runtime: 'oauth-registry/codegen-runtime', command: COMMAND });
    const backward = await generate([...manifests].reverse(), { runtime: 'oauth-registry/codegen-runtime', command: COMMAND });
    expect([...backward]).toEqual([...forward]);
  });

  it('imports the runtime from the package name unless told a relative path', async () => {
    const files = await generate(loadManifestDirectory(FIXTURE_PROVIDERS), { runtime: 'oauth-registry/codegen-runtime', command: COMMAND });
    expect(files.get('providers/shopmart.ts')).toContain(`from 'oauth-registry/codegen-runtime';`);
    const relative = await generate(loadManifestDirectory(FIXTURE_PROVIDERS), { runtime: FIXTURE_RUNTIME, command: COMMAND });
    expect(relative.get('providers/shopmart.ts')).toContain(`from '../../../../../src/codegen/runtime.ts';`);
    expect(relative.get('clients.ts')).toContain(`from '../../../../src/codegen/runtime.ts';`);
  });

  it('refuses two manifests with one id', async () => {
    const [manifest] = loadManifestDirectory(FIXTURE_PROVIDERS);
    await expect(generate([manifest!, manifest!], { runtime: 'x', command: COMMAND })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});

describe('--check', () => {
  it('passes on the committed output of the fixtures and of the seed providers', async () => {
    expect(await runCodegen({ providersDir: FIXTURE_PROVIDERS, outDir: FIXTURE_OUT, check: true, runtime: FIXTURE_RUNTIME, command: COMMAND }, () => {})).toBe(0);
    const seeds = {
      providersDir: join(ROOT, 'providers'),
      outDir: join(ROOT, 'src/generated'),
      check: true,
      runtime: '../codegen/runtime.ts',
      command: 'oauth-registry codegen --providers providers --out src/generated --runtime ../codegen/runtime.ts',
    };
    const { lines, log } = collect();
    expect(await runCodegen(seeds, log), `src/generated is stale, run npm run codegen:\n${lines.join('\n')}`).toBe(0);
  });

  it('names changed, missing and no-longer-generated files, and a write run repairs them all', async () => {
    const out = await copyOfFixtureOutput();
    await writeFile(join(out, 'providers/shopmart.ts'), `${GENERATED_HEADER}\n// edited by hand\n`);
    await rm(join(out, 'registry.ts'));
    await writeFile(join(out, 'providers/removed.ts'), `${GENERATED_HEADER}\nexport {};\n`);
    await writeFile(join(out, 'providers/handwritten.ts'), 'export const mine = 1;\n');
    const args = { providersDir: FIXTURE_PROVIDERS, outDir: out, runtime: FIXTURE_RUNTIME, command: COMMAND };

    const check = collect();
    expect(await runCodegen({ ...args, check: true }, check.log)).toBe(1);
    expect(check.lines).toEqual([
      `stale: ${join(out, 'providers/shopmart.ts')}`,
      `stale: ${join(out, 'registry.ts')}`,
      `no longer generated: ${join(out, 'providers/removed.ts')}`,
      'codegen: generated files are out of date; run the codegen without --check',
    ]);

    expect(await runCodegen({ ...args, check: false }, () => {})).toBe(0);
    expect(await runCodegen({ ...args, check: true }, () => {})).toBe(0);
    expect((await readdir(join(out, 'providers'))).sort()).toEqual(['handwritten.ts', 'plainauth.ts', 'shopmart.ts']);
  });
});

describe('oauth-registry codegen (the bin)', () => {
  it('writes the same bytes twice and exits 1 on --check after an edit', async () => {
    const out = await mkdtemp(join(tmpdir(), 'codegen-cli-'));
    temporary.push(out);
    const bin = join(ROOT, 'src/cli/bin.ts');
    const codegen = ['codegen', '--providers', FIXTURE_PROVIDERS, '--out', out];
    await run(process.execPath, ['--import', 'tsx', bin, ...codegen]);
    const first = await readFile(join(out, 'providers/shopmart.ts'), 'utf8');
    await run(process.execPath, ['--import', 'tsx', bin, ...codegen]);
    expect(await readFile(join(out, 'providers/shopmart.ts'), 'utf8')).toBe(first);
    expect(first).toContain(`from 'oauth-registry/codegen-runtime';`);

    await writeFile(join(out, 'provider-ids.ts'), `${GENERATED_HEADER}\nexport type ProviderId = 'x';\n`);
    const failed = await run(process.execPath, ['--import', 'tsx', bin, ...codegen, '--check']).catch((error: { code: number; stdout: string }) => error);
    expect(failed).toMatchObject({ code: 1, stdout: expect.stringContaining(`stale: ${join(out, 'provider-ids.ts')}`) });
  });

  it('explains its usage on an unknown command', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts'), 'codegenn']).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "codegenn"') });
  });
});

describe('oauth-registry emulate (the bin)', () => {
  it('hands emulate and its arguments to the emulator command', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts'), 'emulate', '--help']);
    expect(stdout).toContain('usage: oauth-registry emulate');
  });
});
