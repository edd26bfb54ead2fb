// Pushed authorization requests (RFC 9126) end to end: the client pushes the parameters with client
// authentication and sends the browser with client_id and request_uri alone; the emulator takes a request_uri
// once, before it expires, with nothing else beside it, and refuses unpushed requests when the manifest says so.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import { consent } from '../../src/emulator/conformance/flow.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import { clearDiscoveryCache } from '../../src/oidc/discovery.ts';
import { ProviderError } from '../../src/errors.ts';

const REDIRECT_URI = 'http://127.0.0.1:9/callback';

const oauth2 = {
  id: 'par-oauth2',
  name: 'PAR OAuth2',
  protocol: 'oauth2',
  docs: 'https://par.example.test/docs',
  lastVerified: '2026-12-06',
  endpoints: {
    authorize: 'https://par.example.test/authorize',
    pushedAuthorization: 'https://par.example.test/par',
    token: 'https://par.example.test/token',
    api: 'https://api.par.example.test/',
  },
  authorization: { par: 'required', scope: { default: ['read', 'write'] } },
  token: { clientAuth: 'basic' },
  profile: { url: 'me', fields: { id: 'id', name: 'name' } },
} as const;

function oidc(par: 'required' | 'supported' | undefined) {
  return {
    id: `par-oidc-${par ?? 'none'}`,
    name: 'PAR OIDC',
    protocol: 'oidc',
    docs: 'https://oidc.par.example.test/docs',
    lastVerified: '2026-12-06',
    oidc: { issuer: 'https://oidc.par.example.test' },
    ...(par ? { authorization: { par } } : {}),
  };
}

const open: Emulator[] = [];
afterEach(async () => {
  vi.useRealTimers();
  clearDiscoveryCache();
  await Promise.all(open.splice(0).map((emulator) => emulator.close()));
});

async function emulate(manifest: object): Promise<Emulator> {
  const emulator = await startEmulator(manifest);
  open.push(emulator);
  return emulator;
}

function clientFor(emulator: Emulator, manifest: object = emulator.manifest, extra: { clientSecret?: string; retries?: number } = {}): OAuthClient {
  return new OAuthClient(parseManifestObject(manifest), {
    ...emulator.credentials,
    ...(extra.clientSecret ? { clientSecret: extra.clientSecret } : {}),
    endpoints: emulator.endpoints,
    redirectUri: REDIRECT_URI,
    http: { retries: extra.retries ?? 0, timeoutMs: 5000 },
  });
}

