// One client class for every provider and protocol: the same method names and arguments whatever the manifest
// says (arctic's uniform surface), with the manifest deciding what goes on the wire.
import { inspect } from 'node:util';
import { apiRequest, type ApiRequestOptions, type RequestSigner } from './api/request.ts';
import { checkAuthorizeParams } from './authorize-params.ts';
import { buildContext, checkEndpointSecurity, requireClientId, warnIfDeprecated } from './client-context.ts';
import { type ClientContext, type EndpointOverrides, envName, requireSecret } from './context.ts';
import { operationMethods, type OperationMethods } from './api/operations.ts';
import { CallbackError, ConfigError, ProviderError, ResponseError } from './errors.ts';
import type { HttpOptions, PreRequestHook } from './http/request.ts';
import type { ManifestSource, ProviderManifest } from './manifest/schema.ts';
import { buildAuthorizationUrl, requireEndpoint, usesPkce } from './oauth2/authorize.ts';
import { type CallbackInput, callbackParams, readAuthorizationCode } from './oauth2/callback.ts';
import { carryForward, keptCallbackParams, providerCallbackNames, rawCallback, standardCallback } from './callback-params.ts';
import { asTokenSet, tokenInput, tokenObject } from './token-input.ts';
import { exchangeGrant, type ExchangeContext } from './oauth2/token-exchange.ts';
import type { GrantParams } from './oauth2/token-request.ts';
import { addLookupFields, discover, loadIdToken, loadOAuth1, loadProfile, loadRevocation } from './lazy.ts';
import type * as OAuth1 from './oauth1/index.ts';
import type { DeviceAuthorization, DeviceAuthorizationData, DeviceAuthorizationOptions, PollDeviceTokenOptions } from './oauth2/device.ts';
import { createDpopSession, type DpopOption } from './dpop/session.ts';
import type { DpopKeyPair } from './dpop/keys.ts';
import { MemoryStore } from './stores/memory.ts';
import { TransactionBook } from './transactions.ts';
import type { ApiResponse, NormalizedProfile, Store, Transaction } from './types.ts';
import { TokenSet } from './types.ts';
import { randomToken } from './util/random.ts';

export interface ClientOptions {
  /** Defaults to the `<ID>_CLIENT_ID` environment variable. */
  clientId?: string;
  /** Defaults to the `<ID>_CLIENT_SECRET` environment variable. */
  clientSecret?: string;
  /** PEM key for providers whose client secret is a signed JWT; defaults to `<ID>_PRIVATE_KEY`. */
  privateKey?: string;
  redirectUri?: string;
  /** Values for the manifest's URL variables (`{shop}`, `{tenant}`). */
  vars?: Record<string, string>;
  /** Replaces endpoint URLs, e.g. to point the client at a local emulator. */
  endpoints?: EndpointOverrides;
  /** Sends every request for an origin elsewhere: `{ 'https://api.example.com': 'http://127.0.0.1:4000' }`. */
  origins?: Record<string, string>;
  /** Where transactions wait for their callback; share one (Redis) between instances. */
  transactionStore?: Store<unknown>;
  transactionTtlMs?: number;
  /** Last word on every outgoing request, for what a manifest cannot say (the seeds' pre_request). */
  preRequest?: PreRequestHook;
  http?: HttpOptions;
  /**
   * DPoP (RFC 9449): true makes a key pair for this client, `{ keyPair }` binds tokens to the app's (one per
   * user session: see importDpopKeyPair). Implied when the manifest says dpop.required.
   */
  dpop?: DpopOption;
}

export interface AuthorizeOptions {
  redirectUri?: string;
  scope?: string[];
  /** Extra authorization parameters for this request (login_hint, prompt…); not the ones the library sets (state, nonce, PKCE…). */
  params?: Record<string, string>;
  /** Kept in the transaction and handed back at the callback. */
  appState?: Record<string, string>;
}

