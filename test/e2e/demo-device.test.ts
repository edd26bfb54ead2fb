// The demo's "Sign in on another device" page over HTTP: it starts the device grant against the emulator,
// shows the code and the verification link, polls on the server, and signs the browser in once the user
// approves on the emulator's verification page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoServer } from '../../examples/express-demo/app.ts';
import { SESSION_COOKIE } from '../../examples/express-demo/session.ts';

const DEVICE_COOKIE = 'demo.device';

function cookieFrom(response: Response, name: string): string {
  const header = response.headers.getSetCookie().find((value) => value.startsWith(`${name}=`));
  if (!header) throw new Error(`no ${name} cookie`);
  return header.split(';')[0]!;
}

async function startDeviceSignIn(demo: DemoServer, provider: string): Promise<{ page: string; cookie: string; userCode: string; link: string }> {
  const started = await fetch(`${demo.url}/device/start`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `provider=${provider}` });
  expect(started.status).toBe(303);
  const page = new URL(started.headers.get('location')!, demo.url).href;
  const cookie = cookieFrom(started, DEVICE_COOKIE);
  const shown = await fetch(page, { headers: { cookie } });
  expect(shown.status).toBe(200);
  expect(shown.headers.get('cache-control')).toBe('no-store');
  const body = await shown.text();
  const userCode = /<strong id="user-code"[^>]*>([A-Z]{4}-[A-Z]{4})<\/strong>/.exec(body)?.[1];
  const link = /<a id="device-link" href="([^"]+)"/.exec(body)?.[1]?.replace(/&amp;/g, '&');
  if (!userCode || !link) throw new Error('the device page shows no code or link');
  expect(body).toContain('http-equiv="refresh"');
  return { page, cookie, userCode, link };
}

/** Reloads the device page as its meta refresh would, until it stops waiting. */
async function untilDone(page: string, cookie: string): Promise<Response> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const response = await fetch(page, { headers: { cookie }, redirect: 'manual' });
    if (response.status !== 200) return response;
    const body = await response.clone().text();
    if (!body.includes('id="user-code"')) return response;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the device sign-in never finished');
}

describe('demo: sign in on another device', () => {
  let demo: DemoServer;

  beforeAll(async () => {
    demo = await startDemo({ env: {} });
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('offers the providers whose manifests list the device grant', async () => {
    const home = await (await fetch(demo.url)).text();
    expect(home).toContain('href="/device"');
    const page = await (await fetch(`${demo.url}/device`)).text();
    for (const id of ['github', 'google', 'microsoft']) expect(page).toContain(`value="${id}"`);
    expect(page).not.toContain('value="weibo"');
  });

  it('shows the code, polls on the server, and signs the browser in once the user approves elsewhere', async () => {
    const { page, cookie, userCode, link } = await startDeviceSignIn(demo, 'github');
    // The user, on another device, opens the link (the code is filled in) and allows.
    const form = await (await fetch(link)).text();
    expect(form).toContain(`value="${userCode}"`);
    const approved = await fetch(new URL('/device', link), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ user_code: userCode, choice: 'allow' }).toString() });
    expect(approved.status).toBe(200);
    const done = await untilDone(page, cookie);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/');
    const session = cookieFrom(done, SESSION_COOKIE);
    const home = await (await fetch(demo.url, { headers: { cookie: session } })).text();
    expect(home).toContain('Signed in as <span id="user-name">Ada Lovelace</span>');
    // The sign-in is claimed once.
    expect((await fetch(page, { headers: { cookie } })).status).toBe(404);
  }, 30_000);

  it('reports a denial, and keeps the sign-in to the browser that started it', async () => {
    const { page, cookie, userCode, link } = await startDeviceSignIn(demo, 'microsoft');
    expect((await fetch(page)).status).toBe(404);
    expect((await fetch(page, { headers: { cookie: `${DEVICE_COOKIE}=someone-else` } })).status).toBe(404);
    await fetch(new URL('/device', link), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ user_code: userCode, choice: 'deny' }).toString() });
    const done = await untilDone(page, cookie);
    expect(done.status).toBe(200);
    const body = await done.text();
    expect(body).toContain('DEVICE_ACCESS_DENIED');
    expect(body).not.toContain(userCode);
  }, 30_000);

  it('refuses a provider without the device grant', async () => {
    const response = await fetch(`${demo.url}/device/start`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'provider=weibo' });
    expect(response.status).toBe(400);
  });
});
