// The `next` parameter is attacker-controlled: following it anywhere off-site would make the sign-in routes
// an open redirect (RFC 9700 §4.11). Only a path on this origin is followed.

/**
 * `next` when it is a path on this origin, otherwise undefined. Browsers treat `//host` and `/\host` as
 * another host, and strip tabs and newlines before parsing, so those are refused too.
 */
export function sameOriginPath(next: string | null | undefined, origin: string): string | undefined {
  if (!next || !next.startsWith('/') || /[\\\t\r\n]/.test(next) || next.startsWith('//')) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(next, origin);
  } catch {
    return undefined;
  }
  // Belt and braces: whatever the string looked like, it must resolve to this origin.
  if (resolved.origin !== origin) return undefined;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
