// Every failure is an OAuthRegistryError with a stable `code`. Messages describe what was wrong and where,
// and never carry a secret, a token or a raw provider body.
import { providerText } from './util/provider-text.ts';
import { describeCause, redactUrl, summarizeCause } from './util/redact.ts';

export { redactUrl };

export type ErrorCode =
  | 'MANIFEST_INVALID'
  | 'MANIFEST_SYNTAX'
  | 'UNKNOWN_PROVIDER'
  | 'PROVIDER_RETIRED'
  | 'CONFIG_INVALID'
  | 'MISSING_CREDENTIALS'
  | 'MISSING_VARIABLE'
  | 'INSECURE_ENDPOINT'
  | 'STATE_MISMATCH'
  | 'MISSING_STATE'
  | 'MISSING_CODE'
  | 'DUPLICATE_PARAMETER'
  | 'TRANSACTION_REPLAYED'
  | 'TRANSACTION_EXPIRED'
  | 'ISSUER_MISMATCH'
  | 'AUTHORIZATION_DENIED'
  | 'TOKEN_ERROR'
  | 'UNEXPECTED_RESPONSE'
  | 'RESPONSE_TOO_LARGE'
  | 'HTTP_ERROR'
  | 'NETWORK_ERROR'
  | 'ID_TOKEN_INVALID'
  | 'ID_TOKEN_EXPIRED'
  | 'NONCE_MISMATCH'
  | 'DISCOVERY_FAILED'
  | 'OAUTH1_ERROR'
  | 'COOKIE_INVALID'
  | 'COOKIE_EXPIRED'
  | 'CALLBACK_INVALID'
  | 'TOKEN_STORE_FAILED'
  | 'TOKEN_UPDATE_FAILED'
  | 'STORE_FAILED'
  | 'STORE_VALUE_INVALID'
  | 'NOT_READY'
  | 'PAR_ERROR'
  | 'DPOP_PROOF_REJECTED'
  | 'DPOP_NONCE_REQUIRED'
  | 'DEVICE_CODE_EXPIRED'
  | 'DEVICE_ACCESS_DENIED'
  | 'UNSUPPORTED';

export class OAuthRegistryError extends Error {
  readonly code: ErrorCode;

  /**
   * A `cause` that is not one of ours is kept only as a summary (its class, code and stack frames): a raw
   * cause can hold what we sent (a fetch Request with its Authorization header, a URL with a code or a
   * token in its query, a parser message quoting a stored value), and util.inspect prints all of it.
   */
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    const cause = options?.cause;
    super(message, options && 'cause' in options ? { cause: cause instanceof OAuthRegistryError ? cause : summarizeCause(cause) } : undefined);
    this.name = new.target.name;
    this.code = code;
  }
}

export interface ManifestLocation {
  file: string;
  line?: number;
  column?: number;
  /** Dotted field path, e.g. `token.response.fields.expires_in`. */
  field?: string;
}

/** A manifest that does not parse or does not match the schema; `issues` lists every problem found. */
export class ManifestError extends OAuthRegistryError {
  readonly issues: readonly (ManifestLocation & { message: string })[];

  constructor(code: 'MANIFEST_INVALID' | 'MANIFEST_SYNTAX', issues: readonly (ManifestLocation & { message: string })[]) {
    super(code, issues.map(formatIssue).join('\n'));
    this.issues = issues;
  }
}

function formatIssue(issue: ManifestLocation & { message: string }): string {
  const where = [issue.file, issue.line, issue.column].filter((part) => part !== undefined).join(':');
  return `${where}${issue.field ? ` ${issue.field}:` : ''} ${issue.message}`;
}

export class UnknownProviderError extends OAuthRegistryError {
  constructor(readonly providerId: string, readonly suggestions: readonly string[]) {
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
    super('UNKNOWN_PROVIDER', `Unknown provider "${providerId}".${hint}`);
  }
}

/** The provider's manifest is retired: it no longer works, so no client is made for it. */
export class ProviderRetiredError extends OAuthRegistryError {
  readonly providerId: string;
  readonly retiredOn: string;
  /** The id to use instead, when the manifest names one. */
  readonly replacedBy: string | undefined;

  constructor(retired: { id: string; retiredOn: string; replacedBy?: string | undefined; docs: string }) {
    const instead = retired.replacedBy ? `use ${retired.replacedBy} instead` : `it has no successor (see ${retired.docs})`;
    super('PROVIDER_RETIRED', `${retired.id} was retired on ${retired.retiredOn}; ${instead}`);
    this.providerId = retired.id;
    this.retiredOn = retired.retiredOn;
    this.replacedBy = retired.replacedBy;
  }
}

export class ConfigError extends OAuthRegistryError {
  constructor(code: 'CONFIG_INVALID' | 'MISSING_CREDENTIALS' | 'MISSING_VARIABLE' | 'INSECURE_ENDPOINT' | 'NOT_READY' | 'UNSUPPORTED', message: string) {
    super(code, message);
  }
}

/** The callback does not belong to a live transaction of ours: forged, replayed, expired or incomplete. */
export class CallbackError extends OAuthRegistryError {
  constructor(
    code: 'STATE_MISMATCH' | 'MISSING_STATE' | 'MISSING_CODE' | 'DUPLICATE_PARAMETER' | 'TRANSACTION_REPLAYED' | 'TRANSACTION_EXPIRED' | 'ISSUER_MISMATCH' | 'CALLBACK_INVALID',
    message: string,
  ) {
    super(code, message);
  }
}

