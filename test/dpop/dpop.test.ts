// DPoP (RFC 9449) end to end against the emulator: proofs on the token request and on API calls, the nonce
// retry at both, tokens bound to the key (DPoP scheme, cnf.jkt), the key pair kept in a session and restored,
// and each way a proof can be wrong refused with its own reason.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { OAuthClient, type ClientOptions } from '../../src/client.ts';
import { accessTokenHash, createDpopProof } from '../../src/dpop/proof.ts';
import { exportDpopKeyPair, generateDpopKeyPair, importDpopKeyPair, type DpopKeyPair } from '../../src/dpop/keys.ts';
import { consent } from '../../src/emulator/conformance/flow.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { ConfigError, DpopError, HttpError } from '../../src/errors.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import type { TokenSet } from '../../src/types.ts';

const REDIRECT_URI = 'http://127.0.0.1:9/callback';

function manifestWith(dpop: Record<string, unknown>, clientAuth: 'post' | 'none' = 'post') {
  return {
    id: `dpop-${clientAuth}`,
    name: 'DPoP Provider',
    protocol: 'oauth2',
    docs: 'https://dpop.example.test/docs',
    lastVerified: '2026-12-06',
    endpoints: { authorize: 'https://dpop.example.test/authorize', token: 'https://dpop.example.test/token', revoke: 'https://dpop.example.test/revoke', api: 'https://api.dpop.example.test/' },
    token: { clientAuth },
    dpop,
    profile: { url: 'me', fields: { id: 'id', name: 'name' } },
  };
}

const WITH_NONCE = manifestWith({ nonce: true });

const open: Emulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((emulator) => emulator.close()));
});

async function emulate(manifest: object): Promise<Emulator> {
  const emulator = await startEmulator(manifest);
  open.push(emulator);
  return emulator;
}

function clientFor(emulator: Emulator, options: Partial<ClientOptions> = {}): OAuthClient {
  return new OAuthClient(parseManifestObject(emulator.manifest), {
    ...emulator.credentials,
    endpoints: emulator.endpoints,
    redirectUri: REDIRECT_URI,
    http: { retries: 0, timeoutMs: 5000, ...options.http },
    dpop: true,
    ...options,
  });
}

async function signIn(client: OAuthClient): Promise<TokenSet> {
  const { url } = await client.authorize();
  return client.callback((await consent(url)) as string);
}

/** Routes and statuses the emulator saw, e.g. `token 400 use_dpop_nonce`. */
function trail(emulator: Emulator, route: string): string[] {
  return emulator.requests.filter((request) => request.route === route).map((request) => `${request.status}${request.rejection ? ` ${request.rejection}` : ''}`);
}

