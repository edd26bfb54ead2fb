// Comments that send readers to a docs/ page must name a page that exists in the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|md)$/.test(entry.name) ? [path] : [];
  });
}

describe('links to docs/ pages', () => {
  it('point at files that exist', () => {
    const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'examples')), join(ROOT, 'README.md')];
    const broken: string[] = [];
    for (const file of files) {
      for (const [page] of readFileSync(file, 'utf8').matchAll(/(?<![\w/.-])docs\/[\w./-]+\.md\b/g)) {
        if (!existsSync(join(ROOT, page))) broken.push(`${relative(ROOT, file)} → ${page}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
