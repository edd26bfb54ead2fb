// RFC 8628 device authorization grant, one small function per step: the device authorization request (§3.1),
// its answer (§3.2), one polling token request (§3.4) and the polling loop with its interval, slow_down,
// expiry and AbortSignal (§3.5). The device code and the user code are credentials: no message names them.
import { inspect } from 'node:util';
import { checkEndpointSecurity } from '../client-context.ts';
import { type ClientContext, templateScope } from '../context.ts';
import { ConfigError, DeviceFlowError, ProviderError, ResponseError, redactUrl } from '../errors.ts';
import type { HttpResponse, HttpSend } from '../http/request.ts';
import { DEVICE_GRANT_TYPE, DEVICE_POLL_ERRORS } from './device-wire.ts';
import { discover } from '../lazy.ts';
import type { TokenSet } from '../types.ts';
import { isBlank, readPath } from '../util/path.ts';
import { providerText } from '../util/provider-text.ts';
import { scrubSecrets } from '../util/scrub.ts';
import { fillParams } from '../util/template.ts';
import { authenticateClient } from './client-auth.ts';
import { exchangeGrant } from './token-exchange.ts';

/** RFC 8628 §3.2: "If no value is provided, clients MUST use 5 as the default." */
export const DEFAULT_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: slow_down adds 5 seconds to the interval, for this and every later poll. */
export const SLOW_DOWN_STEP_SECONDS = 5;

export interface DeviceAuthorizationOptions {
  /** Default: the manifest's default scopes (and openid for OIDC providers). */
  scope?: string[];
}

export interface PollDeviceTokenOptions {
  /** Ends the polling: the promise rejects with the signal's reason, and no further request is sent. */
  signal?: AbortSignal;
  /** Waits between polls; replace it to run the loop on a test clock. Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What a device sign-in needs between its two steps; JSON-serialisable (`DeviceAuthorization.from` restores it). */
export interface DeviceAuthorizationData {
  provider: string;
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string | undefined;
  /** Seconds the codes were valid for when issued. */
  expiresIn: number;
  /** Seconds to wait between polls. */
  interval: number;
  /** When the codes expire, in milliseconds since the epoch. */
  expiresAt: number;
}

/** The answer of the device authorization endpoint: show userCode and verificationUri, then poll. */
export class DeviceAuthorization implements DeviceAuthorizationData {
  readonly provider!: string;
  readonly deviceCode!: string;
  readonly userCode!: string;
  readonly verificationUri!: string;
  readonly verificationUriComplete?: string | undefined;
  readonly expiresIn!: number;
  readonly interval!: number;
  readonly expiresAt!: number;

  constructor(data: DeviceAuthorizationData) {
    Object.assign(this, data);
  }

  static from(data: DeviceAuthorizationData | DeviceAuthorization): DeviceAuthorization {
    return data instanceof DeviceAuthorization ? data : new DeviceAuthorization(data);
  }

