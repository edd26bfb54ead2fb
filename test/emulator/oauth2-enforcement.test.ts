// Each quirk of the quirky fixture, proven with raw fetch: the right request passes, the request of a
// client that ignores the field is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { authorize, basic, callbackOf, CHALLENGE, fixture, REDIRECT_URI, VERIFIER } from './raw.ts';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator(fixture('quirky'));
});
afterEach(() => emulator.close());

function goodAuthorizeParams(): Record<string, string | undefined> {
  return {
    response_type: 'code',
    app_id: emulator.credentials.clientId,
    redirect_uri: REDIRECT_URI,
    state: 'state-1',
    scope: 'read,write',
    access_type: 'offline',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
  };
}

async function code(): Promise<string> {
  return callbackOf(await authorize(emulator, goodAuthorizeParams())).get('code')!;
}

function goodTokenBody(authCode: string): Record<string, string> {
  return { grant_type: 'authorization_code', auth_code: authCode, redirect_uri: REDIRECT_URI, code_verifier: VERIFIER, app: emulator.credentials.clientId };
}

function tokenCall(body: Record<string, string>, init: { headers?: Record<string, string>; form?: boolean; method?: string } = {}): Promise<Response> {
  const headers = { authorization: basic(emulator), accept: 'application/json', 'content-type': init.form ? 'application/x-www-form-urlencoded' : 'application/json', ...init.headers };
  return fetch(emulator.urls.token!, { method: init.method ?? 'POST', headers, body: init.form ? new URLSearchParams(body).toString() : JSON.stringify(body) });
}

async function tokens(): Promise<{ access_token: string; refresh_token: string }> {
  const response = await tokenCall(goodTokenBody(await code()));
  return (JSON.parse(await response.text()) as { data: { access_token: string; refresh_token: string } }).data;
}

function api(path: string, token: string, init: { scheme?: string; headers?: Record<string, string>; query?: Record<string, string> } = {}): Promise<Response> {
  const url = new URL(path, emulator.urls.api);
  for (const [name, value] of Object.entries({ client: emulator.credentials.clientId, ...init.query })) url.searchParams.set(name, value);
  return fetch(url, { headers: { authorization: `${init.scheme ?? 'OAuth2'} ${token}`, 'x-api-version': '2', ...init.headers } });
}

describe('URL variables', () => {
  it('serves the example value and refuses another', async () => {
    expect(emulator.vars).toEqual({ shop: 'demo-shop' });
    // The client gets the manifest URL under /e/<endpoint>/, placeholders and all, and fills them itself.
    expect(emulator.endpoints.authorize).toMatch(/\/e\/authorize\/\{shop\}\.quirky\.example\/oauth\/authorize$/);
    expect(emulator.urls.authorize).toContain('/e/authorize/demo-shop.quirky.example/');
    const wrong = emulator.urls.authorize!.replace('demo-shop', 'other-shop');
    expect((await fetch(wrong, { redirect: 'manual' })).status).toBe(404);
    const missing = emulator.urls.authorize!.replace('demo-shop.', '.');
    expect((await fetch(missing, { redirect: 'manual' })).status).toBe(404);
  });
});

