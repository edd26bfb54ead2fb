// du-like measurements of an install: apparent file sizes summed, and the packages node_modules holds.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Sum of the sizes of every regular file under `dir` (symlinks not followed). */
export async function bytesOnDisk(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await bytesOnDisk(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

/**
 * Packages installed under a node_modules folder: every `name/package.json` and `@scope/name/package.json`,
 * including those nested in a package's own node_modules (a second copy is a second package on disk).
 */
export async function countPackages(nodeModules: string): Promise<number> {
  let count = 0;
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(nodeModules, entry.name);
    const packages = entry.name.startsWith('@') ? (await readdir(path, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => join(path, e.name)) : [path];
    for (const dir of packages) {
      if (await isFile(join(dir, 'package.json'))) count++;
      count += await countPackages(join(dir, 'node_modules'));
    }
  }
  return count;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

/** Bytes on disk of each top-level package (its nested node_modules included), largest first. */
export async function packageSizes(nodeModules: string): Promise<{ name: string; bytes: number }[]> {
  const sizes: { name: string; bytes: number }[] = [];
  for (const entry of await readdir(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const names = entry.name.startsWith('@') ? (await readdir(join(nodeModules, entry.name))).map((name) => `${entry.name}/${name}`) : [entry.name];
    for (const name of names) sizes.push({ name, bytes: await bytesOnDisk(join(nodeModules, name)) });
  }
  return sizes.sort((a, b) => b.bytes - a.bytes);
}
