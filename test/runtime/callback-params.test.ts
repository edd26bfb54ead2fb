// RFC 6749 §3.1: a callback parameter that decides whose sign-in completes may appear once. Every input
// form is read the same way, and a repeat is refused before any transaction is touched.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { callbackParams, type CallbackInput } from '../../src/oauth2/callback.ts';
import { CallbackError } from '../../src/errors.ts';
import { baseManifest, clientFor, ORIGIN, REDIRECT, tokenReply, useNock } from './helpers.ts';

useNock();

const REPEATABLE_NOWHERE = ['state', 'code', 'iss', 'error', 'oauth_token', 'oauth_verifier'];

function inputForms(name: string): [string, CallbackInput][] {
  const query = `${name}=first&${name}=second&other=x`;
  return [
    ['a full URL string', `${REDIRECT}?${query}`],
    ['a query string', `?${query}`],
    ['a URL', new URL(`${REDIRECT}?${query}`)],
    ['URLSearchParams', new URLSearchParams(query)],
    ['a parsed query with an array', { [name]: ['first', 'second'], other: 'x' }],
  ];
}

describe('callbackParams', () => {
  for (const name of REPEATABLE_NOWHERE) {
    it.each(inputForms(name))(`refuses a repeated ${name} in %s`, (_form, input) => {
      let thrown: unknown;
      try {
        callbackParams(input);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CallbackError);
      expect(thrown).toMatchObject({ code: 'DUPLICATE_PARAMETER', message: expect.stringContaining(`the ${name} parameter more than once`) });
      expect((thrown as Error).message).not.toMatch(/first|second/);
    });
  }

  it('reads single parameters from every form alike', () => {
    const expected = { state: 's', code: 'c', iss: 'https://id.example.test' };
    const query = 'state=s&code=c&iss=https%3A%2F%2Fid.example.test';
    for (const input of [`${REDIRECT}?${query}`, `?${query}`, query, new URL(`${REDIRECT}?${query}`), new URLSearchParams(query), { ...expected, ignored: undefined, nested: { a: '1' } }]) {
      expect(callbackParams(input)).toEqual(expected);
    }
  });

  it('leaves parameters outside the protocol alone when repeated, and keeps __proto__ a plain field', () => {
    const params = callbackParams('state=s&code=c&tag=a&tag=b&__proto__=x');
    expect(params).toMatchObject({ state: 's', code: 'c', tag: 'b' });
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.hasOwn(params, '__proto__')).toBe(true);
  });
});

describe('the client with a repeated parameter', () => {
  it('refuses state=victim&state=attacker before any token request, leaving both transactions usable', async () => {
    const client = clientFor(baseManifest());
    const victim = await client.authorize();
    const attacker = await client.authorize();
    for (const input of [
      `?state=${victim.transaction.state}&state=${attacker.transaction.state}&code=attacker-code`,
      { state: [victim.transaction.state, attacker.transaction.state], code: 'attacker-code' },
    ]) {
      await expect(client.callback(input)).rejects.toMatchObject({ code: 'DUPLICATE_PARAMETER' });
    }
    nock(ORIGIN).post('/token').twice().reply(200, tokenReply());
    await expect(client.callback(`?state=${victim.transaction.state}&code=victim-code`)).resolves.toMatchObject({ accessToken: 'at-1' });
    await expect(client.callback(`?state=${attacker.transaction.state}&code=attacker-code`)).resolves.toMatchObject({ accessToken: 'at-1' });
  });
});
