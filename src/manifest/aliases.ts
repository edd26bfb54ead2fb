// YAML anchors and aliases (`&a` / `*a`) are legal in a manifest, but each alias copies its anchor's value:
// a few lines can expand to gigabytes (the "billion laughs" attack), an alias may point at nothing, and an
// alias inside its own anchor makes a value that contains itself. All three are refused before conversion.
import { isAlias, visit, type Document, type Node } from 'yaml';

/** More expanded aliases than this, per anchor, is refused: a manifest needs a few aliases at most. */
export const MAX_ALIAS_EXPANSIONS = 100;

export interface AliasProblem {
  /** Where the offending alias starts in the source. */
  offset: number;
  message: string;
}

/** Aliases that name no earlier anchor, or that sit inside the node their anchor marks (a cycle). */
export function findAliasProblems(doc: Document): AliasProblem[] {
  const problems: AliasProblem[] = [];
  visit(doc, {
    Alias(_key, alias, path) {
      const target = alias.resolve(doc);
      const offset = alias.range?.[0] ?? 0;
      if (!target) problems.push({ offset, message: `alias *${alias.source} refers to no earlier anchor &${alias.source}` });
      else if (path.includes(target)) problems.push({ offset, message: `alias *${alias.source} sits inside its own anchor, so its value would contain itself` });
    },
  });
  return problems;
}

/**
 * Converts the document to plain data with alias expansion bounded; undefined when the bound is exceeded.
 * The yaml package reports that with a ReferenceError; other errors are not expected and propagate.
 */
export function toBoundedJs(doc: Document): { data: unknown } | undefined {
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }) };
  } catch (error) {
    if (error instanceof ReferenceError) return undefined;
    throw error;
  }
}

/** The problem to report when expansion was refused: at the first alias, since any of them may be the culprit. */
export function tooManyExpansions(doc: Document): AliasProblem {
  let first: Node | undefined;
  visit(doc, {
    Alias(_key, alias) {
      first = alias;
      return visit.BREAK;
    },
  });
  const name = isAlias(first) ? ` (from *${first.source})` : '';
  return {
    offset: first?.range?.[0] ?? 0,
    message: `aliases expand to more than ${MAX_ALIAS_EXPANSIONS} copies${name}: a manifest needs few aliases, and this many looks like an alias bomb`,
  };
}
