// What the emulated provider remembers between requests: authorization codes, tokens, OAuth 1
// credentials and seen nonces. In memory, per emulator instance.
import { randomBytes } from 'node:crypto';

export interface IssuedCode {
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  /** RFC 9449 §10: the thumbprint of the DPoP key the token request's proof must be signed with. */
  dpopJkt?: string;
  /** Values the callback carried beyond code and state, which token.grantParams may repeat. */
  callback: Record<string, string>;
  used: boolean;
  /** Tokens issued for this code, revoked if the code is replayed (RFC 6749 §4.1.2). */
  accessTokens: string[];
  expiresAt: number;
}

export interface IssuedToken {
  kind: 'access' | 'refresh';
  clientId: string;
  scope: string;
  expiresAt: number | undefined;
  /** Raw token response fields (standard names), for `{{token.x}}` checks on API calls. */
  response: Record<string, unknown>;
  /** OAuth 1 token secret. */
  secret?: string;
  nonce?: string;
  /** The redirect URI of the authorization this token came from, for `{{client.redirectUri}}` checks. */
  redirectUri?: string;
}

export interface RequestToken {
  secret: string;
  callback: string;
  verifier?: string;
  authorized: boolean;
  used: boolean;
}

export function randomToken(prefix: string, bytes = 18): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export class EmulatorState {
  readonly codes = new Map<string, IssuedCode>();
  readonly tokens = new Map<string, IssuedToken>();
  readonly requestTokens = new Map<string, RequestToken>();
  private readonly nonces = new Map<string, number>();

  /** Records an OAuth 1 nonce; false when this consumer already used it with this timestamp (RFC 5849 §3.3). */
  rememberNonce(consumerKey: string, timestamp: string, nonce: string, now = Date.now()): boolean {
    const key = `${consumerKey}\n${timestamp}\n${nonce}`;
    if (this.nonces.has(key)) return false;
    this.nonces.set(key, now);
    if (this.nonces.size > 10_000) {
      for (const [seen, at] of this.nonces) if (now - at > 15 * 60_000) this.nonces.delete(seen);
    }
    return true;
  }

  liveToken(value: string | undefined, kind: IssuedToken['kind'], now = Date.now()): IssuedToken | undefined {
    const token = value ? this.tokens.get(value) : undefined;
    if (!token || token.kind !== kind) return undefined;
    if (token.expiresAt !== undefined && token.expiresAt <= now) return undefined;
    return token;
  }
}
