// "Sign in on another device": the demo plays a TV or a CLI that signs in with the device authorization grant
// (RFC 8628). It shows the provider's user code and verification link, polls for the token on the server,
// and once the user approved on the other device, signs this browser in like any other sign-in.
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response, urlencoded } from 'express';
import { OAuthRegistryError } from '../../src/errors.ts';
import { getManifest } from '../../src/manifest/registry.ts';
import type { DeviceAuthorization } from '../../src/oauth2/device.ts';
import type { DemoAppOptions } from './routes.ts';
import { html, type Html } from './html.ts';
import { readCookie } from './session.ts';

const DEVICE_COOKIE = 'demo.device';
/** Sign-ins waiting for approval or for their browser to pick them up; each ends by its code's expiry. */
const MAX_PENDING = 100;

type Progress = { state: 'waiting' } | { state: 'signed-in'; userId: string } | { state: 'failed'; reason: string };

interface DeviceSignIn {
  provider: string;
  providerName: string;
  device: DeviceAuthorization;
  progress: Progress;
  stop: AbortController;
}

export function deviceRouter(options: DemoAppOptions): Router {
  const router = Router();
  const pending = new Map<string, DeviceSignIn>();
  let offering: Promise<{ id: string; name: string }[]> | undefined;
  // Which providers list the grant: read once, from the manifests the pool was built from.
  const providersWithDeviceGrant = () =>
    (offering ??= Promise.all(options.pool.providers.map(async (info) => ((await getManifest(info.id)).grants.includes('device_code') ? [{ id: info.id, name: info.name }] : []))).then((lists) => lists.flat()));

  router.get('/device', (_req, res, next) => {
    providersWithDeviceGrant()
      .then((providers) => sendPage(res, 200, choosePage(providers)))
      .catch(next);
  });

  router.post('/device/start', urlencoded({ extended: false, limit: '1kb' }), (req, res, next) => {
    start(req, res).catch(next);
  });

  router.get('/device/:id', (req, res, next) => {
    show(req, res).catch(next);
  });

  async function start(req: Request, res: Response): Promise<void> {
    const id = typeof req.body?.provider === 'string' ? req.body.provider : '';
    const offered = (await providersWithDeviceGrant()).find((provider) => provider.id === id);
    if (!offered) return sendPage(res, 400, html`<p>Choose a provider that offers device sign-in.</p><p><a href="/device">Back</a></p>`);
    if (pending.size >= MAX_PENDING) return sendPage(res, 503, html`<p>Too many device sign-ins are waiting; try again in a minute.</p>`);
    const { client } = await options.pool.connect(id);
    const device = await client.deviceAuthorization();
    const key = randomBytes(16).toString('base64url');
    const signIn: DeviceSignIn = { provider: id, providerName: offered.name, device, progress: { state: 'waiting' }, stop: new AbortController() };
    pending.set(key, signIn);
    // Polled here, on the server, while the page refreshes: the browser never sees the device code.
    const expiry = setTimeout(() => signIn.stop.abort(new Error('the device code expired')), device.expiresIn * 1000 + 5000);
    expiry.unref();
    client
      .pollDeviceToken(device, { signal: signIn.stop.signal })
      .then(async (token) => {
        const profile = await client.profile(token);
        const user = await options.users.signIn(profile);
        await options.tokens.setToken(id, user.id, token);
        signIn.progress = { state: 'signed-in', userId: user.id };
      })
      .catch((error: unknown) => {
        signIn.progress = { state: 'failed', reason: error instanceof OAuthRegistryError ? `${error.code}: ${error.message}` : 'the sign-in did not complete' };
      })
      .finally(() => {
        clearTimeout(expiry);
        // A finished sign-in waits a minute for its browser, then is forgotten.
        setTimeout(() => pending.delete(key), 60_000).unref();
      });
    // The sign-in belongs to the browser that started it: the page's URL alone is not enough to claim it.
    res.set('set-cookie', `${DEVICE_COOKIE}=${key}; Path=/device; HttpOnly; SameSite=Lax; Max-Age=${device.expiresIn}${options.origin.startsWith('https:') ? '; Secure' : ''}`);
    res.redirect(303, `/device/${key}`);
  }

  async function show(req: Request, res: Response): Promise<void> {
    const key = String(req.params.id);
    const signIn = pending.get(key);
    if (!signIn || readCookie(req.headers.cookie, DEVICE_COOKIE) !== key) return sendPage(res, 404, html`<p>This device sign-in is unknown or over.</p><p><a href="/device">Start again</a></p>`);
    const { progress } = signIn;
    if (progress.state === 'signed-in') {
      pending.delete(key);
      res.set('set-cookie', options.sessions.signIn(progress.userId)).redirect(303, '/');
      return;
    }
    if (progress.state === 'failed') return sendPage(res, 200, html`<p id="device-failed">${progress.reason}</p><p><a href="/device">Start again</a></p>`);
    const { device } = signIn;
    const link = device.verificationUriComplete ?? device.verificationUri;
    sendPage(
      res,
      200,
      html`<p>On another device (your phone, another browser tab), open</p>
<p><a id="device-link" href="${link}" target="_blank" rel="noopener noreferrer">${device.verificationUri}</a></p>
<p>and enter the code</p><p><strong id="user-code" style="font-size:2rem;letter-spacing:.2rem">${device.userCode}</strong></p>
<p>This page checks every few seconds and signs you in to the demo once you approve ${signIn.providerName}.</p>`,
      true,
    );
  }

  return router;
}

function choosePage(providers: { id: string; name: string }[]): Html {
  return html`<p>Sign in the way a TV or a command-line tool does: this page shows a code, you approve it on another device, and the demo's server polls the provider until you do (RFC 8628).</p>
<form method="post" action="/device/start"><select name="provider" aria-label="Provider">${providers.map((provider) => html`<option value="${provider.id}">${provider.name}</option>`)}</select> <button type="submit">Get a code</button></form>
<p><a href="/">Back to the home page</a></p>`;
}

function sendPage(res: Response, status: number, body: Html, refresh = false): void {
  // The user code is on this page: it must not be cached anywhere.
  res
    .status(status)
    .set('cache-control', 'no-store')
    .type('html')
    .send(
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${refresh ? html`<meta http-equiv="refresh" content="3">` : ''}<title>Sign in on another device</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem"><h1>Sign in on another device</h1>${body}</body></html>`.markup,
    );
}
