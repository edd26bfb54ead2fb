import { inspect } from 'node:util';

/** Key/value storage with expiry: the shape of Keyv and Authlib's cache. Values are JSON-serialisable. */
export interface Store<V = unknown> {
  get(key: string): Promise<V | undefined>;
  set(key: string, value: V, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Atomic get-and-delete, where the backend has one; otherwise get then delete is used. */
  take?(key: string): Promise<V | undefined>;
}

/** What must survive between the redirect to the provider and the callback. JSON-serialisable. */
export interface Transaction {
  provider: string;
  state: string;
  redirectUri: string;
  createdAt: number;
  expiresAt: number;
  codeVerifier?: string;
  nonce?: string;
  /** OAuth 1 temporary credentials. */
  requestToken?: string;
  requestTokenSecret?: string;
  /** Anything the app wants back at the callback (e.g. a `next` path). */
  appState?: Record<string, string>;
}

/** A token in the shape every protocol shares. `raw` holds every field the provider sent (after renames). */
export interface TokenData {
  accessToken: string;
  tokenType: string;
  refreshToken?: string;
  /** Seconds since the epoch; absent when the provider gives no lifetime. */
  expiresAt?: number;
  scope?: string[];
  idToken?: string;
  /** OAuth 1 token secret. */
  tokenSecret?: string;
  /** Verified id_token claims (OIDC). */
  claims?: Record<string, unknown>;
  raw: Record<string, unknown>;
}

const REDACTED = '[redacted]';

/**
 * A token that can be stored (toJSON keeps everything) but never leaks through console.log or
 * util.inspect: credentials are shown as [redacted].
 */
export class TokenSet implements TokenData {
  accessToken!: string;
  tokenType!: string;
  refreshToken?: string;
  expiresAt?: number;
  scope?: string[];
  idToken?: string;
  tokenSecret?: string;
  claims?: Record<string, unknown>;
  raw!: Record<string, unknown>;

  constructor(data: TokenData) {
    Object.assign(this, stripUndefined(data));
  }

  static from(data: TokenData | TokenSet): TokenSet {
    return data instanceof TokenSet ? data : new TokenSet(data);
  }

  /** True when the token expires within `leewaySeconds` (or already has). */
  isExpired(leewaySeconds = 0, now = Date.now()): boolean {
    return this.expiresAt !== undefined && this.expiresAt - leewaySeconds <= Math.floor(now / 1000);
  }

  toJSON(): TokenData {
    return stripUndefined({ ...this }) as TokenData;
  }

  [inspect.custom](): string {
    const shown = {
      tokenType: this.tokenType,
      accessToken: REDACTED,
      ...(this.refreshToken ? { refreshToken: REDACTED } : {}),
      ...(this.tokenSecret ? { tokenSecret: REDACTED } : {}),
      ...(this.idToken ? { idToken: REDACTED } : {}),
      expiresAt: this.expiresAt,
      scope: this.scope,
      raw: `{${Object.keys(this.raw).join(', ')}}`,
    };
    return `TokenSet ${inspect(shown)}`;
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export interface NormalizedProfile {
  provider: string;
  id: string;
  /** `provider$id`, unique across providers (the seed article's social_id). */
  socialId: string;
  username?: string;
  name?: string;
  email?: string;
  avatar?: string;
  /** Whether the provider says it verified `email`; absent when it does not say. */
  emailVerified?: boolean;
  raw: unknown;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  data: T;
}