export interface AuthorizeResult {
  url: string;
  transaction: Transaction;
}

export type RequestOptions = Omit<ApiRequestOptions, 'token'> & { token: TokenSet | string };

const DEFAULT_TRANSACTION_TTL_MS = 10 * 60 * 1000;

/**
 * `Token`, `Profile` and `Api` narrow what sign-in and the operations return for one provider; generated types
 * set them from the manifest's token, profile and operation schemas (`GithubClient`).
 *
 * A client is built from a manifest, or from a source that loads it on first use (the main entry's
 * `createClient` loads only the provider it names): methods wait for it, and `ready()` resolves once it is
 * loaded and the options have been checked against it.
 */
export class OAuthClient<Token extends TokenSet = TokenSet, Profile = unknown, Api = OperationMethods> {
  readonly id: string;
  /** One method per manifest operation (`client.api.listUserEmails(token, { per_page: 10 })`). */
  readonly api: Api;
  readonly #options: ClientOptions;
  readonly #source: ManifestSource | undefined;
  readonly #transactions: TransactionBook;
  readonly #redirectUri: string | undefined;
  #manifest: ProviderManifest | undefined;
  #loaded: ClientContext | undefined;
  #loading: Promise<ClientContext> | undefined;
  #oauth1: Promise<OAuth1.OAuth1Context> | undefined;

  constructor(manifest: ProviderManifest | ManifestSource, options: ClientOptions = {}) {
    this.id = manifest.id;
    this.#options = options;
    this.#transactions = new TransactionBook(options.transactionStore ?? new MemoryStore(), options.transactionTtlMs ?? DEFAULT_TRANSACTION_TTL_MS);
    this.#redirectUri = options.redirectUri;
    this.api = operationMethods(this) as Api;
    if (isSource(manifest)) {
      // The credentials' absence is a setup mistake worth reporting now; the rest needs the manifest.
      requireClientId(manifest.id, options);
      this.#source = manifest;
    } else {
      this.#source = undefined;
      this.#adopt(manifest);
    }
  }

