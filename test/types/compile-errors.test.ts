// Each fixture under test/types/fixtures/ is a small program that must NOT compile, with the error its
// first line names (`// expect-error TS<code> <message fragment>`). They are stored as .ts.fixture so the
// repository's own `tsc --noEmit` skips them; here they are compiled as .ts with the repository's options.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compileWithVirtualFiles, ROOT } from './virtual-program.ts';

const FIXTURES = join(ROOT, 'test/types/fixtures');
const SUFFIX = '.fixture';
/** Their expectTypeOf assertions only fail at compile time, so they are compiled here too and must stay clean. */
const MUST_COMPILE = [
  join(ROOT, 'test/types/generated-types.test.ts'),
  ...readdirSync(join(ROOT, 'test/providers'))
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => join(ROOT, 'test/providers', name)),
];

const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith(`.ts${SUFFIX}`))
  .sort()
  .map((name) => {
    const source = readFileSync(join(FIXTURES, name), 'utf8');
    const expectation = /^\/\/ expect-error TS(\d+) (.+)$/m.exec(source);
    if (!expectation) throw new Error(`${name}: the first line must be // expect-error TS<code> <message>`);
    return { name, path: join(FIXTURES, name.slice(0, -SUFFIX.length)), source, code: Number(expectation[1]), message: expectation[2]! };
  });

/** One program over every fixture (the generated code is checked once), the fixtures read from their .fixture files. */
function diagnosticsByFile(): Map<string, readonly ts.Diagnostic[]> {
  const program = compileWithVirtualFiles(new Map(fixtures.map((fixture) => [fixture.path, fixture.source])), MUST_COMPILE);
  const byFile = new Map(fixtures.map((fixture) => [fixture.name, ts.getPreEmitDiagnostics(program, program.getSourceFile(fixture.path))]));
  for (const file of MUST_COMPILE) byFile.set(file, ts.getPreEmitDiagnostics(program, program.getSourceFile(file)));
  return byFile;
}

describe('programs that must not compile', () => {
  const diagnostics = diagnosticsByFile();

  it.each(fixtures)('$name fails with TS$code', ({ name, code, message }) => {
    const found = diagnostics.get(name)!.map((d) => ({ code: d.code, text: ts.flattenDiagnosticMessageText(d.messageText, '\n') }));
    expect(found, 'exactly one error, so nothing else in the fixture is wrong').toHaveLength(1);
    expect(found[0]!.code).toBe(code);
    expect(found[0]!.text).toContain(message);
  });

  it.each(MUST_COMPILE.map((path) => ({ path, name: relative(ROOT, path) })))('while the type assertions of $name compile cleanly', ({ path }) => {
    const found = diagnostics.get(path)!.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(found).toEqual([]);
  });
});
