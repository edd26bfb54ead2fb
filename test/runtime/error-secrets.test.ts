// Planted credentials never reach what a log shows of an error: its message, String(), stack, or
// util.inspect with every hidden property and the whole cause chain (what console.error prints and more).
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { OAuthRegistryError } from '../../src/errors.ts';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { basicAuthorization } from '../../src/oauth2/token-request.ts';
import { baseManifest, clientFor, signIn } from './helpers.ts';
import { json, type LoopbackServer, refusingOrigin, serve } from './loopback.ts';

const CLIENT_ID = 'client-123';
const CLIENT_SECRET = 'cs-planted-7f3a9e';
const CODE = 'code-planted-51bd0c';
const ACCESS_TOKEN = 'at-planted-c4e8f2';
const BASIC = basicAuthorization(CLIENT_ID, CLIENT_SECRET).slice('Basic '.length);
const SECRETS = [CLIENT_SECRET, CODE, ACCESS_TOKEN, BASIC];

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function started(handler: Parameters<typeof serve>[0]): Promise<string> {
  const server = await serve(handler);
  servers.push(server);
  return server.origin;
}

async function caught(promise: Promise<unknown>): Promise<OAuthRegistryError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(OAuthRegistryError);
  return error as OAuthRegistryError;
}

function expectNoSecrets(error: Error): void {
  const views = {
    message: error.message,
    string: String(error),
    stack: error.stack ?? '',
    inspect: inspect(error, { depth: Infinity, showHidden: true }),
    json: JSON.stringify(error),
  };
  for (const [view, text] of Object.entries(views)) {
    for (const secret of SECRETS) expect(text, `${view} shows ${secret}`).not.toContain(secret);
  }
}

/** Basic credentials in a header, and code and client secret in the token URL's query, under their own names or others. */
const TOKEN_MANIFESTS: Record<string, Partial<ManifestInput>> = {
  'Basic header': { token: { clientAuth: 'basic_and_client_id' } },
  'query string': { token: { encoding: 'query', clientAuth: 'post' } },
  'query string, renamed parameters': { token: { method: 'GET', clientAuth: 'post', rename: { client_secret: 'app_secret', code: 'auth_code' } } },
};

async function exchangeCode(origin: string, token: Partial<ManifestInput>, timeoutMs = 5_000) {
  const client = clientFor(baseManifest(token), { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, endpoints: { token: `${origin}/token` }, http: { retries: 0, timeoutMs } });
  const { callback } = await signIn(client, CODE);
  return client.callback(callback);
}

describe('no secret in what an error shows', () => {
  for (const [label, manifest] of Object.entries(TOKEN_MANIFESTS)) {
    it(`token endpoint refusing the connection (${label})`, async () => {
      const error = await caught(exchangeCode(await refusingOrigin(), manifest));
      expect(error.code).toBe('NETWORK_ERROR');
      expectNoSecrets(error);
    });

    it(`token endpoint timing out (${label})`, async () => {
      const origin = await started(() => {}); // never answers
      const error = await caught(exchangeCode(origin, manifest, 100));
      expect(error.code).toBe('NETWORK_ERROR');
      expectNoSecrets(error);
    });

    it(`token endpoint answering a body that does not parse (${label})`, async () => {
      const origin = await started((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"access_token":');
      });
      const error = await caught(exchangeCode(origin, manifest));
      expect(error.code).toBe('UNEXPECTED_RESPONSE');
      expectNoSecrets(error);
    });

    it(`token endpoint answering an error that quotes what it was sent (${label})`, async () => {
      const origin = await started((_, res) => json(res, 400, { error: 'invalid_grant', error_description: `code ${CODE} is not valid for secret ${CLIENT_SECRET}` }));
      const error = await caught(exchangeCode(origin, manifest));
      expect(error).toMatchObject({ code: 'TOKEN_ERROR', error: 'invalid_grant' });
      expectNoSecrets(error);
    });

    it(`token endpoint answering an HTML error page (${label})`, async () => {
      const origin = await started((_, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(`<p>upstream failed for ${CODE}</p>`);
      });
      const error = await caught(exchangeCode(origin, manifest));
      expect(error.code).toBe('UNEXPECTED_RESPONSE');
      expectNoSecrets(error);
    });
  }

  it('an API that takes the token in the query answering an error', async () => {
    const origin = await started((_, res) => json(res, 401, { message: `token ${ACCESS_TOKEN} has expired`, tokens: [ACCESS_TOKEN] }));
    const client = clientFor(baseManifest({ api: { auth: { in: 'query', name: 'oauth2_access_token' } } }), { endpoints: { api: `${origin}/v1/` } });
    const error = await caught(client.get('me', { token: ACCESS_TOKEN }));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 401 });
    const url = new URL((error as OAuthRegistryError & { url: string }).url);
    expect(`${url.origin}${url.pathname}`).toBe(`${origin}/v1/me`);
    expect(url.searchParams.get('oauth2_access_token')).toBe('[redacted]');
    // The provider's error body stays readable, without the token we sent it.
    expect((error as OAuthRegistryError & { data: unknown }).data).toEqual({ message: 'token [redacted] has expired', tokens: ['[redacted]'] });
    expectNoSecrets(error);
  });

  it('an API whose error body, read as a form, quotes the token in a field name', async () => {
    // A text error read as form-encoded (api.contentType: form) becomes {"<the whole text>": ""}.
    const origin = await started((_, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`invalid token ${ACCESS_TOKEN}`);
    });
    const client = clientFor(baseManifest({ api: { contentType: 'form' } }), { endpoints: { api: `${origin}/v1/` } });
    const error = await caught(client.get('me', { token: ACCESS_TOKEN }));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 401, data: { 'invalid token [redacted]': '' } });
    expectNoSecrets(error);
  });

  it('an API that takes the token in the query refusing the connection', async () => {
    const client = clientFor(baseManifest({ api: { auth: { in: 'query' } } }), { endpoints: { api: `${await refusingOrigin()}/v1/` } });
    const error = await caught(client.get('me', { token: ACCESS_TOKEN }));
    expect(error.code).toBe('NETWORK_ERROR');
    expectNoSecrets(error);
  });

  it('an API that takes the token in the query under a name of its own, answering a body that does not parse', async () => {
    const origin = await started((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":');
    });
    const client = clientFor(baseManifest({ api: { auth: { in: 'query', name: 'auth' } } }), { endpoints: { api: `${origin}/v1/` } });
    const error = await caught(client.get('me', { token: ACCESS_TOKEN }));
    expect(error.code).toBe('UNEXPECTED_RESPONSE');
    expectNoSecrets(error);
  });

  it('an API that takes the token in the query timing out', async () => {
    const origin = await started(() => {});
    const client = clientFor(baseManifest({ api: { auth: { in: 'query' } } }), { endpoints: { api: `${origin}/v1/` }, http: { retries: 0, timeoutMs: 100 } });
    const error = await caught(client.get('me', { token: ACCESS_TOKEN }));
    expect(error.code).toBe('NETWORK_ERROR');
    expectNoSecrets(error);
  });

  it('a callback URL that does not parse', async () => {
    const client = clientFor(baseManifest());
    const { transaction } = await signIn(client, CODE);
    const error = await caught(client.callback(`https://app.example.test:99999/callback?code=${CODE}&state=${transaction.state}`));
    expect(error.code).toBe('CALLBACK_INVALID');
    expectNoSecrets(error);
  });
});