  // Both codes let whoever reads them finish the sign-in (the user code on the provider's page, the device
  // code by polling), so a log line never shows them.
  [inspect.custom](): string {
    const shown = { ...this, deviceCode: '[redacted]', userCode: '[redacted]', verificationUriComplete: this.verificationUriComplete ? '[redacted]' : undefined };
    return `DeviceAuthorization ${inspect(shown)}`;
  }
}

/** RFC 8628 §3.1: asks for a device code and a user code; the user then approves on another device. */
export async function requestDeviceAuthorization(context: ClientContext, options: DeviceAuthorizationOptions = {}): Promise<DeviceAuthorization> {
  requireDeviceGrant(context);
  const url = await deviceEndpoint(context);
  const request = await deviceAuthorizationRequest(context, url, requestedScope(context, options.scope));
  const response = await context.http(request);
  // What the request carried (a client assertion, the secret) stays out of an error that quotes it back.
  return readDeviceAuthorization(context, response, url, Date.now(), [...new URLSearchParams(request.body).values()]);
}

/** The endpoint the manifest names, else (OIDC) discovery's device_authorization_endpoint. */
async function deviceEndpoint(context: ClientContext): Promise<string> {
  const named = context.endpoints.deviceAuthorization;
  if (named) return checkEndpointSecurity(named);
  const discovered = context.manifest.protocol === 'oidc' ? (await discover(context)).device_authorization_endpoint : undefined;
  if (typeof discovered !== 'string') throw new ConfigError('UNSUPPORTED', `${context.manifest.id} has no device authorization endpoint (endpoints.deviceAuthorization or discovery's device_authorization_endpoint)`);
  return checkEndpointSecurity(discovered, `${context.manifest.id} OIDC discovery device_authorization_endpoint`);
}

function requestedScope(context: ClientContext, asked: string[] | undefined): string[] {
  const scope = asked ?? context.manifest.authorization.scope.default;
  return context.manifest.protocol === 'oidc' && !scope.includes('openid') ? ['openid', ...scope] : scope;
}

/** §3.1: a form POST with client_id (or the client's authentication) and the scope. */
async function deviceAuthorizationRequest(context: ClientContext, url: string, scope: string[]) {
  const { manifest } = context;
  const method = manifest.device?.clientAuth ?? manifest.token.grantClientAuth.device_code ?? manifest.token.clientAuth;
  const auth = await authenticateClient(context, method, url, { grant_type: DEVICE_GRANT_TYPE });
  const body = new URLSearchParams(auth.params);
  if (scope.length) body.set('scope', scope.join(manifest.authorization.scope.delimiter));
  const headers: Record<string, string> = { ...fillParams(manifest.device?.headers ?? {}, templateScope(context), 'device.headers'), 'content-type': 'application/x-www-form-urlencoded' };
  if (auth.authorization) headers.authorization = auth.authorization;
  // A lost answer leaves codes nobody shows; asking again is the caller's choice, not a silent retry.
  return { method: 'POST', url: new URL(url), headers, body: body.toString(), oneTime: true, contentType: manifest.device?.contentType };
}

/** §3.2: the codes, the verification URI, their lifetime and the polling interval, read where the manifest says. */
export function readDeviceAuthorization(context: ClientContext, response: HttpResponse, url: string, now = Date.now(), sent: readonly string[] = []): DeviceAuthorization {
  const { manifest } = context;
  const where = `${manifest.name} device authorization endpoint`;
  const body = response.data;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${where} (${redactUrl(url)}) answered HTTP ${response.status} without the device authorization fields`, response.status);
  }
  const answer = body as Record<string, unknown>;
  const error = answer.error;
  if (!isBlank(error) || response.status < 200 || response.status > 299) {
    const secrets = [...sent, context.clientSecret];
    const description = typeof answer.error_description === 'string' ? scrubSecrets(answer.error_description, secrets) : undefined;
    const code = typeof error === 'string' && error !== '' ? scrubSecrets(error, secrets) : `http_${response.status}`;
    throw new ProviderError('TOKEN_ERROR', { error: code, ...(description ? { errorDescription: description } : {}), status: response.status, where });
  }
  const field = (name: keyof NonNullable<typeof manifest.device>['fields'] & string) => readPath(answer, manifest.device?.fields[name] ?? name);
  const deviceCode = requireText(field('device_code'), 'device_code', where);
  const userCode = requireText(field('user_code'), 'user_code', where);
  const verificationUri = requireUserUrl(field('verification_uri'), 'verification_uri', where);
  const complete = field('verification_uri_complete');
  const expiresIn = seconds(field('expires_in'), 'expires_in', where);
  if (expiresIn === undefined || expiresIn <= 0) throw new ResponseError('UNEXPECTED_RESPONSE', `${where} answered without a positive expires_in`, response.status);
  const interval = seconds(field('interval'), 'interval', where) ?? DEFAULT_INTERVAL_SECONDS;
  return new DeviceAuthorization({
    provider: manifest.id,
    deviceCode,
    userCode,
    verificationUri,
    verificationUriComplete: isBlank(complete) ? undefined : requireUserUrl(complete, 'verification_uri_complete', where),
    expiresIn,
    interval,
    expiresAt: now + expiresIn * 1000,
  });
}

function requireText(value: unknown, name: string, where: string): string {
  if (typeof value !== 'string' || value === '') throw new ResponseError('UNEXPECTED_RESPONSE', `${where} answered without ${name}`);
  return value;
}

/** The page the user is sent to: https (loopback excepted), as a phishing-free sign-in needs. */
function requireUserUrl(value: unknown, name: string, where: string): string {
  const text = requireText(value, name, where);
  try {
    return checkEndpointSecurity(text, `${where} ${name}`);
  } catch {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${where} answered a ${name} that is not an https URL`);
  }
}

/** A whole number of seconds, as JSON numbers or (form answers) digit strings. */
function seconds(value: unknown, name: string, where: string): number | undefined {
  if (isBlank(value)) return undefined;
  const number = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) throw new ResponseError('UNEXPECTED_RESPONSE', `${where} answered a ${name} that is not a whole number of seconds`);
  return number;
}

