// JSON Schema → TypeScript declarations, through json-schema-to-typescript with its formatter (prettier)
// switched off: the output is re-indented here so it is byte-identical whatever prettier a user has.
// That package (with prettier and lodash) is an optional peer: only apps that run codegen install it.
import { ConfigError } from '../errors.ts';

type Compile = typeof import('json-schema-to-typescript').compile;
let compiler: Promise<Compile> | undefined;

function loadCompiler(): Promise<Compile> {
  compiler ??= import('json-schema-to-typescript').then(
    (module) => module.compile,
    () => {
      compiler = undefined;
      throw new ConfigError('UNSUPPORTED', 'codegen needs the json-schema-to-typescript package: npm install --save-dev json-schema-to-typescript');
    },
  );
  return compiler;
}

/**
 * Declarations for `schema` named `rootName`. Titled sub-schemas become their own interfaces, prefixed
 * with `rootName` (a profile's `Status` becomes `AcmeProfileStatus`) so types compiled from different
 * schemas of one provider cannot collide.
 */
export async function schemaToTypeScript(schema: Record<string, unknown>, rootName: string): Promise<string> {
  const root = { ...structuredClone(schema), title: rootName };
  const compile = await loadCompiler();
  const text = await compile(root, rootName, {
    bannerComment: '',
    format: false,
    unknownAny: true,
    strictIndexSignatures: false,
    additionalProperties: true,
    // $ref files beside a manifest are inlined by the manifest loader; nothing may be fetched or read here.
    $refOptions: { resolve: { external: false } },
    customName: (sub, keyNameFromDefinition) => {
      // Sub-schemas reached through `$ref` are named by the normaliser through `$id`.
      const base = [sub.title, keyNameFromDefinition, sub.$id].find((name): name is string => typeof name === 'string');
      if (base === undefined || base === rootName) return base;
      return rootName + base.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, _sep: string, ch: string) => ch.toUpperCase());
    },
  });
  return indentDeclarations(text);
}

/**
 * Two-space indentation by brace depth, `;` after members and type aliases. Brackets inside strings and
 * comments do not count, nor do parentheses (they only group unions, which stay at their brace's depth).
 */
export function indentDeclarations(text: string): string {
  const out: string[] = [];
  let depth = 0;
  let inTypeAlias = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (isCommentLine(line)) {
      out.push(`${'  '.repeat(depth)}${line.startsWith('*') ? ' ' : ''}${line}`);
      continue;
    }
    if (depth === 0) inTypeAlias = line.startsWith('export type ');
    const { opened, closedFirst, net } = bracketBalance(line);
    const indent = closedFirst ? depth - 1 : depth;
    depth = Math.max(0, depth + net);
    // A member, or the last line of a type alias, ends in `;`; the closing brace of an interface does not.
    const needsSemicolon = !opened && !/[,;]$/.test(line) && (depth > 0 || inTypeAlias);
    out.push(`${'  '.repeat(Math.max(0, indent))}${line}${needsSemicolon ? ';' : ''}`);
    if (depth === 0) out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function isCommentLine(line: string): boolean {
  return line.startsWith('/*') || line.startsWith('*');
}

/** Net bracket depth change of a line, whether it starts by closing one, and whether it ends open. */
function bracketBalance(line: string): { opened: boolean; closedFirst: boolean; net: number } {
  let net = 0;
  let quoteChar: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoteChar) {
      if (ch === '\\') i++;
      else if (ch === quoteChar) quoteChar = undefined;
    } else if (ch === '"' || ch === "'" || ch === '`') quoteChar = ch;
    else if (ch === '{' || ch === '[') net++;
    else if (ch === '}' || ch === ']') net--;
  }
  return { opened: /[{[(]$/.test(line), closedFirst: /^[}\]]/.test(line), net };
}
