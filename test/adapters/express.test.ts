// Express specifics over real HTTP: an app that parses forms before the router still gets form_post
// callbacks, and the router leaves the bodies of the app's own routes alone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthRouter } from '../../src/express/index.ts';
import { getManifest } from '../../src/manifest/registry.ts';
import { deliver, emulatedProvider, startSignIn, type App, type Provider } from '../integration/harness.ts';

const FORM_POST_ID = 'google-form-post-express';

const FORM = 'application/x-www-form-urlencoded';

describe.each<[string, RequestHandler]>([
  ['express.urlencoded()', express.urlencoded({ extended: false })],
  ['express.raw()', express.raw({ type: FORM })],
  ['express.text()', express.text({ type: FORM })],
])('createAuthRouter in an Express app that runs %s first', (_name, parser) => {
  let provider: Provider;
  let server: Server;
  let app: App;
  const signedIn: string[] = [];

  beforeAll(async () => {
    const manifest = { ...structuredClone(await getManifest('google')), id: FORM_POST_ID };
    manifest.authorization.responseMode = 'form_post';
    provider = await emulatedProvider(manifest);
    const expressApp = express();
    server = createServer(expressApp);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app = { origin, close: async () => {} };
    // The form parser runs before the router, as apps often register it globally.
    expressApp.use(parser);
    expressApp.use(
      createAuthRouter({
        clients: { [FORM_POST_ID]: provider.client },
        origin,
        onSignIn: ({ profile }) => {
          signedIn.push(profile.socialId);
          return { userId: profile.socialId, redirect: '/welcome' };
        },
      }),
    );
    expressApp.post('/echo', express.text({ type: 'text/plain' }), (req, res) => void res.json({ body: req.body }));
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await provider?.emulator.close();
  });

  it('accepts a form_post callback whose body the parser already read', async () => {
    const hop = await startSignIn(app, FORM_POST_ID, '/ignored-because-redirect-wins');
    const final = await deliver(app, FORM_POST_ID, hop);
    expect(final.status).toBe(302);
    expect(final.headers.get('location')).toBe('/welcome');
    expect(signedIn).toHaveLength(1);
    expect(signedIn[0]).toMatch(/^google-form-post-express\$\S+$/);
  });

  it('refuses a form_post body that repeats state, however the parser stored the repeat (login CSRF)', async () => {
    const attacker = await startSignIn(app, FORM_POST_ID);
    const victim = await startSignIn(app, FORM_POST_ID, '/victim');
    const { state: attackerState, ...attackerFields } = attacker.delivered as Record<string, string>;
    const body = new URLSearchParams([['state', (victim.delivered as Record<string, string>).state!], ['state', attackerState!], ...Object.entries(attackerFields)]);
    const before = signedIn.length;
    const response = await fetch(`${app.origin}/auth/${FORM_POST_ID}/callback`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': FORM, cookie: victim.cookie },
      body: body.toString(),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^DUPLICATE_PARAMETER: /);
    expect(signedIn.length).toBe(before);
  });

  it("leaves the app's own request bodies to the app", async () => {
    const response = await fetch(`${app.origin}/echo`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(await response.json()).toEqual({ body: 'hello' });
  });
});