export type PollOutcome = { kind: 'token'; token: TokenSet } | { kind: 'pending' } | { kind: 'slow_down'; interval: number | undefined };

/**
 * §3.4–3.5: one token request with the device code. Pending and slow_down come back as outcomes (slow_down
 * with the interval the provider asked for, if it named one); access_denied and expired_token end the sign-in.
 */
export async function pollOnce(context: ClientContext, handle: DeviceAuthorizationData): Promise<PollOutcome> {
  let answer: HttpResponse | undefined;
  const http: HttpSend = async (request) => (answer = await context.http(request));
  try {
    return { kind: 'token', token: await exchangeGrant({ ...context, http }, { grant_type: DEVICE_GRANT_TYPE, device_code: handle.deviceCode }) };
  } catch (error) {
    if (!(error instanceof ProviderError) || error.code !== 'TOKEN_ERROR') throw error;
    const where = `${context.manifest.name} token endpoint`;
    switch (standardPollError(context, error.error)) {
      case 'authorization_pending':
        return { kind: 'pending' };
      case 'slow_down':
        return { kind: 'slow_down', interval: askedInterval(context, answer) };
      case 'access_denied':
        throw new DeviceFlowError('DEVICE_ACCESS_DENIED', `${where}: the user denied the device sign-in (${providerText(error.error)})`, error.error);
      case 'expired_token':
        throw new DeviceFlowError('DEVICE_CODE_EXPIRED', `${where}: the device code expired before the user approved it (${providerText(error.error)})`, error.error);
      default:
        throw error;
    }
  }
}

/** The standard name of a polling error, through the manifest's device.errors renames. */
function standardPollError(context: ClientContext, error: string): (typeof DEVICE_POLL_ERRORS)[number] | undefined {
  const renamed = context.manifest.device?.errors ?? {};
  return DEVICE_POLL_ERRORS.find((name) => (renamed[name] ?? name) === error);
}

/** GitHub names the new interval in its slow_down answer; a number there is honoured when it is longer. */
function askedInterval(context: ClientContext, answer: HttpResponse | undefined): number | undefined {
  const body = answer?.data;
  if (typeof body !== 'object' || body === null) return undefined;
  const value = readPath(body, context.manifest.device?.fields.interval ?? 'interval');
  const number = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

/**
 * §3.5: waits `interval` seconds before each poll, adds 5 seconds on slow_down, and stops when the device
 * code would expire before the next poll (DEVICE_CODE_EXPIRED) or the signal aborts (its reason).
 */
export async function pollDeviceToken(context: ClientContext, given: DeviceAuthorizationData, options: PollDeviceTokenOptions = {}): Promise<TokenSet> {
  requireDeviceGrant(context);
  const handle = checkHandle(context, given);
  const { signal } = options;
  const sleep = options.sleep ?? abortableSleep;
  let interval = handle.interval;
  for (;;) {
    signal?.throwIfAborted();
    if (Date.now() + interval * 1000 >= handle.expiresAt) {
      throw new DeviceFlowError('DEVICE_CODE_EXPIRED', `${context.manifest.name}: the device code expires before the next poll; start a new device sign-in`);
    }
    await sleep(interval * 1000, signal);
    signal?.throwIfAborted();
    const outcome = await untilAborted(pollOnce(context, handle), signal);
    if (outcome.kind === 'token') return outcome.token;
    if (outcome.kind === 'slow_down') interval = Math.max(interval + SLOW_DOWN_STEP_SECONDS, outcome.interval ?? 0);
  }
}

function requireDeviceGrant(context: ClientContext): void {
  const { manifest } = context;
  if (manifest.protocol === 'oauth1' || !manifest.grants.includes('device_code')) throw new ConfigError('UNSUPPORTED', `${manifest.id} does not list the device_code grant (RFC 8628)`);
}

function checkHandle(context: ClientContext, given: DeviceAuthorizationData): DeviceAuthorizationData {
  const ok = typeof given === 'object' && given !== null && typeof given.deviceCode === 'string' && given.deviceCode !== '' && Number.isFinite(given.expiresAt) && Number.isFinite(given.interval) && given.interval >= 0;
  if (!ok) throw new ConfigError('CONFIG_INVALID', `${context.manifest.id}: pollDeviceToken() needs the DeviceAuthorization that deviceAuthorization() returned`);
  if (given.provider !== context.manifest.id) throw new ConfigError('CONFIG_INVALID', `${context.manifest.id}: this device authorization was issued by ${String(given.provider)}`);
  return given;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The poll's result, unless the signal aborts first (the request itself still ends within its timeout). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
