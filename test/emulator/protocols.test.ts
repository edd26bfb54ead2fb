// GET-only token endpoints, OpenID Connect (discovery, JWKS, signed id_token with the nonce, userinfo) and
// OAuth 1 (signed requests, replay rejection), proven with raw HTTP.
import { createHmac } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import OAuth from 'oauth-1.0a';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { getManifest } from '../../src/manifest/registry.ts';
import { authorize, basic, callbackOf, CHALLENGE, fixture, REDIRECT_URI, VERIFIER } from './raw.ts';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('GET-only token endpoint', () => {
  it('refuses POST and answers GET with a form body under a misleading Content-Type', async () => {
    emulator = await startEmulator(fixture('get-token'));
    const { clientId, clientSecret } = emulator.credentials;
    const grant = async () =>
      callbackOf(await authorize(emulator!, { response_type: 'code', client_id: clientId, redirect_uri: REDIRECT_URI, state: 's' })).get('code')!;
    const params = (code: string) => new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: clientId, client_secret: clientSecret });
    const posted = await fetch(emulator.urls.token!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params(await grant()) });
    expect(posted.status).toBe(405);
    const got = await fetch(`${emulator.urls.token}?${params(await grant())}`);
    expect(got.headers.get('content-type')).toContain('text/plain');
    const token = new URLSearchParams(await got.text());
    expect(token.get('access_token')).toMatch(/^at_/);
    const me = await fetch(`${emulator.urls.api}me?oauth_token=${token.get('access_token')}`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: '4815162342' });
    expect((await fetch(`${emulator.urls.api}me?access_token=${token.get('access_token')}`)).status).toBe(401);
  });

  it('refuses PKCE when the manifest says unsupported', async () => {
    emulator = await startEmulator(fixture('get-token'));
    const response = await authorize(emulator, { response_type: 'code', client_id: emulator.credentials.clientId, redirect_uri: REDIRECT_URI, state: 's', code_challenge: CHALLENGE, code_challenge_method: 'S256' });
    expect(response.status).toBe(400);
  });
});

describe('OpenID Connect', () => {
  async function signIn(nonce: string | undefined) {
    emulator = await startEmulator(fixture('openid'));
    return authorize(emulator, {
      response_type: 'code',
      client_id: emulator.credentials.clientId,
      redirect_uri: REDIRECT_URI,
      state: 's',
      scope: 'openid email',
      nonce,
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
  }

  it('requires a nonce and signs an id_token that carries it, verifiable with the discovered JWKS', async () => {
    expect((await signIn(undefined)).status).toBe(400);
    await emulator!.close();
    const code = callbackOf(await signIn('nonce-123')).get('code')!;
    const discovery = (await (await fetch(emulator!.urls.discovery!)).json()) as Record<string, string>;
    expect(discovery.issuer).toBe(emulator!.urls.issuer);
    expect(discovery.token_endpoint).toBe(emulator!.urls.token);
    const response = await fetch(discovery.token_endpoint!, {
      method: 'POST',
      headers: { authorization: basic(emulator!), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: VERIFIER }),
    });
    const token = (await response.json()) as { id_token: string; access_token: string };
    const { payload } = await jwtVerify(token.id_token, createRemoteJWKSet(new URL(discovery.jwks_uri!)), { issuer: discovery.issuer, audience: emulator!.credentials.clientId });
    expect(payload).toMatchObject({ nonce: 'nonce-123', sub: '4815162342' });
    const userinfo = await fetch(discovery.userinfo_endpoint!, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(await userinfo.json()).toMatchObject({ sub: '4815162342', email: 'ada@example.com' });
  });
});

describe('OAuth 1', () => {
  function signer(secret: string) {
    return new OAuth({
      consumer: { key: emulator!.credentials.clientId, secret },
      signature_method: 'HMAC-SHA1',
      hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
    });
  }

  function requestToken(authorization: OAuth.Authorization) {
    return fetch(emulator!.urls.requestToken!, { method: 'POST', headers: { ...signer('unused').toHeader(authorization) } });
  }

  it('issues temporary credentials for a signed request and refuses a replayed nonce', async () => {
    emulator = await startEmulator('twitter');
    const signed = signer(emulator.credentials.clientSecret).authorize({ url: emulator.urls.requestToken!, method: 'POST', data: { oauth_callback: REDIRECT_URI } });
    const first = await requestToken(signed);
    expect(first.status).toBe(200);
    expect(new URLSearchParams(await first.text()).get('oauth_callback_confirmed')).toBe('true');
    const replay = await requestToken(signed);
    expect(replay.status).toBe(401);
    expect(new URLSearchParams(await replay.text()).get('oauth_problem')).toBe('nonce_used');
  });

  it('refuses a request signed with another secret, and one with a stale timestamp', async () => {
    emulator = await startEmulator('twitter');
    const forged = signer('not-the-secret').authorize({ url: emulator.urls.requestToken!, method: 'POST', data: { oauth_callback: REDIRECT_URI } });
    expect(new URLSearchParams(await (await requestToken(forged)).text()).get('oauth_problem')).toBe('signature_invalid');
    const old = signer(emulator.credentials.clientSecret);
    old.getTimeStamp = () => Math.floor(Date.now() / 1000) - 3600;
    const stale = old.authorize({ url: emulator.urls.requestToken!, method: 'POST', data: { oauth_callback: REDIRECT_URI } });
    expect(new URLSearchParams(await (await requestToken(stale)).text()).get('oauth_problem')).toBe('timestamp_refused');
  });
});

describe('faults', () => {
  const discovery = () => fetch(emulator!.urls.discovery!);

  it('answers 429 with Retry-After, then 500, only as many times as asked', async () => {
    emulator = await startEmulator(fixture('openid'), { faults: [{ kind: 'rateLimit', retryAfterSeconds: 7, times: 1 }] });
    const limited = await discovery();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await discovery()).status).toBe(200);
    emulator.setFaults([{ kind: 'serverError', on: ['discovery'] }]);
    expect((await discovery()).status).toBe(500);
    expect((await fetch(`${emulator.urls.issuer}/jwks`)).status).toBe(200);
  });

  it('resets the connection, corrupts the body, lies about the content type and delays', async () => {
    emulator = await startEmulator(fixture('openid'), { faults: [{ kind: 'reset', times: 1 }] });
    await expect(discovery()).rejects.toThrow();
    emulator.setFaults([{ kind: 'malformedBody', times: 1 }]);
    await expect((await discovery()).json()).rejects.toThrow();
    emulator.setFaults([{ kind: 'wrongContentType', times: 1 }]);
    expect((await discovery()).headers.get('content-type')).toContain('text/html');
    emulator.setFaults([{ kind: 'delay', ms: 150, times: 1 }]);
    const started = Date.now();
    await discovery();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