  /** The provider's manifest; a lazily loaded client has it once `ready()` resolved (or any method ran). */
  get manifest(): ProviderManifest {
    if (!this.#manifest) throw new ConfigError('NOT_READY', `${this.id}: the manifest is still loading; await client.ready() before reading client.manifest`);
    return this.#manifest;
  }

  /** Resolves once the manifest is loaded and the options are checked against it (ConfigError otherwise). */
  async ready(): Promise<this> {
    await this.#ctx();
    return this;
  }

  #adopt(manifest: ProviderManifest): ClientContext {
    const context = buildContext(manifest, this.#options);
    warnIfDeprecated(manifest);
    // OAuth 1 signs every call with the client secret (or an RSA key): a missing one is a setup error, reported now.
    if (manifest.protocol === 'oauth1' && manifest.oauth1?.signatureMethod !== 'RSA-SHA1') requireSecret(context);
    if (manifest.protocol === 'oauth1' && manifest.oauth1?.signatureMethod === 'RSA-SHA1' && !context.privateKey) {
      throw new ConfigError('MISSING_CREDENTIALS', `${manifest.id} signs with RSA-SHA1: pass privateKey or set ${envName(manifest.id, 'PRIVATE_KEY')}`);
    }
    const dpop = createDpopSession(manifest, this.#options.dpop);
    if (dpop) context.dpop = dpop;
    this.#manifest = manifest;
    this.#loaded = context;
    return context;
  }

  /** The context of a loaded client: every method awaits #ctx() (or `ready()`) before the private steps run. */
  get #context(): ClientContext {
    return this.#loaded!;
  }

  #ctx(): Promise<ClientContext> {
    if (this.#loaded) return Promise.resolve(this.#loaded);
    this.#loading ??= this.#source!.load().then(
      (manifest) => this.#adopt(manifest),
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading;
  }

  /** Starts a sign-in: the URL to send the browser to, and the transaction the callback will need. */
  async authorize(options: AuthorizeOptions = {}): Promise<AuthorizeResult> {
    await this.#ctx();
    const redirectUri = options.redirectUri ?? this.#redirectUri;
    if (!redirectUri) throw new ConfigError('CONFIG_INVALID', `${this.id}: authorize() needs a redirectUri (per call or in createClient options)`);
    // The code (or OAuth 1 verifier) travels to it: RFC 9700 §2.6, TLS wherever a credential goes.
    checkEndpointSecurity(redirectUri, `${this.id} redirectUri`);
    checkAuthorizeParams(this.manifest, options.params);
    const now = Date.now();
    const transaction: Transaction = {
      provider: this.id,
      state: randomToken(),
      redirectUri,
      createdAt: now,
      expiresAt: now + this.#transactions.ttlMs,
      ...(options.appState ? { appState: options.appState } : {}),
    };
    const url = this.manifest.protocol === 'oauth1' ? await this.#authorizeOAuth1(transaction, options) : await this.#authorizeOAuth2(transaction, options);
    await this.#transactions.open(transaction, transaction.requestToken);
    return { url, transaction };
  }

  /**
   * Completes a sign-in from the callback's URL, query or form_post body. The transaction is looked up by
   * state (and consumed) in the transaction store; pass the one from authorize() to also check it matches.
   */
  async callback(input: CallbackInput, transaction?: Transaction): Promise<Token> {
    return (await this.completeCallback(input, transaction)).token;
  }

  /** callback(), also handing back the consumed transaction (for its appState, e.g. where to go next). */
  async completeCallback(input: CallbackInput, transaction?: Transaction): Promise<{ token: Token; transaction: Transaction }> {
    await this.#ctx();
    const params = standardCallback(this.manifest, callbackParams(input, providerCallbackNames(this.manifest)));
    let state = params.state;
    if (!state && this.manifest.protocol === 'oauth1') state = await (await loadOAuth1()).stateOfCallback(params, (requestToken) => this.#transactions.stateFor(requestToken));
    const live = await this.#transactions.consume(this.id, state, transaction);
    const token = this.manifest.protocol === 'oauth1' ? await this.#callbackOAuth1(params, live) : await this.#callbackOAuth2(params, live);
    // Callback values the app keeps, and those later URLs are built from (variables.<name>.from.callback).
    for (const name of keptCallbackParams(this.manifest)) {
      if (params[name] !== undefined && token.raw[name] === undefined) token.raw[name] = params[name];
    }
    return { token: token as Token, transaction: live };
  }

  /**
   * RFC 6749 §6. A provider that does not rotate refresh tokens keeps the old one. A new id_token must name
   * the iss and sub of the original (OIDC Core §12.2), read from the TokenSet being refreshed (its `claims`):
   * given only a refresh token string, a new id_token is verified but cannot be compared with the original.
   */
  async refresh(token: TokenSet | string): Promise<Token> {
    await this.#ctx();
    this.#requireOAuth2('refresh');
    const refreshToken = typeof token === 'string' ? token : tokenObject(this.id, token, 'refresh').refreshToken;
    if (!refreshToken) throw new ConfigError('UNSUPPORTED', `${this.id}: this token has no refresh token`);
    const fresh = await this.#tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, { lookup: false, previous: token });
    if (!fresh.refreshToken) fresh.refreshToken = refreshToken;
    if (typeof token !== 'string') carryForward(this.manifest, token, fresh);
    if (fresh.idToken && this.manifest.protocol === 'oidc') await this.#verifyIdToken(fresh, undefined, false, (await loadIdToken()).originalClaims(token));
    return (await addLookupFields(this.#context, fresh)) as Token;
  }

  /** RFC 6749 §4.4: a token for the app itself. */
  async clientCredentials(options: { scope?: string[] } = {}): Promise<Token> {
    await this.#ctx();
    this.#requireOAuth2('clientCredentials');
    if (!this.manifest.grants.includes('client_credentials')) {
      throw new ConfigError('UNSUPPORTED', `${this.id} does not list the client_credentials grant`);
    }
    const scope = options.scope ?? this.manifest.authorization.scope.default;
    return this.#tokenRequest<Token>({ grant_type: 'client_credentials', scope: scope.length ? scope.join(this.manifest.authorization.scope.delimiter) : undefined });
  }

  /** RFC 8628 §3.1: a user code and the page where the user enters it; pollDeviceToken() then waits for the token. */
  async deviceAuthorization(options: DeviceAuthorizationOptions = {}): Promise<DeviceAuthorization> {
    return (await import('./oauth2/device.ts')).requestDeviceAuthorization(await this.#ctx(), options);
  }

  /** RFC 8628 §3.5: polls until the user approves (the token), denies or the code expires (DeviceFlowError). */
  async pollDeviceToken(handle: DeviceAuthorizationData, options: PollDeviceTokenOptions = {}): Promise<Token> {
    const token = await (await import('./oauth2/device.ts')).pollDeviceToken(await this.#ctx(), handle, options);
    // The device grant has no nonce; an id_token (scope openid) is otherwise checked as at any sign-in.
    if (this.manifest.protocol === 'oidc') await this.#verifyIdToken(token, undefined);
    return (await addLookupFields(this.#context, token)) as Token;
  }

  /** The key pair this client's DPoP proofs are signed with (made on first use unless the app gave one). */
  async dpopKeyPair(): Promise<DpopKeyPair> {
    const context = await this.#ctx();
    if (!context.dpop) throw new ConfigError('UNSUPPORTED', `${this.id}: this client does not use DPoP; create it with the dpop option`);
    return context.dpop.keyPair();
  }

  /** RFC 7009 token revocation. */
  async revoke(token: TokenSet | string, hint: 'access_token' | 'refresh_token' = 'access_token'): Promise<void> {
    await this.#ctx();
    this.#requireOAuth2('revoke');
    await (await loadRevocation()).revokeToken(this.#context, typeof token === 'string' ? token : tokenObject(this.id, token, 'revoke'), hint);
  }

  /** Calls the provider's API: `path` is relative to the manifest's API base (or absolute). */
  async request<T = unknown>(method: string, path: string, options: RequestOptions): Promise<ApiResponse<T>> {
    // A call without a token would reach the API anonymously and fail there, far from the mistake.
    if (typeof options !== 'object' || options === null) throw new ConfigError('CONFIG_INVALID', `${this.id}: request() needs options with the token, e.g. { token }`);
    if (!this.#loaded) await this.#ctx();
    return apiRequest<T>(this.#context, method.toUpperCase(), path, { ...options, token: tokenInput(this.id, options.token, 'request') }, this.#requestSigner());
  }

  get<T = unknown>(path: string, options: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = unknown>(path: string, options: RequestOptions) {
    return this.request<T>('POST', path, options);
  }
  put<T = unknown>(path: string, options: RequestOptions) {
    return this.request<T>('PUT', path, options);
  }
  patch<T = unknown>(path: string, options: RequestOptions) {
    return this.request<T>('PATCH', path, options);
  }
  delete<T = unknown>(path: string, options: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }

  /** The signed-in user as `{ provider, id, socialId, username, name, email, avatar, raw }`. */
  async profile(token: TokenSet | string): Promise<NormalizedProfile & { raw: Profile }> {
    await this.#ctx();
    const given = asTokenSet(this.id, token, 'profile');
    const userinfoUrl = this.manifest.protocol === 'oidc' && this.manifest.oidc?.userinfo ? await this.#userinfoUrl() : undefined;
    const { fetchProfile } = await loadProfile();
    const profile = await fetchProfile(this.#context, given, { userinfoUrl, signer: this.#requestSigner() });
    // The raw profile's shape is the manifest's profile.schema, which the generated Profile type mirrors.
    return profile as NormalizedProfile & { raw: Profile };
  }

  /** OIDC Core §5.3 userinfo claims. */
  async userinfo(token: TokenSet | string): Promise<Record<string, unknown>> {
    await this.#ctx();
    const given = asTokenSet(this.id, token, 'userinfo');
    const url = await this.#userinfoUrl();
    if (!url) throw new ConfigError('UNSUPPORTED', `${this.id} has no userinfo endpoint`);
    const { status, data } = await this.request<unknown>('GET', url, { token: given });
    // OIDC Core §5.3.2: the claims are a JSON object; anything else (empty, text, a list) is not claims.
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new ResponseError('UNEXPECTED_RESPONSE', `${this.id} userinfo endpoint answered HTTP ${status} without a JSON object of claims`, status);
    }
    return data as Record<string, unknown>;
  }

  [inspect.custom](): string {
    return `OAuthClient { id: '${this.id}', protocol: '${this.#manifest?.protocol ?? 'loading'}' }`;
  }

  async #authorizeOAuth2(transaction: Transaction, options: AuthorizeOptions): Promise<string> {
    const metadata = this.manifest.protocol === 'oidc' ? await discover(this.#context) : undefined;
    const authorizeUrl = this.#context.endpoints.authorize ?? metadata?.authorization_endpoint;
    if (!authorizeUrl) throw new ConfigError('UNSUPPORTED', `${this.id} has no authorization endpoint`);
    checkEndpointSecurity(authorizeUrl);
    if (usesPkce(this.#context)) transaction.codeVerifier = randomToken();
    if (this.manifest.protocol === 'oidc' && this.manifest.oidc!.nonce !== 'unsupported') transaction.nonce = randomToken();
    let scope = options.scope ?? this.manifest.authorization.scope.default;
    if (this.manifest.protocol === 'oidc' && !scope.includes('openid')) scope = ['openid', ...scope];
    const url = buildAuthorizationUrl(this.#context, {
      authorizeUrl,
      redirectUri: transaction.redirectUri,
      state: transaction.state,
      scope,
      codeVerifier: transaction.codeVerifier,
      nonce: transaction.nonce,
      dpopJkt: this.#context.dpop ? (await this.#context.dpop.keyPair()).thumbprint : undefined,
      extraParams: options.params,
    });
    // RFC 9126: when the provider takes (or demands) pushed requests, the parameters travel over the back channel.
    if (this.manifest.authorization.par === undefined && !metadata?.require_pushed_authorization_requests) return url;
    const par = await import('./oauth2/par.ts');
    const parUrl = par.parEndpoint(this.#context, metadata);
    return parUrl ? par.pushedAuthorizationUrl(this.#context, url, parUrl) : url;
  }

  async #callbackOAuth2(params: Record<string, string>, transaction: Transaction): Promise<TokenSet> {
    if (this.manifest.authorization.callbackSignature) (await import('./oauth2/callback-signature.ts')).checkCallbackSignature(this.#context, rawCallback(this.manifest, params));
    const code = await readAuthorizationCode(this.#context, params);
    const token = await this.#tokenRequest(
      { grant_type: 'authorization_code', code, redirect_uri: transaction.redirectUri, code_verifier: transaction.codeVerifier },
      { lookup: false, callback: params },
    );
    // RFC 9700 §4.5.3.2: no token is used (not even by token.lookup) before the id_token and nonce check out.
    if (this.manifest.protocol === 'oidc') await this.#verifyIdToken(token, transaction.nonce, true);
    return addLookupFields(this.#context, token);
  }

  async #authorizeOAuth1(transaction: Transaction, options: AuthorizeOptions): Promise<string> {
    const callback = new URL(transaction.redirectUri);
    callback.searchParams.set('state', transaction.state);
    const oauth1 = await loadOAuth1();
    const temporary = await oauth1.requestTemporaryCredentials(await this.#oauth1Context(), {
      callbackUri: callback.toString(),
      ...(options.scope ? { scope: options.scope } : {}),
    });
    transaction.requestToken = temporary.token;
    transaction.requestTokenSecret = temporary.tokenSecret;
    const url = oauth1.buildAuthorizationUrl(
      this.manifest,
      requireEndpoint(this.#context, 'authorize'),
      temporary.token,
      { client: { clientId: this.#context.clientId }, vars: this.#context.vars },
      { scope: options.scope, callbackUri: callback.toString() },
    );
    const withParams = new URL(url);
    for (const [name, value] of Object.entries(options.params ?? {})) withParams.searchParams.set(name, value);
    return withParams.toString();
  }

  async #callbackOAuth1(params: Record<string, string>, transaction: Transaction): Promise<TokenSet> {
    const oauth1 = await loadOAuth1();
    const { verifier } = oauth1.parseAuthorizationCallback(this.manifest, params, transaction);
    return oauth1.exchangeForAccessToken(await this.#oauth1Context(), {
      requestToken: transaction.requestToken!,
      requestTokenSecret: transaction.requestTokenSecret!,
      verifier,
    });
  }

  #oauth1Context(): Promise<OAuth1.OAuth1Context> {
    this.#oauth1 ??= loadOAuth1().then((oauth1) => ({
      ...this.#context,
      signer: oauth1.createOAuth1Signer(this.manifest, { clientId: this.#context.clientId, clientSecret: this.#context.clientSecret, privateKey: this.#context.privateKey }),
    }));
    return this.#oauth1;
  }

  #requestSigner(): RequestSigner | undefined {
    if (this.manifest.protocol !== 'oauth1') return undefined;
    return async (request, token) => {
      if (typeof token === 'string' || !token.tokenSecret) throw new ConfigError('CONFIG_INVALID', `${this.id}: OAuth 1 API calls need a token with its tokenSecret`);
      const { signer } = await this.#oauth1Context();
      return signer.sign({ method: request.method, url: request.url.href, ...(request.form ? { data: request.form } : {}) }, { key: token.accessToken, secret: token.tokenSecret });
    };
  }

  /** A token-endpoint call; `lookup: false` leaves token.lookup to the caller, after its own checks. */
  async #tokenRequest<T extends TokenSet = TokenSet>(grant: GrantParams, { lookup = true, ...exchange }: ExchangeContext & { lookup?: boolean } = {}): Promise<T> {
    const token = await exchangeGrant(this.#context, grant, exchange);
    return (lookup ? await addLookupFields(this.#context, token) : token) as T;
  }

  async #verifyIdToken(token: TokenSet, nonce: string | undefined, required = false, original?: Record<string, unknown>): Promise<void> {
    if (!token.idToken) {
      if (required) throw new ProviderError('TOKEN_ERROR', { error: 'missing_id_token', where: `${this.manifest.name} token endpoint` });
      return;
    }
    const metadata = await discover(this.#context);
    const { validateIdToken } = await loadIdToken();
    token.claims = await validateIdToken(this.#context, token.idToken, { jwksUri: metadata.jwks_uri, nonce, original });
  }

  async #userinfoUrl(): Promise<string | undefined> {
    if (this.#context.endpoints.userinfo) return this.#context.endpoints.userinfo;
    return this.manifest.protocol === 'oidc' ? (await discover(this.#context)).userinfo_endpoint : undefined;
  }

  #requireOAuth2(method: string): void {
    if (this.manifest.protocol === 'oauth1') throw new ConfigError('UNSUPPORTED', `${this.id} uses OAuth 1.0a, which has no ${method}()`);
  }
}

function isSource(manifest: ProviderManifest | ManifestSource): manifest is ManifestSource {
  return typeof (manifest as ManifestSource).load === 'function';
}
