// An app on 127.0.0.1 with the sign-in routes mounted through Express or Hono, emulated providers behind
// it, and a "browser" that walks a sign-in over real HTTP.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import type { OAuthClient } from '../../src/index.ts';
import { registerProvider } from '../../src/manifest/index.ts';
import { createProviderClient } from '../../src/create-client.ts';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.ts';
import type { ProviderManifest } from '../../src/manifest/schema.ts';
import { createAuthRouter } from '../../src/express/index.ts';
import { createAuthHandler, type AuthOptions } from '../../src/web/index.ts';
import { consent } from '../../src/emulator/conformance/flow.ts';

export type Framework = 'express' | 'hono';

export interface Provider {
  emulator: Emulator;
  client: OAuthClient;
}

/** An emulator for `manifest` (or a seed id) and a client pointed at it. */
export async function emulatedProvider(manifest: string | ProviderManifest, options: EmulatorOptions = {}): Promise<Provider> {
  if (typeof manifest !== 'string') registerProvider(manifest);
  const emulator = await startEmulator(manifest, options);
  const client = createProviderClient(emulator.manifest.id, {
    clientId: emulator.credentials.clientId,
    clientSecret: emulator.credentials.clientSecret,
    vars: emulator.vars,
    endpoints: emulator.endpoints,
    http: { retries: 0, timeoutMs: 5000 },
  });
  return { emulator, client };
}

export interface App {
  origin: string;
  close(): Promise<void>;
}

/** Serves the sign-in routes in front of the app's own `/` (and a 404 for anything else). */
export async function startApp(framework: Framework, options: (origin: string) => AuthOptions): Promise<App> {
  let listener: RequestListener | undefined;
  const server = createServer((req, res) => listener!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  listener = framework === 'express' ? expressApp(options(origin)) : honoApp(options(origin));
  return { origin, close: () => closeServer(server) };
}

function expressApp(options: AuthOptions): RequestListener {
  const app = express();
  app.use(createAuthRouter(options));
  app.get('/', (_req, res) => void res.type('text/plain').send('home'));
  return app as unknown as RequestListener;
}

function honoApp(options: AuthOptions): RequestListener {
  const handle = createAuthHandler(options);
  const app = new Hono();
  app.use('*', async (c, next) => (await handle(c.req.raw)) ?? next());
  app.get('/', (c) => c.text('home'));
  return getRequestListener(app.fetch);
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** GET without following redirects, as a test inspects each hop. */
export function get(url: string): Promise<Response> {
  return fetch(url, { redirect: 'manual' });
}

export interface Hop {
  /** The login response (302 to the provider). */
  login: Response;
  /** What the provider sent the browser back with: a callback URL, or form_post fields. */
  delivered: string | Record<string, string>;
  /** The Cookie header the browser that logged in sends back to the callback. */
  cookie: string;
}

/** Login, then the emulator's automatic consent; stops before the callback reaches the app. */
export async function startSignIn(app: App, provider: string, next?: string): Promise<Hop> {
  const query = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
  const login = await get(`${app.origin}/auth/${provider}/login${query}`);
  const location = login.headers.get('location');
  if (login.status !== 302 || !location) throw new Error(`login answered HTTP ${login.status}: ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  return { login, delivered: await consent(location), cookie };
}

/** Delivers the provider's answer to the app as the browser would: GET the URL, or POST the form, with its cookie. */
export function deliver(app: App, provider: string, { delivered, cookie }: Pick<Hop, 'delivered' | 'cookie'>): Promise<Response> {
  if (typeof delivered === 'string') return fetch(delivered, { redirect: 'manual', headers: { cookie } });
  return fetch(`${app.origin}/auth/${provider}/callback`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(delivered).toString(),
  });
}
