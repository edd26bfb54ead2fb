// `oauth-registry codegen --providers DIR --out DIR [--check] [--runtime SPECIFIER]`.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../errors.ts';
import { loadManifestFile } from '../manifest/load.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import { compare } from './emit-provider.ts';
import { generate } from './generate.ts';
import { findDrift, writeGenerated } from './output.ts';

export const PACKAGE_RUNTIME = 'oauth-registry/codegen-runtime';
const MANIFEST_EXTENSIONS = ['.yaml', '.yml'];

export interface CodegenRun {
  providersDir: string;
  outDir: string;
  check: boolean;
  /** Package specifier, or a path relative to outDir, that generated code imports the runtime from. */
  runtime: string;
}

/** Returns the process exit code: 1 when --check finds stale files. */
export async function runCodegen(run: CodegenRun, log: (line: string) => void = console.log): Promise<number> {
  const manifests = loadManifestDirectory(run.providersDir);
  const files = await generate(manifests, { runtime: run.runtime });
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

export function loadManifestDirectory(dir: string): ProviderManifest[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new ConfigError('CONFIG_INVALID', `cannot read the providers directory ${dir}`);
  }
  return names
    .filter((name) => MANIFEST_EXTENSIONS.some((ext) => name.endsWith(ext)))
    .sort(compare)
    .map((name) => loadManifestFile(join(dir, name)));
}

export async function runCodegenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      providers: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      runtime: { type: 'string', default: PACKAGE_RUNTIME },
    },
    strict: true,
  });
  if (!values.providers || !values.out) throw new ConfigError('CONFIG_INVALID', 'usage: oauth-registry codegen --providers DIR --out DIR [--check] [--runtime SPECIFIER]');
  return runCodegen({ providersDir: resolve(values.providers), outDir: resolve(values.out), check: values.check, runtime: values.runtime });
}
