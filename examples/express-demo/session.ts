// The demo's own session: one sealed cookie (AES-256-GCM, src/stores/seal.ts) that holds the signed-in
// user's id and nothing else. The sign-in transaction and tokens live server-side in the stores.
import { unsealCookieValue, sealCookieValue } from '../../src/stores/seal.ts';

export const SESSION_COOKIE = 'demo.session';
const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface SessionCookies {
  /** The user id in the request's session cookie; undefined when absent, tampered with or expired. */
  userId(cookieHeader: string | undefined): string | undefined;
  /** A Set-Cookie value that signs `userId` in. */
  signIn(userId: string): string;
  /** A Set-Cookie value that removes the session. */
  signOut(): string;
}

/**
 * `secure` adds the Secure attribute; it must be false only for a plain-http loopback origin, where
 * browsers would otherwise drop the cookie.
 */
export function createSessionCookies(options: { secrets: string | readonly string[]; secure: boolean }): SessionCookies {
  // HttpOnly keeps the cookie from scripts; SameSite=Lax lets the provider's redirect back (a cross-site
  // top-level GET) carry it while cross-site POSTs (a forged sign-out) do not (RFC 6265bis §5.4.7).
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(options.secure ? ['Secure'] : [])];
  const seal = { secrets: options.secrets, context: SESSION_COOKIE };
  return {
    userId(cookieHeader) {
      const sealed = readCookie(cookieHeader, SESSION_COOKIE);
      if (!sealed) return undefined;
      try {
        const value = unsealCookieValue<unknown>(sealed, seal);
        return typeof value === 'string' ? value : undefined;
      } catch {
        // A cookie we cannot unseal (old secret, edited, expired) simply means "not signed in".
        return undefined;
      }
    },
    signIn(userId) {
      const sealed = sealCookieValue(userId, { ...seal, ttlMs: SESSION_TTL_MS });
      return [`${SESSION_COOKIE}=${sealed}`, `Max-Age=${SESSION_TTL_MS / 1000}`, ...attributes].join('; ');
    },
    signOut() {
      return [`${SESSION_COOKIE}=`, 'Max-Age=0', ...attributes].join('; ');
    },
  };
}

/** One cookie's value from a Cookie request header (RFC 6265 §5.4: `name=value` pairs joined by "; "). */
export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}
