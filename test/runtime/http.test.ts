// The HTTP layer: retries only where repeating is safe, Retry-After honoured, bodies capped, timeouts typed.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createHttp } from '../../src/http/request.ts';
import { useNock } from './helpers.ts';

useNock();
const HOST = 'https://api.example.test';

describe('http', () => {
  it('retries an idempotent request answered 429, after Retry-After', async () => {
    nock(HOST).get('/r').reply(429, {}, { 'retry-after': '1' }).get('/r').reply(200, { ok: true });
    const started = Date.now();
    const response = await createHttp({ retries: 2 })({ method: 'GET', url: `${HOST}/r` });
    expect(response.data).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('retries GET on 503 but never a POST', async () => {
    nock(HOST).get('/g').reply(503).get('/g').reply(200, { ok: 1 });
    expect((await createHttp({ retries: 1 })({ method: 'GET', url: `${HOST}/g` })).status).toBe(200);
    nock(HOST).post('/p').reply(503).post('/p').reply(200, { ok: 1 });
    expect((await createHttp({ retries: 1 })({ method: 'POST', url: `${HOST}/p`, body: 'x' })).status).toBe(503);
    expect(nock.pendingMocks()).toHaveLength(1);
  });

  it('refuses bodies over the cap, declared or streamed', async () => {
    nock(HOST).get('/big').reply(200, 'x'.repeat(2048));
    await expect(createHttp({ maxBodyBytes: 1024 })({ method: 'GET', url: `${HOST}/big` })).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
  });

  it('times out with a NETWORK_ERROR that hides query credentials', async () => {
    nock(HOST).get('/slow').query(true).delay(500).reply(200, {});
    const error = await createHttp({ timeoutMs: 100, retries: 0 })({ method: 'GET', url: `${HOST}/slow?access_token=at-secret` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR' });
    expect((error as Error).message).not.toContain('at-secret');
  });
});
