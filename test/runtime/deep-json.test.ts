// A provider answer nested 20,000 levels deep parses fine but crashes JSON.stringify (RangeError) when the
// token is stored: the token reader refuses it, and the stores turn any unserialisable value into a
// ConfigError instead of a bare RangeError or TypeError.
import { Redis } from 'ioredis';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConfigError, ResponseError } from '../../src/errors.ts';
import { RedisStore } from '../../src/stores/redis.ts';
import { sealCookieValue } from '../../src/stores/seal.ts';
import { exceedsJsonDepth } from '../../src/util/json-depth.ts';
import { baseManifest, clientFor, ORIGIN, signIn, useNock } from './helpers.ts';

useNock();

/** `{"access_token": ..., "nested": [[[...]]]}` with `levels` arrays, as JSON text. */
function tokenAnswer(levels: number): string {
  return `{"access_token":"at-deep","token_type":"Bearer","nested":${'['.repeat(levels)}${']'.repeat(levels)}}`;
}

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('deeply nested JSON', () => {
  it('refuses a 20,000-deep token answer as UNEXPECTED_RESPONSE', async () => {
    const client = clientFor(baseManifest());
    const { callback } = await signIn(client);
    nock(ORIGIN).post('/token').reply(200, tokenAnswer(20_000), { 'content-type': 'application/json' });
    const failure = client.callback(callback);
    await expect(failure).rejects.toBeInstanceOf(ResponseError);
    await expect(failure).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE', message: expect.stringMatching(/nested more than 64 levels/) });
  });

  it('accepts an answer nested within the bound', async () => {
    const client = clientFor(baseManifest());
    const { callback } = await signIn(client);
    nock(ORIGIN).post('/token').reply(200, tokenAnswer(60), { 'content-type': 'application/json' });
    expect((await client.callback(callback)).accessToken).toBe('at-deep');
  });

  it('measures depth without recursion', () => {
    expect(exceedsJsonDepth(nested(200_000))).toBe(true);
    expect(exceedsJsonDepth(nested(64))).toBe(false);
    expect(exceedsJsonDepth(nested(65))).toBe(true);
    expect(exceedsJsonDepth('scalar', 0)).toBe(false);
  });

  it('RedisStore refuses a value too deep or cyclic with a ConfigError, before any command', async () => {
    const client = new Redis({ lazyConnect: true, host: '127.0.0.1', port: 9 });
    const store = new RedisStore({ client });
    await expect(store.set('deep', nested(20_000))).rejects.toBeInstanceOf(ConfigError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(store.set('cyclic', cyclic)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/JSON-serialisable/) });
    await expect(store.set('bigint', { n: 1n })).rejects.toBeInstanceOf(ConfigError);
    client.disconnect();
  });

  it('sealed cookies refuse a value too deep with a ConfigError', () => {
    expect(() => sealCookieValue(nested(20_000), { secrets: 's'.repeat(32) })).toThrow(ConfigError);
  });
});

describe('every provider body', () => {
  it('is refused past the depth bound, whatever reads it (an API answer here)', async () => {
    const { createHttp } = await import('../../src/http/request.ts');
    const nockModule = (await import('nock')).default;
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    nockModule('https://api.example.test').get('/deep').reply(200, deep, { 'content-type': 'application/json' });
    await expect(createHttp({ retries: 0 })({ method: 'GET', url: 'https://api.example.test/deep' })).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
  });
});