describe('authorization endpoint', () => {
  it('redirects back with a code and the state for a conforming request', async () => {
    const callback = callbackOf(await authorize(emulator, goodAuthorizeParams()));
    expect(callback.get('state')).toBe('state-1');
    expect(callback.get('code')).toMatch(/^code_/);
  });

  it('refuses client_id when authorization.rename says app_id', async () => {
    const params = { ...goodAuthorizeParams(), app_id: undefined, client_id: emulator.credentials.clientId };
    expect((await authorize(emulator, params)).status).toBe(400);
  });

  it('requires the fixed authorization.params', async () => {
    expect((await authorize(emulator, { ...goodAuthorizeParams(), access_type: undefined })).status).toBe(400);
  });

  it('refuses scopes joined with a space when the delimiter is a comma', async () => {
    expect((await authorize(emulator, { ...goodAuthorizeParams(), scope: 'read write' })).status).toBe(400);
  });

  it('requires PKCE when pkce is required, and S256 when that is the method', async () => {
    expect((await authorize(emulator, { ...goodAuthorizeParams(), code_challenge: undefined, code_challenge_method: undefined })).status).toBe(400);
    expect((await authorize(emulator, { ...goodAuthorizeParams(), code_challenge_method: 'plain' })).status).toBe(400);
  });

  it('answers access_denied when started with deny', async () => {
    await emulator.close();
    emulator = await startEmulator(fixture('quirky'), { deny: true });
    const callback = callbackOf(await authorize(emulator, goodAuthorizeParams()));
    expect(callback.get('error')).toBe('access_denied');
    expect(callback.get('code')).toBeNull();
  });

  it('shows a consent page whose Allow button completes the redirect', async () => {
    await emulator.close();
    emulator = await startEmulator(fixture('quirky'), { consent: 'page' });
    const page = await authorize(emulator, goodAuthorizeParams());
    const html = await page.text();
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('>Allow</button>');
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const decision = /name="decision" value="([^"]+)"/.exec(html)![1]!;
    const allowed = await fetch(action, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ decision, choice: 'allow' }) });
    expect(callbackOf(allowed).get('code')).toMatch(/^code_/);
  });
});

describe('token endpoint', () => {
  it('answers in the manifest shape under a misleading Content-Type', async () => {
    const response = await tokenCall(goodTokenBody(await code()));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const body = JSON.parse(await response.text()) as { status: number; data: Record<string, unknown> };
    expect(body.status).toBe(0);
    expect(body.data.expires).toBe(3600);
    expect(body.data).not.toHaveProperty('expires_in');
    expect(body.data).not.toHaveProperty('token_type');
    expect(body.data.uid).toBe('4815162342');
  });

  it('refuses a form body when token.encoding is json, inside a 200 body per token.response.error', async () => {
    const response = await tokenCall(goodTokenBody(await code()), { form: true });
    expect(response.status).toBe(200);
    const body = JSON.parse(await response.text()) as Record<string, unknown>;
    expect(body.status).not.toBe(0);
    expect(body.message).toBe('invalid_request');
    expect(String(body.detail)).toMatch(/json/);
  });

  it('refuses the client secret in the body when clientAuth is basic', async () => {
    const body = { ...goodTokenBody(await code()), client_id: emulator.credentials.clientId, client_secret: emulator.credentials.clientSecret };
    const answer = JSON.parse(await (await tokenCall(body)).text()) as Record<string, unknown>;
    expect(answer.message).toBe('invalid_request');
  });

  it('refuses a request without Basic credentials', async () => {
    const answer = JSON.parse(await (await tokenCall(goodTokenBody(await code()), { headers: { authorization: '' } })).text()) as Record<string, unknown>;
    expect(answer.message).toBe('invalid_client');
  });

  it('requires the token.headers (Accept)', async () => {
    const response = await tokenCall(goodTokenBody(await code()), { headers: { accept: '*/*' } });
    expect((JSON.parse(await response.text()) as Record<string, unknown>).message).toBe('invalid_request');
  });

  it('expects the renamed code parameter and the fixed token.params', async () => {
    const { auth_code, ...rest } = goodTokenBody(await code());
    expect((JSON.parse(await (await tokenCall({ ...rest, code: auth_code! })).text()) as Record<string, unknown>).message).toBe('invalid_request');
    const { app: _app, ...withoutApp } = goodTokenBody(await code());
    expect((JSON.parse(await (await tokenCall(withoutApp)).text()) as Record<string, unknown>).message).toBe('invalid_request');
  });

  it('verifies the PKCE verifier and uses each code once', async () => {
    const wrong = JSON.parse(await (await tokenCall({ ...goodTokenBody(await code()), code_verifier: 'w'.repeat(43) })).text()) as Record<string, unknown>;
    expect(wrong.message).toBe('invalid_grant');
    const authCode = await code();
    expect((JSON.parse(await (await tokenCall(goodTokenBody(authCode))).text()) as { status: number }).status).toBe(0);
    expect((JSON.parse(await (await tokenCall(goodTokenBody(authCode))).text()) as Record<string, unknown>).message).toBe('invalid_grant');
  });

  it('binds the code to its redirect_uri', async () => {
    const answer = JSON.parse(await (await tokenCall({ ...goodTokenBody(await code()), redirect_uri: 'http://127.0.0.1:9/other' })).text()) as Record<string, unknown>;
    expect(answer.message).toBe('invalid_grant');
  });

  it('rotates refresh tokens: the old one stops working once used', async () => {
    const { refresh_token } = await tokens();
    const refresh = { grant_type: 'refresh_token', refresh_token, app: emulator.credentials.clientId };
    const first = JSON.parse(await (await tokenCall(refresh)).text()) as { status: number; data: { refresh_token: string } };
    expect(first.status).toBe(0);
    expect(first.data.refresh_token).not.toBe(refresh_token);
    expect((JSON.parse(await (await tokenCall(refresh)).text()) as Record<string, unknown>).message).toBe('invalid_grant');
  });

  it('offers no grant the manifest does not list', async () => {
    const answer = JSON.parse(await (await tokenCall({ grant_type: 'client_credentials', app: emulator.credentials.clientId })).text()) as Record<string, unknown>;
    expect(answer.message).toBe('unsupported_grant_type');
  });
});

