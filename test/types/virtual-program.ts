// A TypeScript program with the repository's compiler options in which some files exist only in memory:
// the type suites compile sources they hold as strings (fixtures, per-provider checks) next to real files.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One program over the `virtual` files (path → source) and the real `files`. */
export function compileWithVirtualFiles(virtual: ReadonlyMap<string, string>, files: readonly string[] = []): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('tsconfig.json did not parse');
  const host = ts.createCompilerHost(config.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtual.get(file);
    return text === undefined ? getSourceFile.call(host, file, language, ...rest) : ts.createSourceFile(file, text, language);
  };
  return ts.createProgram([...virtual.keys(), ...files], config.options, host);
}

/** The messages of the compile errors in `file`, or a note that the program does not hold it. */
export function errorsIn(program: ts.Program, file: string): string[] {
  const source = program.getSourceFile(file);
  if (!source) return [`${file} is not in the program`];
  return ts.getPreEmitDiagnostics(program, source).map((d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
