// startDemo: the whole demo in-process (used by server.ts and the browser test): an HTTP server on
// 127.0.0.1, stores, every provider of the registry (real or emulated, connected on first use) and the Express app.
import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClientTokens } from '../../src/express/index.ts';
import { createProviderPool, type DemoProviderInfo } from './connect.ts';
import { createDemoApp } from './routes.ts';
import { createSessionCookies } from './session.ts';
import { openStorage } from './storage.ts';
import { UserDirectory } from './users.ts';

export interface DemoOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /**
   * Where the demo reads its settings: {ID}_CLIENT_ID / {ID}_CLIENT_SECRET, REDIS_URL, REDIS_PREFIX,
   * SESSION_SECRET, DEMO_ORIGIN. Default process.env; tests pass their own so a developer's credentials never make them
   * call a real provider.
   */
  env?: Record<string, string | undefined>;
  /** How the emulators answer a sign-in: straight back (auto, the default) or after an Allow/Deny page. */
  consent?: 'auto' | 'page';
}

export interface DemoServer {
  /** Where the demo listens, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The public origin redirect URIs are built from: `url`, unless DEMO_ORIGIN says otherwise. */
  origin: string;
  /** Every provider the home page offers; clients and emulators are made on a provider's first sign-in. */
  providers: readonly DemoProviderInfo[];
  storage: 'memory' | 'redis';
  /** Whether SESSION_SECRET was missing, so sessions end when the process does. */
  ephemeralSessions: boolean;
  close(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<DemoServer> {
  const env = options.env ?? process.env;
  // The port is known only once listening, and the app needs it (redirect URIs): until the app is
  // attached, requests get a 503 rather than waiting for an answer that would never come.
  let app: RequestListener | undefined;
  const server = createServer((req, res) => (app ? app(req, res) : answerNotReady(res)));
  // Loopback only: the demo hands out sessions and, by default, fronts emulators that accept anyone.
  await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const origin = env.DEMO_ORIGIN ?? url;
  const storage = openStorage(env.REDIS_URL, env.REDIS_PREFIX);
  const closeAll = async (...more: Array<() => Promise<void>>) => {
    await Promise.all(more.map((close) => close()));
    await storage.close();
    await closeServer(server);
  };
  try {
    const pool = await createProviderPool({ env, origin, basePath: '/auth', transactionStore: storage.transactions, consent: options.consent ?? 'auto' });
    const secret = env.SESSION_SECRET;
    app = createDemoApp({
      origin,
      pool,
      users: new UserDirectory(storage.users),
      // The pool fills `clients` as providers are first used; the token manager reads it at each call.
      tokens: createClientTokens(pool.clients, { store: storage.tokens, ...(storage.lock ? { lock: storage.lock } : {}) }),
      // Without SESSION_SECRET a fresh random secret is used: safe, but sign-ins do not survive a restart.
      sessions: createSessionCookies({ secrets: secret ?? randomBytes(32).toString('base64url'), secure: origin.startsWith('https:') }),
      storageName: storage.kind === 'redis' ? 'Redis' : 'memory',
    });
    return {
      url,
      origin,
      providers: pool.providers,
      storage: storage.kind,
      ephemeralSessions: !secret,
      close: () => closeAll(pool.close),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function answerNotReady(res: ServerResponse): void {
  res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1', 'cache-control': 'no-store' });
  res.end('The demo is starting; try again in a moment.\n');
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