describe('DPoP against the emulator', () => {
  it('binds the token to the key: proof and nonce retry at the token endpoint and at the API, DPoP scheme', async () => {
    const emulator = await emulate(WITH_NONCE);
    const client = clientFor(emulator);
    const token = await signIn(client);
    expect(token.tokenType).toBe('DPoP');
    // §8: the first token request had no nonce; the one retry carried the one the server handed out.
    expect(trail(emulator, 'token')).toEqual(['400 token endpoint: DPoP proof needs a current server nonce', '200']);
    const profile = await client.profile(token);
    expect(profile.id).toBeTruthy();
    // §9: the resource server's nonces are its own: one retry there too, then the call goes through.
    expect(trail(emulator, 'api')).toEqual(['401 API: DPoP proof needs a current server nonce', '200']);
    // A second call reuses the cached nonce: no retry.
    await client.get('me', { token });
    expect(trail(emulator, 'api')).toHaveLength(3);
    expect(emulator.requests.filter((request) => request.route === 'api').every((request) => request.headerNames.includes('dpop'))).toBe(true);
    const refreshed = await client.refresh(token);
    expect(refreshed.tokenType).toBe('DPoP');
    expect((await client.get('me', { token: refreshed })).status).toBe(200);
  });

  it('without the manifest asking, uses DPoP only when the app does (dpop option)', async () => {
    const emulator = await emulate(WITH_NONCE);
    const token = await signIn(clientFor(emulator, { dpop: false }));
    expect(token.tokenType).toBe('Bearer');
    expect(emulator.requests.some((request) => request.headerNames.includes('dpop'))).toBe(false);
  });

  it('refuses a bound token presented as a bearer token', async () => {
    const emulator = await emulate(WITH_NONCE);
    const token = await signIn(clientFor(emulator));
    const bearer = new OAuthClient(parseManifestObject(emulator.manifest), { ...emulator.credentials, endpoints: emulator.endpoints, http: { retries: 0 } });
    await expect(bearer.get('me', { token: token.accessToken })).rejects.toBeInstanceOf(HttpError);
    await expect(bearer.get('me', { token })).rejects.toThrow(/DPoP-bound: create the client with the dpop option/);
  });

  it('answers a revoked bound token with an HttpError 401: the token is the problem, not the proof', async () => {
    const emulator = await emulate(manifestWith({}));
    const client = clientFor(emulator);
    const token = await signIn(client);
    await client.revoke(token);
    const error = await client.get('me', { token }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 401 });
  });

  it('keeps the key pair with a session: exported, restored, and the token works with the restored key', async () => {
    const emulator = await emulate(WITH_NONCE);
    const first = clientFor(emulator);
    const token = await signIn(first);
    const kept = JSON.parse(JSON.stringify(await exportDpopKeyPair(await first.dpopKeyPair())));
    const restored = await importDpopKeyPair(kept);
    expect(restored.thumbprint).toBe((await first.dpopKeyPair()).thumbprint);
    const later = clientFor(emulator, { dpop: { keyPair: restored } });
    expect((await later.get('me', { token })).status).toBe(200);
  });

  it('never shows the private key when a key pair is logged or serialised', async () => {
    const pair = await generateDpopKeyPair();
    const { privateJwk } = await exportDpopKeyPair(pair);
    expect(inspect(pair)).not.toContain(privateJwk.d);
    expect(JSON.stringify(pair)).not.toContain(privateJwk.d);
    expect(JSON.stringify(pair)).toContain(pair.thumbprint);
    await expect(importDpopKeyPair({ alg: 'ES256', privateJwk: pair.publicJwk })).rejects.toBeInstanceOf(ConfigError);
    await expect(importDpopKeyPair({ alg: 'HS256' as 'ES256', privateJwk })).rejects.toThrow(/DPoP keys use one of/);
  });

  it('makes the key with the algorithm the provider takes, and refuses a given key it does not take', async () => {
    const emulator = await emulate(manifestWith({ required: true, algorithms: ['EdDSA'] }));
    const client = new OAuthClient(parseManifestObject(emulator.manifest), { ...emulator.credentials, endpoints: emulator.endpoints, redirectUri: REDIRECT_URI, http: { retries: 0 } });
    expect((await signIn(client)).tokenType).toBe('DPoP');
    expect((await client.dpopKeyPair()).alg).toBe('EdDSA');
    const es256 = await generateDpopKeyPair('ES256');
    expect(() => new OAuthClient(parseManifestObject(emulator.manifest), { ...emulator.credentials, dpop: { keyPair: es256 } })).toThrow(/takes DPoP proofs signed with EdDSA, not ES256/);
    expect(() => new OAuthClient(parseManifestObject(emulator.manifest), { ...emulator.credentials, dpop: false })).toThrow(/dpop cannot be false/);
    const json = await exportDpopKeyPair(await generateDpopKeyPair('EdDSA'));
    expect(() => new OAuthClient(parseManifestObject(emulator.manifest), { ...emulator.credentials, dpop: { keyPair: json as unknown as DpopKeyPair } })).toThrow(/from generateDpopKeyPair or importDpopKeyPair/);
  });

  it('refuses a token request without a proof when the provider only issues bound tokens', async () => {
    const emulator = await emulate(manifestWith({ required: true }));
    const error = await signIn(bearerClient(emulator)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'TOKEN_ERROR', error: 'invalid_dpop_proof' });
  });
});

/** A client built from a copy of the manifest without its dpop section: one that ignores DPoP. */
function bearerClient(emulator: Emulator): OAuthClient {
  const { dpop: _ignored, ...rest } = emulator.manifest as unknown as Record<string, unknown>;
  return new OAuthClient(parseManifestObject({ ...rest, id: 'dpop-ignorant' }), { ...emulator.credentials, endpoints: emulator.endpoints, redirectUri: REDIRECT_URI, http: { retries: 0 } });
}

/** A proof built by hand, to get wrong what createDpopProof always gets right. */
async function handMade(key: DpopKeyPair, claims: Record<string, string>, options: { iat?: number; typ?: string }): Promise<string> {
  const { SignJWT } = await import('jose');
  const jwt = new SignJWT({ ...claims, jti: crypto.randomUUID() }).setProtectedHeader({ alg: key.alg, typ: options.typ ?? 'dpop+jwt', jwk: key.publicJwk });
  return jwt.setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000)).sign(key.privateKey);
}

