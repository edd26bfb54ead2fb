// Wrong arguments to the client's methods (easy from JavaScript, or with `as any`) get a ConfigError that
// says what was expected, not a TypeError from deep inside, and no request leaves.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { API, baseManifest, clientFor, ORIGIN, useNock } from './helpers.ts';

useNock();

type Loose = Parameters<ReturnType<typeof clientFor>['get']>[1];

async function configErrorFrom(call: () => Promise<unknown>): Promise<ConfigError> {
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).code).toBe('CONFIG_INVALID');
  return error as ConfigError;
}

describe('client method arguments', () => {
  const client = clientFor(baseManifest());

  it('get(path) without options names the missing token', async () => {
    const error = await configErrorFrom(() => client.get('me', undefined as unknown as Loose));
    expect(error.message).toBe('example: request() needs options with the token, e.g. { token }');
  });

  it.each([
    ['no token', {}],
    ['an empty token', { token: '' }],
    ['a token object without an access token', { token: { tokenType: 'Bearer' } }],
    ['a number', { token: 42 }],
  ])('get(path, options) with %s names the missing token', async (_name, options) => {
    const error = await configErrorFrom(() => client.get('me', options as unknown as Loose));
    expect(error.message).toBe('example: request() needs a token: a TokenSet or a non-empty access token string');
  });

  it.each([undefined, null, '', {}])('profile(%j) is a ConfigError', async (token) => {
    const error = await configErrorFrom(() => client.profile(token as unknown as string));
    expect(error.message).toBe('example: profile() needs a token: a TokenSet or a non-empty access token string');
  });

  it('refresh() and revoke() without a token are ConfigErrors', async () => {
    await configErrorFrom(() => client.refresh(undefined as unknown as string));
    await configErrorFrom(() => client.revoke(null as unknown as string));
  });

  it('still takes a plain access token string, and a token object without raw fields', async () => {
    nock(API).get('/v1/me').twice().reply(200, { id: 7 });
    expect((await client.get('me', { token: 'at-1' })).data).toEqual({ id: 7 });
    const profile = await client.profile({ accessToken: 'at-1', tokenType: 'Bearer' } as unknown as string);
    expect(profile.id).toBe('7');
  });

  it('revokes a refresh token given as a string', async () => {
    const revoked = nock(ORIGIN).post('/revoke', (body: Record<string, string>) => body.token === 'rt-1' && body.token_type_hint === 'refresh_token').reply(200);
    await client.revoke('rt-1', 'refresh_token');
    expect(revoked.isDone()).toBe(true);
  });
});
