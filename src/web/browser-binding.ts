// RFC 6749 §10.12 and RFC 9700 §4.7.1: the state must be bound to the browser that started the sign-in.
// The transaction store alone cannot tell browsers apart, so an attacker could start a sign-in, stop at
// the callback and send that URL to a victim, who would be signed in to the attacker's account (login
// CSRF). A cookie set at login and required at the callback ties the state to one browser. One cookie per
// state, so sign-ins in several tabs do not overwrite each other.
//
// On https the cookie is `__Host-` prefixed (RFC 6265bis §4.1.3.2): a browser only accepts such a cookie
// from this very origin over https, so a sibling subdomain or a network attacker cannot plant a binding for
// the attacker's own state. The prefix demands `Path=/`, so the browser then sends the cookie with every
// request to the origin until it expires or the callback clears it (about 60 bytes per sign-in in
// progress). What keeps it meaningful only to its callback is its name: a hash of the callback path and
// the state, which no other route or provider looks for. On plain-http loopback (development) browsers
// refuse `__Host-` without Secure, so the cookie keeps a plain name and is scoped to the callback path.
import { createHash } from 'node:crypto';

export interface BindingKey {
  state: string;
  /** The callback path the state belongs to. */
  path: string;
  /** The app is served over https: the cookie is `__Host-` prefixed. */
  secure: boolean;
}

export interface BindingCookie extends BindingKey {
  maxAgeSeconds: number;
  /** form_post callbacks are cross-site POSTs, which SameSite=Lax cookies do not accompany. */
  crossSitePost: boolean;
}

/** Derived from the state rather than equal to it: the name alone must not let anyone finish the sign-in. */
function cookieName(key: BindingKey): string {
  const digest = createHash('sha256').update(`${key.path}\n${key.state}`).digest('base64url').slice(0, 22);
  return `${key.secure ? '__Host-' : ''}oauth-registry-${digest}`;
}

/** `__Host-` requires Path=/ and Secure; the plain cookie is sent to the callback path only. */
function scope(key: BindingKey): string {
  return key.secure ? 'Path=/' : `Path=${key.path}`;
}

export function bindingCookie(binding: BindingCookie): string {
  // SameSite=None is only honoured together with Secure (browsers treat loopback http as secure enough).
  const sameSite = binding.crossSitePost ? 'SameSite=None; Secure' : `SameSite=Lax${binding.secure ? '; Secure' : ''}`;
  return `${cookieName(binding)}=1; ${scope(binding)}; Max-Age=${binding.maxAgeSeconds}; HttpOnly; ${sameSite}`;
}

export function clearBindingCookie(key: BindingKey): string {
  // Browsers ignore a `__Host-` Set-Cookie without Secure, even one that deletes.
  return `${cookieName(key)}=; ${scope(key)}; Max-Age=0; HttpOnly${key.secure ? '; Secure' : ''}`;
}

/** True when the request carries the cookie that the login for this state and callback set. */
export function isBoundBrowser(request: Request, key: BindingKey): boolean {
  const name = cookieName(key);
  const cookies = request.headers.get('cookie') ?? '';
  return cookies.split(';').some((pair) => pair.trim() === `${name}=1`);
}