describe('the authorization code bound to the key (RFC 9449 §10)', () => {
  it('sends the key\'s thumbprint as dpop_jkt, in the URL and when pushed; none without DPoP', async () => {
    const emulator = await emulate(manifestWith({}));
    const client = clientFor(emulator);
    const { url } = await client.authorize();
    expect(new URL(url).searchParams.get('dpop_jkt')).toBe((await client.dpopKeyPair()).thumbprint);
    const { url: plain } = await clientFor(emulator, { dpop: false }).authorize();
    expect(new URL(plain).searchParams.has('dpop_jkt')).toBe(false);
    await expect(client.authorize({ params: { dpop_jkt: 'x'.repeat(43) } })).rejects.toThrow(/may not set "dpop_jkt"/);
  });

  it('refuses a stolen code injected into another key\'s sign-in, or a bearer one, and leaves it to the key holder', async () => {
    const emulator = await emulate(manifestWith({}));
    const holder = clientFor(emulator);
    const { url } = await holder.authorize();
    const callback = (await consent(url)) as string;
    // Code injection: the attacker starts a sign-in of their own and feeds it the victim's code.
    const inject = async (attacker: OAuthClient) => {
      const { transaction } = await attacker.authorize();
      const forged = new URL(callback);
      forged.searchParams.set('state', transaction.state);
      return attacker.callback(forged.href).catch((error: unknown) => error);
    };
    const withOtherKey = await inject(clientFor(emulator, { dpop: { keyPair: await generateDpopKeyPair() } }));
    expect(withOtherKey).toBeInstanceOf(DpopError);
    expect(withOtherKey).toMatchObject({ code: 'DPOP_PROOF_REJECTED', reason: expect.stringMatching(/bound to another DPoP key/) });
    // A client without DPoP reads no DPoP errors: the refusal is the token endpoint's own error.
    expect(await inject(clientFor(emulator, { dpop: false }))).toMatchObject({ code: 'TOKEN_ERROR', error: 'invalid_dpop_proof', errorDescription: expect.stringMatching(/needs a proof signed with it/) });
    // Refused before it was spent: the victim still signs in with it.
    expect((await holder.callback(callback)).tokenType).toBe('DPoP');
  });
});

