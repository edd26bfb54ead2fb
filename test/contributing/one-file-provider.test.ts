// "One file is the whole PR": a contributor adds providers/<id>.yaml and nothing else. On a copy of the
// repository with one more, quirk-free manifest, the codegen runs (as `npm test` does first) and then every
// suite that enumerates providers (each imports test/provider-manifests.ts) runs in a child vitest: all
// pass, and each of them tested the new provider. The copy holds the repository's own files plus that one
// manifest; src/generated is build output, written by the codegen run.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COPIED = ['src', 'test', 'providers', 'schema', 'scripts', 'package.json', 'README.md', 'tsconfig.json', 'vitest.config.ts'];
const NEW_ID = 'plainacme';
/** A plain OAuth 2 provider (RFC 6749 authorization code, bearer API): nothing for a quirk test to mutate. */
const NEW_MANIFEST = `# yaml-language-server: $schema=../schema/manifest.schema.json
# A made-up provider without quirks.
id: ${NEW_ID}
name: Plain Acme
protocol: oauth2
docs: https://plainacme.example/docs/oauth
status: active
lastVerified: 2026-11-23
endpoints:
  authorize: https://plainacme.example/oauth/authorize
  token: https://plainacme.example/oauth/token
  api: https://api.plainacme.example/v1/
profile:
  url: me
  fields:
    id: id
    username: login
    name: name
    email: email
evidence:
  - url: https://plainacme.example/docs/oauth
    checked: 2026-11-23
    kind: docs
`;
const ENUMERATES_PROVIDERS = /from '(?:\.\.\/)+provider-manifests\.ts'/;

const run = promisify(execFile);
const sandbox = mkdtempSync(join(tmpdir(), 'one-file-provider-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** The repository as a contributor's checkout has it, without build output. */
function copyRepository(): void {
  const generated = join(ROOT, 'src', 'generated');
  for (const entry of COPIED) {
    cpSync(join(ROOT, entry), join(sandbox, entry), { recursive: true, filter: (source) => source !== generated && !source.startsWith(generated + sep) });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(sandbox, 'node_modules'), 'dir');
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The child sees none of this run's vitest state. */
function childEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS'));
  return { ...env, NODE_ENV: 'test', NO_COLOR: '1', FORCE_COLOR: '0' };
}

interface JsonReport {
  testResults: { name: string; status: string; message?: string; assertionResults: { fullName: string; status: string; failureMessages?: string[] }[] }[];
}

type FileResult = JsonReport['testResults'][number];

function suiteOf(file: FileResult): string {
  return relative(sandbox, file.name).split(sep).join('/');
}

/** What failed, file by file and test by test, with the first line of each reason. */
function failuresIn(results: FileResult[]): string[] {
  return results.flatMap((file) => [
    ...(file.status === 'failed' ? [`${suiteOf(file)}: ${file.message?.split('\n')[0] || 'failed'}`] : []),
    ...file.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => `${suiteOf(file)} > ${test.fullName}: ${(test.failureMessages?.[0] ?? '').split('\n')[0]}`),
  ]);
}

it('a quirk-free manifest added to providers/ passes every provider-enumerating suite, with no other file changed', async () => {
  copyRepository();
  writeFileSync(join(sandbox, 'providers', `${NEW_ID}.yaml`), NEW_MANIFEST);
  const options = { cwd: sandbox, env: childEnvironment(), maxBuffer: 64 * 1024 * 1024 };
  await run(process.execPath, ['--import', 'tsx', 'scripts/codegen.ts'], options);

  const suites = testFiles(join(sandbox, 'test'))
    .filter((file) => ENUMERATES_PROVIDERS.test(readFileSync(file, 'utf8')))
    .map((file) => relative(sandbox, file).split(sep).join('/'))
    .sort();
  expect(suites).not.toEqual([]);

  const report = join(sandbox, 'report.json');
  const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  // Only the new provider's tests: every other provider is tested by the main run already.
  const args = [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, `--testNamePattern=${NEW_ID}`, ...suites];
  const exit = await run(process.execPath, args, options).then(
    () => 'exit 0',
    // The default reporter's error lines name what the JSON report leaves out (a suite that failed as a whole).
    (error: { code?: unknown; stdout?: string; stderr?: string }) =>
      `exit ${String(error.code)}\n${`${error.stdout ?? ''}\n${error.stderr ?? ''}`.split('\n').filter((line) => /FAIL|Error/.test(line)).slice(0, 40).join('\n')}`,
  );
  const results = (JSON.parse(readFileSync(report, 'utf8')) as JsonReport).testResults;
  expect({ failures: failuresIn(results), exit }).toEqual({ failures: [], exit: 'exit 0' });

  const testedNewProvider = new Set(
    results.filter((file) => file.assertionResults.some((test) => test.status === 'passed' && test.fullName.includes(NEW_ID))).map(suiteOf),
  );
  expect(suites.filter((suite) => !testedNewProvider.has(suite)), 'suites that did not test the new provider').toEqual([]);
}, 120_000);