describe('pushed authorization requests against the emulator', () => {
  it('pushes the parameters, sends only client_id and request_uri, and signs in', async () => {
    const emulator = await emulate(oauth2);
    const client = clientFor(emulator);
    const { url } = await client.authorize({ params: { login_hint: 'ada' } });
    const authorizeUrl = new URL(url);
    expect([...authorizeUrl.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(authorizeUrl.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    const pushed = emulator.requests.find((request) => request.route === 'pushedAuthorization')!;
    expect(pushed).toMatchObject({ method: 'POST', status: 201 });
    // The parameters travelled in the pushed body, the client authenticated with HTTP Basic as the token endpoint wants.
    expect(pushed.params).toMatchObject({ response_type: 'code', login_hint: 'ada', scope: 'read write', redirect_uri: REDIRECT_URI });
    expect(pushed.headerNames).toContain('authorization');
    const token = await client.callback(await consent(url) as string);
    expect(token.accessToken).toMatch(/^at_/);
    expect((await client.profile(token)).id).toBeTruthy();
  });

  it('OIDC: finds the PAR endpoint through discovery when the manifest says par: supported', async () => {
    const emulator = await emulate(oidc('supported'));
    const client = clientFor(emulator);
    const { url } = await client.authorize();
    expect(new URL(url).searchParams.has('request_uri')).toBe(true);
    expect(emulator.requests.map((request) => request.route)).toContain('pushedAuthorization');
    expect((await client.callback(await consent(url) as string)).claims?.sub).toBeTruthy();
  });

  it('OIDC: pushes when discovery says require_pushed_authorization_requests, even for a manifest without par', async () => {
    const emulator = await emulate(oidc('required'));
    const client = clientFor(emulator, oidc(undefined));
    const { url } = await client.authorize();
    expect(new URL(url).searchParams.has('request_uri')).toBe(true);
    expect(await client.callback(await consent(url) as string)).toBeTruthy();
  });

  it('does not push for a provider whose manifest and discovery say nothing of PAR', async () => {
    const emulator = await emulate(oidc(undefined));
    const { url } = await clientFor(emulator).authorize();
    expect(new URL(url).searchParams.has('request_uri')).toBe(false);
    expect(emulator.requests.map((request) => request.route)).not.toContain('pushedAuthorization');
  });

  it('reports a refused push as PAR_ERROR, without the secret, and does not retry it', async () => {
    const emulator = await emulate(oauth2);
    const wrongSecret = 'not-the-secret-0123456789';
    const error = await clientFor(emulator, oauth2, { clientSecret: wrongSecret }).authorize().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'PAR_ERROR', error: 'invalid_client', status: 401 });
    expect(inspect(error)).not.toContain(wrongSecret);
    expect(inspect(error)).not.toContain(emulator.credentials.clientSecret);

    emulator.setFaults([{ kind: 'serverError', on: ['pushedAuthorization'], times: 1 }]);
    await expect(clientFor(emulator, oauth2, { retries: 2 }).authorize()).rejects.toMatchObject({ code: 'PAR_ERROR', status: 500 });
    expect(emulator.requests.filter((request) => request.route === 'pushedAuthorization' && request.status === 500)).toHaveLength(1);
  });
});

describe('the emulated authorization endpoint with PAR', () => {
  it('refuses an authorization request that was not pushed (par: required)', async () => {
    const emulator = await emulate(oauth2);
    const plain = new URL(emulator.urls.authorize!);
    for (const [name, value] of Object.entries({ response_type: 'code', client_id: emulator.credentials.clientId, redirect_uri: REDIRECT_URI, state: 'xyz' })) plain.searchParams.set(name, value);
    const response = await fetch(plain, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/only takes pushed authorization requests/) });
  });

  it('takes a request_uri once', async () => {
    const emulator = await emulate(oauth2);
    const { url } = await clientFor(emulator).authorize();
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);
    const again = await fetch(url, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_request_uri', error_description: expect.stringMatching(/already used/) });
  });

  it('refuses an expired request_uri', async () => {
    const emulator = await emulate(oauth2);
    const { url } = await clientFor(emulator).authorize();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    const response = await fetch(url, { redirect: 'manual' });
    expect(await response.json()).toMatchObject({ error: 'invalid_request_uri', error_description: expect.stringMatching(/expired/) });
  });

  it('refuses parameters in the URL beside request_uri, and a request_uri for another client', async () => {
    const emulator = await emulate(oauth2);
    const { url } = await clientFor(emulator).authorize();
    const mixed = new URL(url);
    mixed.searchParams.set('scope', 'admin');
    expect(await (await fetch(mixed, { redirect: 'manual' })).json()).toMatchObject({ error_description: expect.stringMatching(/every parameter must be pushed, got "scope"/) });
    const foreign = new URL(url);
    foreign.searchParams.set('client_id', 'someone-else');
    expect(await (await fetch(foreign, { redirect: 'manual' })).json()).toMatchObject({ error_description: expect.stringMatching(/not the client that pushed/) });
  });

  it('checks the pushed parameters as the authorization endpoint would (RFC 9126 §2.1)', async () => {
    const emulator = await emulate(oauth2);
    const basic = `Basic ${Buffer.from(`${emulator.credentials.clientId}:${emulator.credentials.clientSecret}`).toString('base64')}`;
    const push = (body: Record<string, string>) =>
      fetch(emulator.urls.pushedAuthorization!, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    const base = { response_type: 'code', client_id: emulator.credentials.clientId, redirect_uri: REDIRECT_URI, state: 'abc', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' };
    expect((await push(base)).status).toBe(201);
    expect(await (await push({ ...base, redirect_uri: 'http://evil.example/cb' })).json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/redirect_uri/) });
    expect(await (await push({ ...base, request_uri: 'urn:x' })).json()).toMatchObject({ error_description: expect.stringMatching(/request_uri cannot itself be pushed/) });
    const unauthenticated = await fetch(emulator.urls.pushedAuthorization!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(base) });
    expect(unauthenticated.status).toBe(401);
  });
});
