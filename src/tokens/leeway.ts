// When a token is due for refresh: `leewaySeconds` before it expires, but never earlier than half-way through
// its life, so a token that lives shorter than the leeway is used for a while instead of refreshed on every call.
import type { TokenSet } from '../types.ts';

/** The lifetime the provider stated (expires_in, RFC 6749 §5.1), which tokens keep among their raw fields. */
function lifetimeSeconds(token: TokenSet): number | undefined {
  const value = token.raw?.expires_in;
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

export function isDueForRefresh(token: TokenSet, leewaySeconds: number): boolean {
  const lifetime = lifetimeSeconds(token);
  return token.isExpired(lifetime === undefined ? leewaySeconds : Math.min(leewaySeconds, lifetime / 2));
}