describe('each wrong proof is refused with its own reason', () => {
  /** Signs in, then makes one API call whose DPoP header `tamper` may replace. */
  async function callWith(tamper: (proof: { key: DpopKeyPair; token: TokenSet; url: URL; previous: string | undefined }) => Promise<string | undefined>): Promise<unknown> {
    const emulator = await emulate(manifestWith({}));
    let token: TokenSet | undefined;
    let key: DpopKeyPair | undefined;
    let previous: string | undefined;
    const client = clientFor(emulator, {
      preRequest: async (request) => {
        if (!token || !request.url.pathname.startsWith('/api/')) return;
        const replaced = await tamper({ key: key!, token, url: request.url, previous });
        previous = request.headers.get('dpop') ?? undefined;
        if (replaced) request.headers.set('dpop', replaced);
      },
    });
    const signedIn = await signIn(client);
    key = await client.dpopKeyPair();
    token = signedIn;
    await client.get('me', { token: signedIn });
    return client.get('me', { token: signedIn }).then(() => undefined, (error: unknown) => error);
  }

  const cases: [string, Parameters<typeof callWith>[0], RegExp][] = [
    ['a proof for another method', ({ key, token, url }) => createDpopProof(key, { method: 'POST', url, accessToken: token.accessToken }), /htm does not match/],
    ['a proof for another URL', ({ key, token }) => createDpopProof(key, { method: 'GET', url: 'http://127.0.0.1:1/api/elsewhere', accessToken: token.accessToken }), /htu does not match/],
    ['a replayed proof (same jti)', async ({ previous }) => previous, /jti was used before/],
    ['a proof with the hash of another token (ath)', ({ key, url }) => createDpopProof(key, { method: 'GET', url, accessToken: 'some-other-access-token' }), /ath does not match/],
    ['a proof made ten minutes ago (iat)', ({ key, token, url }) => handMade(key, { htm: 'GET', htu: `${url.origin}${url.pathname}`, ath: accessTokenHash(token.accessToken) }, { iat: Math.floor(Date.now() / 1000) - 600 }), /iat is outside the accepted window/],
    ['a proof that is not typed dpop+jwt', ({ key, token, url }) => handMade(key, { htm: 'GET', htu: `${url.origin}${url.pathname}`, ath: accessTokenHash(token.accessToken) }, { typ: 'JWT' }), /typ must be dpop\+jwt/],
    ['a proof by another key than the token is bound to', async ({ token, url }) => createDpopProof(await generateDpopKeyPair(), { method: 'GET', url, accessToken: token.accessToken }), /does not match the key the token is bound to/],
  ];

  it.each(cases)('%s', async (_name, tamper, reason) => {
    const tampered = async (input: Parameters<typeof tamper>[0]) => (input.previous === undefined ? undefined : tamper(input));
    const error = await callWith(tampered);
    expect(error).toBeInstanceOf(DpopError);
    expect(error).toMatchObject({ code: 'DPOP_PROOF_REJECTED', error: 'invalid_dpop_proof', status: 401, reason: expect.stringMatching(reason) });
    const shown = inspect(error) + String(error) + (error as Error).stack;
    expect(shown).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(shown).not.toMatch(/at_[\w-]{10,}/);
  });

  it('at the token endpoint too: a proof whose URL is not the one the request reached', async () => {
    const emulator = await emulate(manifestWith({}));
    // The hook sends the request elsewhere on the same server after the proof named the token endpoint.
    const client = clientFor(emulator, { preRequest: (request) => void (request.url.pathname === '/oauth/token' && (request.url.pathname = '/oauth/refresh')) });
    const error = await signIn(client).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'DPOP_PROOF_REJECTED', status: 400, reason: expect.stringMatching(/htu does not match/) });
  });

  it('keeps what the request carried out of the reason, should the server quote it', async () => {
    const emulator = await emulate(manifestWith({}));
    let code = '';
    const quoting: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const body = request.method === 'POST' ? new URLSearchParams(await request.clone().text()) : undefined;
      if (!body?.get('code')) return fetch(request);
      code = body.get('code')!;
      return Response.json({ error: 'invalid_dpop_proof', error_description: `no proof accepted for ${code}` }, { status: 400 });
    };
    const error = await signIn(clientFor(emulator, { http: { fetch: quoting } })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'DPOP_PROOF_REJECTED', reason: 'no proof accepted for [redacted]' });
    expect(code).toMatch(/^code_/);
    expect(inspect(error)).not.toContain(code);
  });

  it('refuses a refresh with another key than a public client\'s refresh token is bound to', async () => {
    const emulator = await emulate(manifestWith({}, 'none'));
    const owner = clientFor(emulator);
    const token = await signIn(owner);
    const other = clientFor(emulator, { dpop: { keyPair: await generateDpopKeyPair() } });
    await expect(other.refresh(token)).rejects.toMatchObject({ code: 'DPOP_PROOF_REJECTED', reason: expect.stringMatching(/refresh token is bound to another DPoP key/) });
    expect((await owner.refresh(token)).tokenType).toBe('DPoP');
  });
});

describe('the nonce retry', () => {
  /** A transport that rewrites the DPoP-Nonce of every answer: the server's nonce never reaches the client intact. */
  function nonceTransport(rewrite: (nonce: string) => string | undefined): typeof fetch {
    return async (input, init) => {
      const response = await fetch(input, init);
      const nonce = response.headers.get('dpop-nonce');
      if (nonce === null) return response;
      const headers = new Headers(response.headers);
      const replaced = rewrite(nonce);
      if (replaced === undefined) headers.delete('dpop-nonce');
      else headers.set('dpop-nonce', replaced);
      return new Response(await response.text(), { status: response.status, headers });
    };
  }

  it('retries once with a nonce, and reports DPOP_NONCE_REQUIRED when the server still asks', async () => {
    const emulator = await emulate(WITH_NONCE);
    const client = clientFor(emulator, { http: { fetch: nonceTransport((nonce) => `${nonce}-stale`) } });
    const error = await signIn(client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DpopError);
    expect(error).toMatchObject({ code: 'DPOP_NONCE_REQUIRED', error: 'use_dpop_nonce', status: 400 });
    // One retry, never more: the grant was not processed either time.
    expect(trail(emulator, 'token')).toHaveLength(2);
  });

  it('does not retry when the server asks for a nonce without giving one', async () => {
    const emulator = await emulate(WITH_NONCE);
    const client = clientFor(emulator, { http: { fetch: nonceTransport(() => undefined) } });
    await expect(signIn(client)).rejects.toMatchObject({ code: 'DPOP_NONCE_REQUIRED' });
    expect(trail(emulator, 'token')).toHaveLength(1);
  });
});
