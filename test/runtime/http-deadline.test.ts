// One deadline covers the whole exchange, and one-time exchanges are never repeated (issue 9, defects 4 and 5).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import { createHttp } from '../../src/http/request.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import { oauth1Manifest } from '../oauth1/helpers.ts';
import { baseManifest, CLIENT } from './helpers.ts';

let server: Server;
let origin: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/trickle') {
      // Headers at once, then one byte every 200 ms for 10 s: only a deadline over the body ends it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":"');
      const timer = setInterval(() => res.write('x'), 200);
      setTimeout(() => (clearInterval(timer), res.end('"}')), 10_000).unref();
      req.on('close', () => clearInterval(timer));
    } else if (path === '/busy' || path === '/token') {
      res.writeHead(503, { 'retry-after': path === '/busy' ? '3600' : '0', 'content-type': 'application/json' });
      res.end('{"error":"temporarily_unavailable"}');
    } else if (path === '/bomb') {
      const inflated = Buffer.alloc(64 * 1024, 'a');
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync(inflated));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));

describe('the deadline', () => {
  it('covers the body: a provider trickling its answer is cut off at the timeout', async () => {
    const started = Date.now();
    const error = await createHttp({ timeoutMs: 600, retries: 0 })({ method: 'GET', url: `${origin}/trickle` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('ends the retries when Retry-After outlasts it, and hands back the answer', async () => {
    const started = Date.now();
    const response = await createHttp({ timeoutMs: 2_000, retries: 3 })({ method: 'GET', url: `${origin}/busy` });
    expect(response.status).toBe(503);
    expect(hits.get('/busy')).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('counts a compressed body by what it inflates to, whatever its declared length', async () => {
    const error = await createHttp({ maxBodyBytes: 1024 })({ method: 'GET', url: `${origin}/bomb` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
  });
});

describe('one-time exchanges', () => {
  it('are sent once even when their method would allow a retry', async () => {
    hits.delete('/token');
    await createHttp({ retries: 3 })({ method: 'GET', url: `${origin}/token`, oneTime: true });
    expect(hits.get('/token')).toBe(1);
  });

  it('include the OAuth 1 credential calls, over GET too (RFC 5849 §2.1, §2.3)', async () => {
    hits.delete('/token');
    const manifest = oauth1Manifest({ requestTokenMethod: 'GET', accessTokenMethod: 'GET' }, {
      endpoints: { requestToken: `${origin}/token`, authorize: `${origin}/authorize`, token: `${origin}/token` },
    });
    const client = new OAuthClient(manifest, { ...CLIENT, redirectUri: 'http://127.0.0.1/cb', http: { retries: 3 } });
    await expect(client.authorize()).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 503 });
    expect(hits.get('/token')).toBe(1);
  });

  it('include a code exchange on a GET token endpoint answered 503', async () => {
    hits.delete('/token');
    const manifest = parseManifestObject(baseManifest({ endpoints: { authorize: `${origin}/authorize`, token: `${origin}/token` }, token: { method: 'GET' } }));
    const client = new OAuthClient(manifest, { ...CLIENT, redirectUri: 'http://127.0.0.1/cb', http: { retries: 3 } });
    const { transaction } = await client.authorize();
    await expect(client.callback({ code: 'one-time-code', state: transaction.state })).rejects.toMatchObject({ code: 'TOKEN_ERROR' });
    expect(hits.get('/token')).toBe(1);
  });
});
