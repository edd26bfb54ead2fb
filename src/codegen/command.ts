// `oauth-registry codegen --providers DIR --out DIR [--check] [--runtime SPECIFIER]`.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/usage.ts';
import { ConfigError } from '../errors.ts';
import { loadAnyManifestFile } from '../manifest/load.ts';
import type { AnyProviderManifest } from '../manifest/schema.ts';
import { compare } from './emit-provider.ts';
import { generate } from './generate.ts';
import { findDrift, writeGenerated } from './output.ts';

export const PACKAGE_RUNTIME = 'oauth-registry/codegen-runtime';
// `<id>.yaml|yml|json`; schema files beside them (`acme.user.schema.json`) have dots in their stem.
const MANIFEST_FILE = /^[a-z][a-z0-9-]*\.(ya?ml|json)$/;

export interface CodegenRun {
  providersDir: string;
  outDir: string;
  check: boolean;
  /** Package specifier, or a path relative to outDir, that generated code imports the runtime from. */
  runtime: string;
  /** Named in each file's first line; by default the `oauth-registry codegen` command that does this run. */
  command?: string;
}

/** Returns the process exit code: 1 when --check finds stale files. */
export async function runCodegen(run: CodegenRun, log: (line: string) => void = console.log): Promise<number> {
  const manifests = loadManifestDirectory(run.providersDir);
  const files = await generate(manifests, { runtime: run.runtime, command: run.command ?? `oauth-registry codegen --providers ${run.providersDir} --out ${run.outDir}` });
  if (run.check) {
    const { stale, extra } = await findDrift(run.outDir, files);
    if (stale.length === 0 && extra.length === 0) {
      log(`codegen: ${files.size} files in ${run.outDir} are up to date`);
      return 0;
    }
    for (const path of stale) log(`stale: ${join(run.outDir, path)}`);
    for (const path of extra) log(`no longer generated: ${join(run.outDir, path)}`);
    log('codegen: generated files are out of date; run the codegen without --check');
    return 1;
  }
  const { stale, extra } = await writeGenerated(run.outDir, files);
  log(`codegen: ${manifests.length} providers, ${stale.length} files written, ${extra.length} removed, ${files.size - stale.length} unchanged`);
  return 0;
}

export function loadManifestDirectory(dir: string): AnyProviderManifest[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new ConfigError('CONFIG_INVALID', `cannot read the providers directory ${dir}`);
  }
  return names
    .filter((name) => MANIFEST_FILE.test(name))
    .sort(compare)
    .map((name) => loadAnyManifestFile(join(dir, name)));
}

const USAGE = `usage: oauth-registry codegen --providers DIR --out DIR [--check] [--runtime SPECIFIER]

  Generates typed clients (TypeScript) from the YAML or JSON manifests in DIR.
  --providers DIR       the manifests
  --out DIR             where the generated .ts files go (files this command did not write are left alone)
  --check               write nothing; exit 1 when the files in --out are stale
  --runtime SPECIFIER   what generated code imports the runtime from (default ${PACKAGE_RUNTIME})

  Needs the json-schema-to-typescript package (npm install --save-dev json-schema-to-typescript).`;

export async function runCodegenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      providers: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      runtime: { type: 'string', default: PACKAGE_RUNTIME },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.providers || !values.out) throw new UsageError(`codegen needs --providers DIR and --out DIR (oauth-registry codegen --help)`);
  // The header repeats the paths as typed, so the same command gives the same bytes on every machine.
  const runtime = values.runtime === PACKAGE_RUNTIME ? '' : ` --runtime ${values.runtime}`;
  const command = `oauth-registry codegen --providers ${values.providers} --out ${values.out}${runtime}`;
  return runCodegen({ providersDir: resolve(values.providers), outDir: resolve(values.out), check: values.check, runtime: values.runtime, command });
}
