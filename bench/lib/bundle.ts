// esbuild through its JS API, set up as an app for Node would be bundled (minified ESM), and the gzip size
// of what it writes: the min+gzip figure every bundle row reports.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

export interface BundleResult {
  /** Every file written (absolute paths), entry first. */
  files: string[];
  metafile: Metafile;
}

/**
 * Bundles `entry` (relative to `project`, whose node_modules it resolves against). Without `splitting` the
 * output is one file, dynamic imports inlined; with it, one entry file plus shared and lazy chunks.
 */
export async function bundleApp(project: string, entry: string, out: string, splitting: boolean): Promise<BundleResult> {
  const result = await build({
    absWorkingDir: project,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    splitting,
    ...(splitting ? { outdir: join(project, out) } : { outfile: join(project, out) }),
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => !file.endsWith('.map'));
  // With splitting, every dynamically imported module is an entry point too: the app's own is the one named.
  const isAppEntry = ([, output]: (typeof outputs)[number]) => output.entryPoint === entry;
  const entryFirst = [...outputs.filter(isAppEntry), ...outputs.filter((output) => !isAppEntry(output))];
  return { files: entryFirst.map(([file]) => join(project, file)), metafile: result.metafile };
}

export interface Sizes {
  minBytes: number;
  /** gzip level 9 of each file on its own, summed (each chunk is fetched or read as its own file). */
  gzipBytes: number;
}

export async function sizesOf(files: readonly string[]): Promise<Sizes> {
  let minBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = await readFile(file);
    minBytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { minBytes, gzipBytes };
}
