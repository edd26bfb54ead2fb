// Login CSRF through a repeated state, over real HTTP in Express and Hono: the attacker stops their own
// sign-in at the callback and sends the victim (whose browser holds a sign-in cookie for state V) to
// `callback?state=V&state=A&code=<attacker's code>`. The cookie check and the client must read one state;
// a repeat is refused, nobody is signed in, and both sign-ins stay usable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getManifest } from '../../src/manifest/registry.ts';
import type { SignInResult } from '../../src/web/index.ts';
import { deliver, emulatedProvider, startApp, startSignIn, type App, type Framework, type Hop, type Provider } from './harness.ts';

const FORM_POST_ID = 'google-form-post-csrf';

/** The attacker's callback parameters with the victim's state put in front of (or behind) them. */
function forgedParams(attacker: Hop, victim: Hop, victimFirst: boolean): URLSearchParams {
  const attackerParams = new URLSearchParams(typeof attacker.delivered === 'string' ? new URL(attacker.delivered).search : attacker.delivered);
  const victimState = (typeof victim.delivered === 'string' ? new URL(victim.delivered).searchParams.get('state') : victim.delivered.state)!;
  const forged = new URLSearchParams(victimFirst ? [['state', victimState]] : []);
  for (const [name, value] of attackerParams) forged.append(name, value);
  if (!victimFirst) forged.append('state', victimState);
  return forged;
}

describe.each<Framework>(['express', 'hono'])('a repeated state on %s', (framework) => {
  let providers: Record<string, Provider>;
  let app: App;
  const signIns: SignInResult[] = [];

  beforeAll(async () => {
    const formPost = { ...structuredClone(await getManifest('google')), id: FORM_POST_ID };
    formPost.authorization.responseMode = 'form_post';
    providers = { github: await emulatedProvider('github'), [FORM_POST_ID]: await emulatedProvider(formPost) };
    const clients = Object.fromEntries(Object.entries(providers).map(([id, provider]) => [id, provider.client]));
    app = await startApp(framework, (origin) => ({
      clients,
      origin,
      onSignIn(result) {
        signIns.push(result);
        return { userId: result.profile.socialId };
      },
    }));
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all(Object.values(providers ?? {}).map((provider) => provider.emulator.close()));
  });

  it.each([true, false])('GET callback (victim state first: %s) is refused and signs nobody in', async (victimFirst) => {
    const attacker = await startSignIn(app, 'github');
    const victim = await startSignIn(app, 'github', '/victim');
    const forged = new URL(victim.delivered as string);
    forged.search = forgedParams(attacker, victim, victimFirst).toString();
    const before = signIns.length;
    const response = await deliver(app, 'github', { delivered: forged.toString(), cookie: victim.cookie });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toMatch(/^DUPLICATE_PARAMETER: the callback carries the state parameter more than once/);
    expect(signIns.length).toBe(before);
    // Nothing was consumed: the victim's own callback still completes, at the victim's next.
    const own = await deliver(app, 'github', victim);
    expect(own.status).toBe(302);
    expect(own.headers.get('location')).toBe('/victim');
  });

  it.each([true, false])('form_post callback (victim state first: %s) is refused and signs nobody in', async (victimFirst) => {
    const attacker = await startSignIn(app, FORM_POST_ID);
    const victim = await startSignIn(app, FORM_POST_ID, '/victim');
    const before = signIns.length;
    const response = await fetch(`${app.origin}/auth/${FORM_POST_ID}/callback`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: victim.cookie },
      body: forgedParams(attacker, victim, victimFirst).toString(),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^DUPLICATE_PARAMETER: the callback carries the state parameter more than once/);
    expect(signIns.length).toBe(before);
    const own = await deliver(app, FORM_POST_ID, victim);
    expect(own.status).toBe(302);
    expect(own.headers.get('location')).toBe('/victim');
  });
});
