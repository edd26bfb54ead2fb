import { describe, expect, it } from 'vitest';
import { catastrophicBacktrackingReason } from '../../src/manifest/safe-regex.ts';

describe('catastrophicBacktrackingReason', () => {
  it.each([
    '^v\\d+\\.\\d+$',
    '[a-z][a-z0-9-]*',
    '^Bearer ',
    '(ab)+',
    '(?:a|b)+',
    '(a+)?',
    '(a|ab)*c',
    '[(+*]+',
    '\\(a+\\)+',
    '(?<name>x)*',
    'a{2,5}',
    '(?:abc){1}',
    '[]a+]*',
  ])('accepts %s', (pattern) => {
    expect(catastrophicBacktrackingReason(pattern)).toBeUndefined();
  });

  it.each([
    ['(a+)+$', /repeated group \(a\+\) contains a quantifier/],
    ['(a*)*', /contains a quantifier/],
    ['(?:\\d+,?)+$', /contains a quantifier/],
    ['((ab)*c)+', /contains a quantifier/],
    ['(a{1,3}){2,}', /contains a quantifier/],
    ['(x(?:a?)b)*', /contains a quantifier/],
    ['(a|a)*', /alternatives that match the same text \("a" and "a"\)/],
    ['(a|aa)+b', /\("a" and "aa"\)/],
    ['^(?:ab|cd|abab){3,}$', /\("ab" and "abab"\)/],
  ])('refuses %s', (pattern, reason) => {
    expect(catastrophicBacktrackingReason(pattern)).toMatch(reason);
  });
});
