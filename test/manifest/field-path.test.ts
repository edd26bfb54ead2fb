import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { fieldPathProblem, readPath } from '../../src/util/path.ts';

describe('field paths', () => {
  it.each(['a', 'a.b', 'items[0]', 'response[0].name', 'emails[primary=true].email', 'x[type=work,primary=true]', '$emails[primary=true].email', 'a[9999]', 'a[k=v=w]'])(
    'accepts %s',
    (path) => {
      expect(fieldPathProblem(path)).toBeUndefined();
    },
  );

  it.each([
    ['', /empty/],
    ['a]b', /stray or unclosed bracket/],
    ['a[b', /stray or unclosed bracket/],
    ['a..b', /empty segment/],
    ['a.', /empty segment/],
    ['a[]', /must be an index or key=value/],
    ['a[=x]', /must be an index or key=value/],
    ['a[x=1,y]', /must be an index or key=value/],
    ['a[10000]', /above 9999/],
    ['__proto__.x', /__proto__/],
    ['a[__proto__=x]', /__proto__/],
  ])('refuses %j', (path, problem) => {
    expect(fieldPathProblem(path)).toMatch(problem);
  });

  it('throws a ConfigError, not a bare Error, for a path that is not one', () => {
    expect(() => readPath({}, 'a]b')).toThrow(ConfigError);
  });

  it('keeps everything after the first = as the value to match', () => {
    expect(readPath({ list: [{ k: 'v=w', n: 1 }] }, 'list[k=v=w].n')).toBe(1);
  });
});
