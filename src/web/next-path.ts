// The `next` parameter is attacker-controlled: following it anywhere off-site would make the sign-in routes
// an open redirect (RFC 9700 §4.11). Only a path on this origin is followed.

/**
 * `next` when it is a path on this origin, otherwise undefined. The path is normalised as a browser would
 * (dot segments, `%2e`), because the browser resolves the Location we send the same way: `/.//evil.example`
 * looks like a path but becomes `//evil.example`, which is another host. So the result, not the input, must
 * not start with `//`; backslashes (read as `/`) and control characters (stripped, or invalid in a header)
 * are refused outright.
 */
export function sameOriginPath(next: string | null | undefined, origin: string): string | undefined {
  if (!next || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(next, origin);
  } catch {
    return undefined;
  }
  if (resolved.origin !== origin) return undefined;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (path.startsWith('//') || path.includes('\\')) return undefined;
  return path;
}
