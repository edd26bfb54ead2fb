// JSON.parse accepts any nesting, but JSON.stringify and structuredClone recurse and throw a RangeError
// a few thousand levels down: a provider answer nested 20,000 deep parses, is accepted, and crashes
// whatever stores or copies it later. Answers are measured, without recursion, before they are used.

/** No provider answer nests deeper than this; more is an attack or a bug. */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects or arrays more than `maxDepth` levels deep (`{}` is one level). */
export function exceedsJsonDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  // Parsed JSON is a tree; the set only keeps a shared or cyclic value from being walked twice.
  const seen = new Set<object>();
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    if (depth + 1 > maxDepth) return true;
    seen.add(item);
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}
