// `oauth-registry check [files or dirs]`: validates each manifest, then proves it end to end against the
// emulator: the full sign-in flow, the refusals every provider must make, and a failing flow for every
// quirk field reset to its default. What a contributor runs before opening a pull request.
import { parseArgs } from 'node:util';
import { loadAnyManifestFile } from '../manifest/load.ts';
import { checkManifestFile, manifestFiles } from './validate-files.ts';

const USAGE = `usage: oauth-registry check [files or directories] [--no-mutations] [--json]

  Validates provider manifests, then runs each against the local emulator: the full flow (authorize,
  callback, token, API, profile, refresh, revoke), the negative checks (forged state, denied consent,
  reused code, wrong PKCE verifier or OAuth 1 secret) and, for every quirk field the manifest sets, a client
  with that field reset, which must fail. Directories are listed, not recursed (default: ./providers).
  --no-mutations    skip the mutation checks
  --json            print the results as JSON

  Exit code: 0 all passed, 1 a manifest is invalid or a check failed, 2 a mistake on the command line.`;

export async function runCheckCommand(argv: string[], print: (line: string) => void = (line) => console.log(line)): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'no-mutations': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    print(USAGE);
    return 0;
  }
  const { checkConformance } = await import('../emulator/conformance/index.ts');
  const files = manifestFiles(positionals.length ? positionals : ['providers']);
  const reports = [];
  let failed = false;
  for (const file of files) {
    const validation = checkManifestFile(file, new Date());
    if (validation.errors.length) {
      failed = true;
      reports.push({ file, valid: false, errors: validation.errors.map((e) => `${e.line ?? '?'}:${e.column ?? '?'} ${e.field ? `${e.field}: ` : ''}${e.message}`), results: [] });
      continue;
    }
    const manifest = loadAnyManifestFile(file);
    if (manifest.status === 'retired') {
      reports.push({ file, valid: true, errors: [], results: [{ name: 'retired: nothing to run', passed: true }] });
      continue;
    }
    const report = await checkConformance(manifest, { mutations: !values['no-mutations'] });
    failed ||= !report.passed;
    reports.push({ file, valid: true, errors: [], results: report.results });
  }
  if (values.json) print(JSON.stringify({ passed: !failed, files: reports }, null, 2));
  else {
    for (const report of reports) {
      print(report.file);
      for (const error of report.errors) print(`  ✗ invalid: ${error}`);
      for (const result of report.results) print(`  ${result.passed ? '✓' : '✗'} ${result.name}${result.detail ? ` — ${result.detail}` : ''}`);
    }
    print(failed ? 'check: failed' : `check: ${reports.length} manifest${reports.length === 1 ? '' : 's'} passed`);
  }
  return failed ? 1 : 0;
}


