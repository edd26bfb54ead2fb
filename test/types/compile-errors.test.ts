// Each fixture under test/types/fixtures/ is a small program that must NOT compile, with the error its
// first line names (`// expect-error TS<code> <message fragment>`). They are stored as .ts.fixture so the
// repository's own `tsc --noEmit` skips them; here they are compiled as .ts with the repository's options.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/types/fixtures');
const SUFFIX = '.fixture';
/** Its expectTypeOf assertions only fail at compile time, so it is compiled here too and must stay clean. */
const MUST_COMPILE = join(ROOT, 'test/types/generated-types.test.ts');

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
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('tsconfig.json did not parse');
  const virtual = new Map(fixtures.map((fixture) => [fixture.path, fixture.source]));
  const host = ts.createCompilerHost(config.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtual.get(file);
    return text === undefined ? getSourceFile.call(host, file, language, ...rest) : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram([...virtual.keys(), MUST_COMPILE], config.options, host);
  const byFile = new Map(fixtures.map((fixture) => [fixture.name, ts.getPreEmitDiagnostics(program, program.getSourceFile(fixture.path))]));
  byFile.set(MUST_COMPILE, ts.getPreEmitDiagnostics(program, program.getSourceFile(MUST_COMPILE)));
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

  it('while the type assertions of generated-types.test.ts compile cleanly', () => {
    const found = diagnostics.get(MUST_COMPILE)!.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(found).toEqual([]);
  });
});
