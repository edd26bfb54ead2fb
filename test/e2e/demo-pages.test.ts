// The demo's HTML and session cookie without a browser: escaping, and cookies that must not sign anyone in.
import { describe, expect, it } from 'vitest';
import { signedInPage } from '../../examples/express-demo/pages.ts';
import { createSessionCookies, readCookie, SESSION_COOKIE } from '../../examples/express-demo/session.ts';
import type { DemoUser } from '../../examples/express-demo/users.ts';

const HOSTILE = `<img src=x onerror="alert('x')">`;

function hostileUser(): DemoUser {
  return {
    id: 'user-1',
    socialId: `github$${HOSTILE}`,
    provider: 'github',
    profile: { provider: 'github', id: HOSTILE, socialId: `github$${HOSTILE}`, name: HOSTILE, email: `a@b.example${HOSTILE}` },
    registeredAt: '2026-11-23T10:00:00.000Z',
    lastSignInAt: '2026-11-23T10:00:00.000Z',
  };
}

describe('demo pages', () => {
  it('escapes every profile value and the API answer', () => {
    const page = signedInPage(hostileUser(), undefined, { status: 200, data: { bio: `</pre>${HOSTILE}` } }, 'memory');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('</pre><img');
    expect(page).toContain('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;');
  });

  it('escapes an API error message too', () => {
    const page = signedInPage(hostileUser(), undefined, { error: HOSTILE }, 'memory');
    expect(page).toMatch(/<p id="api-error">&lt;img/);
  });
});

describe('demo session cookie', () => {
  const secret = 'a'.repeat(32);
  const sessions = createSessionCookies({ secrets: secret, secure: false });
  const cookieHeader = (setCookie: string) => setCookie.split(';')[0]!;

  it('carries the user id sealed, HttpOnly and SameSite=Lax', () => {
    const setCookie = sessions.signIn('user-42');
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(setCookie).not.toContain('user-42');
    expect(sessions.userId(`other=1; ${cookieHeader(setCookie)}`)).toBe('user-42');
  });

  it('adds Secure for an https origin', () => {
    expect(createSessionCookies({ secrets: secret, secure: true }).signIn('u')).toMatch(/; Secure$/);
  });

  it('signs no one in from a missing, altered or foreign cookie', () => {
    const sealed = readCookie(cookieHeader(sessions.signIn('user-42')), SESSION_COOKIE)!;
    const altered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    const foreign = createSessionCookies({ secrets: 'b'.repeat(32), secure: false }).signIn('user-42');
    expect(sessions.userId(undefined)).toBeUndefined();
    expect(sessions.userId(`${SESSION_COOKIE}=${altered}`)).toBeUndefined();
    expect(sessions.userId(cookieHeader(foreign))).toBeUndefined();
    expect(sessions.userId(`${SESSION_COOKIE}=user-42`)).toBeUndefined();
  });

  it('signs out by expiring the cookie', () => {
    expect(sessions.signOut()).toMatch(new RegExp(`^${SESSION_COOKIE.replace('.', '\\.')}=; Max-Age=0; Path=/; HttpOnly`));
  });
});