/**
 * An OAuth error reported by the provider, at the callback or at the token endpoint (RFC 6749 §4.1.2.1, §5.2).
 * `error` and `errorDescription` are the provider's words, cut to 200 characters on one line: anyone who can
 * send a browser to the callback chooses them, and they are shown in messages and error pages.
 */
export class ProviderError extends OAuthRegistryError {
  readonly error: string;
  readonly errorDescription: string | undefined;
  readonly status: number | undefined;

  constructor(code: 'AUTHORIZATION_DENIED' | 'TOKEN_ERROR' | 'OAUTH1_ERROR' | 'PAR_ERROR', details: { error: string; errorDescription?: string; status?: number; where: string }) {
    const error = providerText(details.error);
    const errorDescription = details.errorDescription === undefined ? undefined : providerText(details.errorDescription);
    const description = errorDescription ? `: ${errorDescription}` : '';
    super(code, `${details.where} answered "${error}"${description}${details.status ? ` (HTTP ${details.status})` : ''}`);
    this.error = error;
    this.errorDescription = errorDescription;
    this.status = details.status;
  }
}

/** A response we cannot use: wrong content type, unparsable, or too large. The body is never quoted. */
export class ResponseError extends OAuthRegistryError {
  constructor(
    code: 'UNEXPECTED_RESPONSE' | 'RESPONSE_TOO_LARGE' | 'DISCOVERY_FAILED',
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/**
 * A non-2xx answer from an API call. `url` is the redacted URL. `data` holds the parsed body for the caller
 * to inspect; whoever throws this passes it through `scrubSecrets` first, so the credentials that request
 * carried are not in it even if the provider echoed them back.
 */
export class HttpError extends OAuthRegistryError {
  readonly url: string;

  constructor(
    readonly status: number,
    url: string,
    readonly data: unknown,
  ) {
    const shown = redactUrl(url);
    super('HTTP_ERROR', `${shown} answered HTTP ${status}`);
    this.url = shown;
  }
}

export class NetworkError extends OAuthRegistryError {
  constructor(url: string, options?: { cause?: unknown }) {
    super('NETWORK_ERROR', `request to ${redactUrl(url)} failed: ${describeCause(options?.cause)}`, options);
  }
}

export class IdTokenError extends OAuthRegistryError {
  constructor(code: 'ID_TOKEN_INVALID' | 'ID_TOKEN_EXPIRED' | 'NONCE_MISMATCH', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * A Store's backend failed (STORE_FAILED; the backend's error is the summarized `cause`), or holds a value
 * the store cannot give back (STORE_VALUE_INVALID; `reason` says why: `malformed`, not something it sealed,
 * or `tampered`, which fails authentication: altered, copied from another key, or sealed with a key no
 * longer configured). Messages name the store, never a key (it may be a `state`) or a value.
 */
export class StoreError extends OAuthRegistryError {
  constructor(
    code: 'STORE_FAILED' | 'STORE_VALUE_INVALID',
    message: string,
    options?: { cause?: unknown; reason?: 'malformed' | 'tampered' },
  ) {
    super(code, message, options && 'cause' in options ? { cause: options.cause } : undefined);
    this.reason = options?.reason;
  }

  readonly reason: 'malformed' | 'tampered' | undefined;
}

/**
 * How an RFC 8628 device sign-in ended without a token (§3.5): the user said no (access_denied), or the device
 * code ran out (expired_token, or its expires_in passed while polling). `error` is the provider's code, when it
 * sent one. Neither the device code nor the user code is ever in the message.
 */
export class DeviceFlowError extends OAuthRegistryError {
  readonly error: string | undefined;

  constructor(code: 'DEVICE_CODE_EXPIRED' | 'DEVICE_ACCESS_DENIED', message: string, error?: string) {
    super(code, message);
    this.error = error === undefined ? undefined : providerText(error);
  }
}

/**
 * A DPoP exchange that failed (RFC 9449): the server refused the proof (DPOP_PROOF_REJECTED, `reason` is its
 * error_description: which claim was wrong), or kept asking for a nonce after the one retry RFC 9449 §8
 * allows (DPOP_NONCE_REQUIRED). Neither the proof, the key nor the token is ever part of it.
 */
export class DpopError extends OAuthRegistryError {
  /** The server's error code: invalid_dpop_proof or use_dpop_nonce. */
  readonly error: string;
  readonly reason: string | undefined;
  readonly status: number;

  constructor(code: 'DPOP_PROOF_REJECTED' | 'DPOP_NONCE_REQUIRED', details: { error: string; reason?: string | undefined; status: number; where: string }) {
    const error = providerText(details.error);
    const reason = details.reason === undefined ? undefined : providerText(details.reason);
    const what = code === 'DPOP_NONCE_REQUIRED' ? 'still asked for a DPoP nonce after the one retry' : 'refused the DPoP proof';
    super(code, `${details.where} ${what} ("${error}"${reason ? `: ${reason}` : ''}, HTTP ${details.status})`);
    this.error = error;
    this.reason = reason;
    this.status = details.status;
  }
}
