// The fuzz helpers must be able to fail: a leak through any one rendering is caught.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { expectNoSecrets, expectTypedError, fuzzRuns, PLANTED, timed } from './helpers.ts';

describe('fuzz helpers', () => {
  it('catch a secret in the message, in a cause only util.inspect shows, and in an own field', () => {
    expect(() => expectNoSecrets(new Error(`bad ${PLANTED.clientSecret}`))).toThrow(/message contains PLANTED-SECRET-client-secret/);
    const viaCause = new ConfigError('CONFIG_INVALID', 'clean');
    Object.defineProperty(viaCause, 'cause', { value: new Error(PLANTED.accessToken) });
    expect(() => expectNoSecrets(viaCause)).toThrow(/inspect contains PLANTED-SECRET-access-token/);
    expect(() => expectNoSecrets(Object.assign(new ConfigError('CONFIG_INVALID', 'clean'), { body: PLANTED.code }))).toThrow(/inspect contains/);
    expect(() => expectNoSecrets(new ConfigError('CONFIG_INVALID', 'clean'))).not.toThrow();
  });

  it('refuse errors that are not ours', () => {
    expect(() => expectTypedError(new TypeError('x'))).toThrow(/expected an OAuthRegistryError/);
  });

  it('scale runs with FUZZ_RUNS and report what a run threw', () => {
    expect(fuzzRuns(100)).toBe(Math.round(100 * Number(process.env.FUZZ_RUNS ?? '1')));
    expect(timed(() => {
      throw new Error('x');
    })).toMatchObject({ threw: true });
  });
});
