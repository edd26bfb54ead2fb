// Reads and writes manifest field paths (`a.b`, `items[0]`, `emails[primary=true].email`) so the emulator
// can put each value exactly where the manifest says the client will look for it.

type Segment = { key: string } | { index: number } | { matchKey: string; matchValue: unknown };

const SEGMENT = /([^.[\]]+)|\[(\d+)\]|\[([^=\]]+)=([^\]]*)\]/g;

export function parseFieldPath(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const [, key, index, matchKey, matchValue] of path.matchAll(SEGMENT)) {
    if (key !== undefined) segments.push({ key });
    else if (index !== undefined) segments.push({ index: Number(index) });
    else segments.push({ matchKey: matchKey!, matchValue: parseLiteral(matchValue!) });
  }
  return segments;
}

function parseLiteral(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text.replace(/^['"]|['"]$/g, '');
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

export function getAtPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const segment of parseFieldPath(path)) {
    if (!isContainer(node)) return undefined;
    if ('key' in segment) node = (node as Record<string, unknown>)[segment.key];
    else if ('index' in segment) node = Array.isArray(node) ? node[segment.index] : undefined;
    else node = Array.isArray(node) ? node.find((item) => isContainer(item) && (item as Record<string, unknown>)[segment.matchKey] === segment.matchValue) : undefined;
  }
  return node;
}

/** Sets `value` at `path`, creating the objects, arrays and `[key=value]` elements on the way. */
export function setAtPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = parseFieldPath(path);
  let node: Container = root;
  segments.forEach((segment, position) => {
    const last = position === segments.length - 1;
    const next = segments[position + 1];
    const fresh = (): Container => (next && !('key' in next) ? [] : {});
    if ('key' in segment) {
      const record = node as Record<string, unknown>;
      if (last) record[segment.key] = value;
      else node = isContainer(record[segment.key]) ? (record[segment.key] as Container) : (record[segment.key] = fresh()) as Container;
    } else if ('index' in segment) {
      const list = node as unknown[];
      if (last) list[segment.index] = value;
      else node = isContainer(list[segment.index]) ? (list[segment.index] as Container) : (list[segment.index] = fresh()) as Container;
      for (let i = 0; i < list.length; i++) if (list[i] === undefined) list[i] = {};
    } else {
      const list = node as unknown[];
      let element = list.find((item) => isContainer(item) && (item as Record<string, unknown>)[segment.matchKey] === segment.matchValue) as Record<string, unknown> | undefined;
      if (!element) {
        // A matching element goes first, so the path also resolves for readers that take the first item.
        element = { [segment.matchKey]: segment.matchValue };
        list.unshift(element);
      }
      if (last) Object.assign(element, isContainer(value) ? value : {});
      else node = element;
    }
  });
}
