// RFC 6749 §10.12 and RFC 9700 §4.7.1: the state must be bound to the browser that started the sign-in.
// The transaction store alone cannot tell browsers apart, so an attacker could start a sign-in, stop at
// the callback and send that URL to a victim, who would be signed in to the attacker's account (login
// CSRF). A cookie set at login, sent only to that provider's callback path and required there, ties the
// state to one browser. One cookie per state, so sign-ins in several tabs do not overwrite each other.
import { createHash } from 'node:crypto';

export interface BindingCookie {
  state: string;
  /** The callback path: the only path the browser sends the cookie to. */
  path: string;
  maxAgeSeconds: number;
  /** form_post callbacks are cross-site POSTs, which SameSite=Lax cookies do not accompany. */
  crossSitePost: boolean;
  /** The app is served over https. */
  secure: boolean;
}

/** Derived from the state rather than equal to it: the name alone must not let anyone finish the sign-in. */
function cookieName(state: string): string {
  return `oauth-registry-${createHash('sha256').update(state).digest('base64url').slice(0, 22)}`;
}

export function bindingCookie(binding: BindingCookie): string {
  // SameSite=None is only honoured together with Secure (browsers treat loopback http as secure enough).
  const sameSite = binding.crossSitePost ? 'SameSite=None; Secure' : `SameSite=Lax${binding.secure ? '; Secure' : ''}`;
  return `${cookieName(binding.state)}=1; Path=${binding.path}; Max-Age=${binding.maxAgeSeconds}; HttpOnly; ${sameSite}`;
}

export function clearBindingCookie(state: string, path: string): string {
  return `${cookieName(state)}=; Path=${path}; Max-Age=0; HttpOnly`;
}

/** True when the request carries the cookie that the login for `state` set. */
export function isBoundBrowser(request: Request, state: string): boolean {
  const name = cookieName(state);
  const cookies = request.headers.get('cookie') ?? '';
  return cookies.split(';').some((pair) => pair.trim() === `${name}=1`);
}
