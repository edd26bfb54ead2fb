// Maps a field path (as zod reports it) back to a line and column in the YAML/JSON source, so that every
// manifest error can point at the exact place to fix.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type FieldPath = readonly PropertyKey[];

/** What an issue is about: the value at the path, the key that names it, or (for a missing field) the object that lacks it. */
export type Target = 'value' | 'key' | 'parent';

export interface Position {
  line: number;
  column: number;
}

interface Step {
  node: Node | null;
  key: Node | null;
}

/** `endpoints.token`, `profile.after[0].url`: the form used in every manifest error. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}

/** Where in the source the issue at `path` should point, or line 1 column 1 when the document has no such node. */
export function locate(doc: Document, lines: LineCounter, path: FieldPath, target: Target): Position {
  const steps = walk(doc, path);
  const reached = steps.length - 1 === path.length;
  const last = steps[steps.length - 1]!;
  let offset: number | undefined;
  if (!reached || target === 'parent') {
    // The path stops at an existing ancestor: point at its key (`endpoints:`), which is where a field would be added.
    const parent = reached ? (steps[steps.length - 2] ?? last) : last;
    offset = start(parent.key) ?? start(parent.node);
  } else if (target === 'key') {
    offset = start(last.key) ?? start(last.node);
  } else {
    offset = start(last.node) ?? start(last.key);
  }
  if (offset === undefined) return { line: 1, column: 1 };
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** The nodes along `path`, starting with the document root; shorter than path + 1 when a segment is absent. */
function walk(doc: Document, path: FieldPath): Step[] {
  const steps: Step[] = [{ node: deref(doc, doc.contents as Node | null), key: null }];
  for (const segment of path) {
    const here = steps[steps.length - 1]!.node;
    let next: Step | undefined;
    if (isMap(here)) {
      const pair = here.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair) next = { node: deref(doc, pair.value as Node | null), key: pair.key as Node };
    } else if (isSeq(here) && typeof segment === 'number' && segment < here.items.length) {
      next = { node: deref(doc, here.items[segment] as Node | null), key: null };
    }
    if (!next) break;
    steps.push(next);
  }
  return steps;
}

function deref(doc: Document, node: Node | null): Node | null {
  return isAlias(node) ? ((node.resolve(doc) as Node | undefined) ?? node) : node;
}

function start(node: Node | null): number | undefined {
  return node?.range?.[0];
}
