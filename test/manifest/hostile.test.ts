// Manifests written to break the loader or the runtime: each must fail at load with a located ManifestError,
// never with another error, a hang, or a manifest that loads and crashes on first use.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load.ts';
import { manifestErrorFrom, MINIMAL_MANIFEST, positionOf, scratchDirectory } from './helpers.ts';

let scratch: ReturnType<typeof scratchDirectory>;
let file: string;

beforeEach(() => {
  scratch = scratchDirectory();
  file = `${scratch.dir}/acme.yaml`;
});
afterEach(() => scratch.cleanup());

function onlyIssue(text: string) {
  const error = manifestErrorFrom(() => loadManifest(text, file));
  expect(error.issues).toHaveLength(1);
  return { error, issue: error.issues[0]! };
}

describe('YAML aliases', () => {
  it('refuses an alias bomb (billion laughs) as a syntax error at the first alias', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefg') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const text = `${MINIMAL_MANIFEST}${levels.join('\n')}\n`;
    const { error, issue } = onlyIssue(text);
    expect(error.code).toBe('MANIFEST_SYNTAX');
    expect(issue).toMatchObject({ file, ...positionOf(text, '*a, *a, *a, *a, *a, *a, *a, *a, *a]') });
    expect(issue.message).toMatch(/alias bomb/);
  });

  it('still resolves a few aliases', () => {
    const text = MINIMAL_MANIFEST.replace('name: Acme', 'name: &name Acme') + 'profile:\n  url: me\n  fields:\n    id: id\n    name: *name\n';
    expect(loadManifest(text, file).profile?.fields.name).toBe('Acme');
  });

  it('refuses an alias to no anchor at the alias', () => {
    const text = `${MINIMAL_MANIFEST}profile:\n  url: me\n  fields:\n    id: *nowhere\n`;
    const { error, issue } = onlyIssue(text);
    expect(error.code).toBe('MANIFEST_SYNTAX');
    expect(issue).toMatchObject({ ...positionOf(text, '*nowhere'), message: 'alias *nowhere refers to no earlier anchor &nowhere' });
  });

  it('refuses an alias inside its own anchor, whose value would contain itself', () => {
    const text = `${MINIMAL_MANIFEST}profile:\n  url: me\n  fields: { id: id }\n  schema: &loop { items: *loop }\n`;
    const { error, issue } = onlyIssue(text);
    expect(error.code).toBe('MANIFEST_SYNTAX');
    expect(issue).toMatchObject(positionOf(text, '*loop'));
    expect(issue.message).toMatch(/inside its own anchor/);
  });
});
