// The demo's Express app: the library's sign-in routes, the home page and sign-out.
import express, { type Express, type Request, type Response } from 'express';
import { createAuthRouter } from '../../src/express/index.ts';
import { OAuthRegistryError } from '../../src/errors.ts';
import type { TokenManager } from '../../src/tokens/index.ts';
import type { DemoProvider, ProviderPool } from './connect.ts';
import { type ApiOutcome, signedInPage, signedOutPage } from './pages.ts';
import { deviceRouter } from './device.ts';
import type { SessionCookies } from './session.ts';
import type { UserDirectory } from './users.ts';

export interface DemoAppOptions {
  origin: string;
  pool: ProviderPool;
  users: UserDirectory;
  tokens: TokenManager;
  sessions: SessionCookies;
  /** Shown in the footer: where users and tokens are kept. */
  storageName: string;
}

// Pages are built from strings with every value escaped; the policy is the second line of defence.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function createDemoApp(options: DemoAppOptions): Express {
  const { pool, users, tokens, sessions } = options;
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });

  const ids = new Set(pool.providers.map((provider) => provider.id));
  app.use(
    createAuthRouter({
      // A provider's client (and its emulator) is made on its first sign-in.
      clients: { has: (id) => ids.has(id), get: async (id) => (await pool.connect(id)).client },
      origin: options.origin,
      tokens,
      // The seed article's flow: find or register the user by social id, then start the app's session.
      async onSignIn({ profile }) {
        const user = await users.signIn(profile);
        return { userId: user.id, headers: { 'set-cookie': sessions.signIn(user.id) } };
      },
    }),
  );

  // Sign in on another device (RFC 8628): /device, the code, server-side polling.
  app.use(deviceRouter(options));

  app.get('/', (req, res, next) => {
    renderHome(req, res, options).catch(next);
  });

  app.post('/logout', (req, res, next) => {
    signOut(req, res, options).catch(next);
  });

  return app;
}

async function renderHome(req: Request, res: Response, options: DemoAppOptions): Promise<void> {
  const userId = options.sessions.userId(req.headers.cookie);
  const user = userId ? await options.users.get(userId) : undefined;
  // Pages that may show a user's data are never cached.
  res.set('cache-control', 'no-store').type('html');
  if (!user) {
    const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    res.send(signedOutPage(options.pool.providers, query, options.storageName));
    return;
  }
  const provider = options.pool.connected(user.provider);
  res.send(signedInPage(user, provider, await callApi(provider, options.tokens, user.id), options.storageName));
}

/** The provider's showcase API call with the user's stored token (refreshed first when it is due). */
async function callApi(provider: DemoProvider | undefined, tokens: TokenManager, userId: string): Promise<ApiOutcome> {
  if (!provider) return { error: 'this provider is not connected in this demo process: sign in again' };
  try {
    const token = await tokens.getToken(provider.id, userId);
    if (!token) return { error: `no ${provider.name} token is stored for this user: sign in again` };
    return await provider.callApi(token);
  } catch (error) {
    // Library errors say what failed without secrets; anything else is shown by kind only.
    return { error: error instanceof OAuthRegistryError ? `${error.code}: ${error.message}` : 'the API call failed' };
  }
}

async function signOut(req: Request, res: Response, options: DemoAppOptions): Promise<void> {
  const userId = options.sessions.userId(req.headers.cookie);
  const user = userId ? await options.users.get(userId) : undefined;
  // Signing out also forgets the provider token: the demo keeps nothing it no longer needs. (A user whose
  // provider this instance does not configure has no token it could reach.)
  if (user && options.pool.connected(user.provider)) await options.tokens.deleteToken(user.provider, user.id);
  // 303: the browser follows a POST's redirect with a GET (RFC 9110 §15.4.4).
  res.set('set-cookie', options.sessions.signOut()).redirect(303, '/');
}
