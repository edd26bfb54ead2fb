// Writing generated files, and comparing them with what is on disk for --check. A file counts as ours
// only when it starts with the generated header, so nothing a user wrote is ever deleted.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { GENERATED_FILE } from './emit-provider.ts';

export interface Drift {
  /** Expected files that are missing or differ. */
  stale: string[];
  /** Generated files on disk that codegen no longer produces (e.g. a removed provider). */
  extra: string[];
}

export async function findDrift(outDir: string, files: ReadonlyMap<string, string>): Promise<Drift> {
  const stale: string[] = [];
  for (const [path, text] of files) {
    if ((await readOrUndefined(join(outDir, path))) !== text) stale.push(path);
  }
  const extra = (await generatedFilesOnDisk(outDir)).filter((path) => !files.has(path));
  return { stale, extra };
}

/** Writes changed files and removes generated files that are no longer produced; returns what changed. */
export async function writeGenerated(outDir: string, files: ReadonlyMap<string, string>): Promise<Drift> {
  const drift = await findDrift(outDir, files);
  for (const path of drift.stale) {
    await mkdir(dirname(join(outDir, path)), { recursive: true });
    await writeFile(join(outDir, path), files.get(path)!);
  }
  for (const path of drift.extra) await rm(join(outDir, path));
  return drift;
}

async function generatedFilesOnDisk(outDir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(outDir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const ours: string[] = [];
  for (const entry of entries.filter((name) => name.endsWith('.ts')).sort()) {
    const text = await readOrUndefined(join(outDir, entry));
    if (text !== undefined && GENERATED_FILE.test(text)) ours.push(relative(outDir, join(outDir, entry)).split(sep).join('/'));
  }
  return ours;
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw error;
  }
}