describe('API and profile', () => {
  it('answers the profile as JSONP, unwrapped at `user`, with the user where the fields map reads', async () => {
    const { access_token } = await tokens();
    const response = await api('users/show.json', access_token, { query: { uid: '4815162342' } });
    expect(response.status).toBe(200);
    const text = await response.text();
    const body = JSON.parse(/\((.*)\);$/.exec(text)![1]!) as { user: { id: number; login: string; emails: Array<{ address: string; primary: boolean }> } };
    expect(body.user.id).toBe(4815162342);
    expect(body.user.login).toBe('ada.emulated');
    expect(body.user.emails.find((e) => e.primary)?.address).toBe('ada@example.com');
  });

  it('refuses a Bearer token when api.auth.scheme is OAuth2', async () => {
    const { access_token } = await tokens();
    expect((await api('users/show.json', access_token, { scheme: 'Bearer', query: { uid: '4815162342' } })).status).toBe(401);
  });

  it('requires api.headers, api.query and the templated profile query', async () => {
    const { access_token } = await tokens();
    expect((await api('users/show.json', access_token, { headers: { 'x-api-version': '1' }, query: { uid: '4815162342' } })).status).toBe(400);
    expect((await api('users/show.json', access_token, { query: { uid: '4815162342', client: 'someone-else' } })).status).toBe(400);
    expect((await api('users/show.json', access_token, { query: { uid: '42' } })).status).toBe(400);
  });

  it('serves operations with path parameters and refuses a missing required parameter', async () => {
    const { access_token } = await tokens();
    expect((await api('things/books', access_token, { query: { limit: '5' } })).status).toBe(200);
    expect((await api('things/books', access_token)).status).toBe(400);
  });
});

describe('revocation', () => {
  it('takes the token as revocation.tokenParam, without a hint, and then refuses it at the API', async () => {
    const { access_token } = await tokens();
    const revoke = (body: Record<string, string>) =>
      fetch(emulator.urls.revoke!, { method: 'POST', headers: { authorization: basic(emulator), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    expect((await revoke({ token: access_token })).status).toBe(400);
    expect((await revoke({ access_token, token_type_hint: 'access_token' })).status).toBe(400);
    expect((await revoke({ access_token })).status).toBe(200);
    expect((await api('users/show.json', access_token, { query: { uid: '4815162342' } })).status).toBe(401);
  });
});

describe('request log', () => {
  it('records what arrived without any credential value', async () => {
    const { access_token, refresh_token } = await tokens();
    const logged = JSON.stringify(emulator.requests);
    expect(emulator.requests.map((r) => r.route)).toEqual(['authorize', 'token']);
    for (const secret of [access_token, refresh_token, emulator.credentials.clientSecret, VERIFIER]) expect(logged).not.toContain(secret);
  });
});
