// Refuses regular expressions that can backtrack catastrophically: JavaScript's engine backtracks, so
// `(a+)+$` takes seconds on thirty characters, and a manifest pattern runs on values an app may take from
// its users. The check is a cheap syntactic one (star height, as the safe-regex tools measure it):
//  - a repeated group that contains a quantifier anywhere inside it, e.g. `(a+)+`, `(\d*,?)*`;
//  - a repeated group whose alternatives repeat one another, e.g. `(a|a)*`, `(ab|abab)+`.
// It may refuse a harmless pattern (`(ab+c)*`); such patterns can always be written without nesting.

interface Atom {
  /** The atom's source text, used to compare alternatives. */
  text: string;
  /** Top-level alternatives, for a group. */
  alternatives?: string[][];
  /** Whether a quantifier occurs anywhere inside the atom. */
  containsQuantifier: boolean;
}

class UnsafePattern extends Error {}

/** Why `source` (a pattern that compiles) may backtrack catastrophically, or undefined when it looks safe. */
export function catastrophicBacktrackingReason(source: string): string | undefined {
  try {
    new PatternScanner(source).alternation();
    return undefined;
  } catch (error) {
    if (error instanceof UnsafePattern) return error.message;
    throw error;
  }
}

class PatternScanner {
  #at = 0;
  constructor(readonly source: string) {}

  /** Alternatives up to the closing `)` of the current group (or the end). */
  alternation(): { alternatives: string[][]; containsQuantifier: boolean } {
    const alternatives: string[][] = [[]];
    let containsQuantifier = false;
    while (this.#at < this.source.length && this.source[this.#at] !== ')') {
      if (this.source[this.#at] === '|') {
        this.#at += 1;
        alternatives.push([]);
        continue;
      }
      const atom = this.#atom();
      const quantifier = this.#quantifier();
      if (quantifier?.repeats && atom.alternatives) this.#checkRepeatedGroup(atom);
      containsQuantifier ||= atom.containsQuantifier || quantifier !== undefined;
      alternatives[alternatives.length - 1]!.push(atom.text + (quantifier?.text ?? ''));
    }
    return { alternatives, containsQuantifier };
  }

  #checkRepeatedGroup(group: Atom): void {
    if (group.containsQuantifier) {
      throw new UnsafePattern(`the repeated group ${group.text} contains a quantifier (nested quantifiers backtrack catastrophically)`);
    }
    const texts = group.alternatives!.map((alternative) => alternative.join(''));
    for (const [i, shorter] of texts.entries()) {
      for (const [j, longer] of texts.entries()) {
        if (i !== j && shorter !== '' && longer.length % shorter.length === 0 && shorter.repeat(longer.length / shorter.length) === longer) {
          throw new UnsafePattern(`the repeated group ${group.text} has alternatives that match the same text ("${shorter}" and "${longer}"), which backtracks catastrophically`);
        }
      }
    }
  }

  #atom(): Atom {
    const start = this.#at;
    const char = this.source[this.#at]!;
    if (char === '(') {
      this.#at += 1;
      this.#skipGroupPrefix();
      const inner = this.alternation();
      this.#at += 1; // the closing ')': the pattern compiled, so it is there
      return { text: this.source.slice(start, this.#at), alternatives: inner.alternatives, containsQuantifier: inner.containsQuantifier };
    }
    if (char === '[') this.#skipClass();
    else if (char === '\\') this.#at += 2;
    else this.#at += 1;
    return { text: this.source.slice(start, this.#at), containsQuantifier: false };
  }

  /** `?:`, `?=`, `?!`, `?<=`, `?<!` and `?<name>` after an opening parenthesis. */
  #skipGroupPrefix(): void {
    const prefix = /^\?(?::|=|!|<=|<!|<[^>]*>)/.exec(this.source.slice(this.#at));
    if (prefix) this.#at += prefix[0].length;
  }

  #skipClass(): void {
    this.#at += 1;
    if (this.source[this.#at] === '^') this.#at += 1;
    // In JavaScript a `]` right after `[` or `[^` closes the class (`[]` matches nothing).
    while (this.#at < this.source.length && this.source[this.#at] !== ']') this.#at += this.source[this.#at] === '\\' ? 2 : 1;
    this.#at += 1;
  }

  /** A quantifier after an atom; `repeats` is false for `?` and `{0,1}`/`{1}`, which match at most once. */
  #quantifier(): { text: string; repeats: boolean } | undefined {
    const match = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(this.source.slice(this.#at));
    if (!match) return undefined;
    this.#at += match[0].length;
    const [text, symbol, min, comma, max] = match;
    if (symbol) return { text, repeats: symbol !== '?' };
    const most = comma === undefined ? Number(min) : max === '' ? Infinity : Number(max);
    return { text, repeats: most > 1 };
  }
}
