// From validated manifests to the text of every generated file. Pure: no file system, so the CLI, the
// --check mode and the tests all compare the same strings.
import { posix } from 'node:path';
import { ConfigError } from '../errors.ts';
import type { AnyProviderManifest } from '../manifest/schema.ts';
import { emitClients, emitProviderIds, emitRegistry } from './emit-index.ts';
import { compare, emitManifestModule, emitProviderModule, generatedHeader } from './emit-provider.ts';

export interface GenerateOptions {
  /**
   * Where generated code imports the runtime from: a package specifier (`oauth-registry/codegen-runtime`),
   * or a path relative to the output directory (`../codegen/runtime.ts`), which is rewritten per file.
   */
  runtime: string;
  /** The command that made the files, named in their first line (`oauth-registry codegen --providers …`). */
  command: string;
}

/** Output path (relative to the output directory, `/`-separated) → file text, in sorted path order. */
export async function generate(manifests: readonly AnyProviderManifest[], options: GenerateOptions): Promise<Map<string, string>> {
  const sorted = [...manifests].sort((a, b) => compare(a.id, b.id));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) throw new ConfigError('CONFIG_INVALID', `two manifests share the id "${sorted[i]!.id}"`);
  }
  const runtimeFrom = (file: string) => runtimeSpecifier(options.runtime, file);
  const header = generatedHeader(options.command);
  const files = new Map<string, string>();
  files.set('provider-ids.ts', emitProviderIds(sorted, header));
  files.set('registry.ts', emitRegistry(sorted, header, runtimeFrom('registry.ts')));
  files.set('clients.ts', emitClients(sorted, header, runtimeFrom('clients.ts')));
  for (const manifest of sorted) {
    // A retired provider has no client and no manifest module: the index holds its metadata.
    if (manifest.status === 'retired') continue;
    const manifestFile = `manifests/${manifest.id}.ts`;
    const providerFile = `providers/${manifest.id}.ts`;
    files.set(manifestFile, emitManifestModule(manifest, header, runtimeFrom(manifestFile)));
    // Generated files import each other as `.js`, which every strict tsconfig (NodeNext, Bundler) resolves.
    files.set(providerFile, await emitProviderModule(manifest, header, { runtime: runtimeFrom(providerFile), manifestModule: `../manifests/${manifest.id}.js` }));
  }
  return new Map([...files].sort(([a], [b]) => compare(a, b)));
}

function runtimeSpecifier(runtime: string, file: string): string {
  if (!runtime.startsWith('.')) return runtime;
  // Resolved under a root deep enough that the runtime's `..` segments never climb past it.
  const root = `/${runtime.split('/').map(() => 'd').join('/')}`;
  const relative = posix.relative(posix.join(root, posix.dirname(file)), posix.join(root, runtime));
  return relative.startsWith('.') ? relative : `./${relative}`;
}
