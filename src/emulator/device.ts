// RFC 8628 device authorization grant, as the manifest's provider plays it: the device authorization endpoint
// (§3.1–3.2, answering in the manifest's field names and encoding), the verification page where the user
// types the code and allows or denies (§3.3), and the token endpoint's answers to polls (§3.5):
// authorization_pending, slow_down when polled sooner than the interval, access_denied, expired_token, each
// under the provider's own error code (device.errors).
import { randomInt } from 'node:crypto';
import { DEVICE_GRANT_TYPE } from '../oauth2/device-wire.ts';
import { templateContext, type HandlerContext } from './context.ts';
import { setAtPath } from './field-path.ts';
import { escapeHtml, text, type EmulatorRequest, type Reply } from './http-io.ts';
import { randomToken, type EmulatorState } from './state.ts';
import { formattedReply } from './token-reply.ts';
import { checkClientAuth, checkFixedHeaders, checkFixedParams, readParams, reject, Rejection, renamedReader } from './wire-checks.ts';

export { DEVICE_GRANT_TYPE };

/** The emulator's device-grant clock: what it advertises, and how long one of its seconds lasts. */
export interface DeviceClock {
  /** The `interval` answered, in seconds (default 5, RFC 8628 §3.2). 0 lets a test poll at once. */
  interval?: number;
  /** How long the codes live, in seconds (default 600). */
  lifetimeSeconds?: number;
  /** Milliseconds per emulated second (default 1000): a test that waits on a fast clock shortens it. */
  secondMs?: number;
}

export interface DeviceGrantRecord {
  clientId: string;
  scope: string;
  userCode: string;
  status: 'pending' | 'approved' | 'denied' | 'used';
  issuedAt: number;
  expiresAt: number;
  /** Seconds the client must leave between polls; slow_down raises it by 5 (§3.5). */
  interval: number;
  lastPollAt: number | undefined;
}

const WHERE = 'device authorization endpoint';
const TOKEN_WHERE = 'token endpoint';
export const VERIFICATION_PATH = '/device';
/** RFC 8628 §6.1: consonants only (no vowels to spell words), read off a screen and typed on a phone. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

const books = new WeakMap<EmulatorState, Map<string, DeviceGrantRecord>>();

/** The device grants this emulator issued, by device code. */
export function deviceGrants(state: EmulatorState): Map<string, DeviceGrantRecord> {
  let book = books.get(state);
  if (!book) books.set(state, (book = new Map()));
  return book;
}

function clock(context: HandlerContext): Required<DeviceClock> {
  const given = context.device ?? {};
  return { interval: given.interval ?? 5, lifetimeSeconds: given.lifetimeSeconds ?? 600, secondMs: given.secondMs ?? 1000 };
}

/** §3.1: a form POST with client_id (or the client's authentication) and the scope. */
export function handleDeviceAuthorization(request: EmulatorRequest, context: HandlerContext): Reply {
  try {
    return issueDeviceCodes(request, context);
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    // Errors come in the same encoding as answers (GitHub's form), so a client reads them the same way.
    return formattedReply(error.status, { error: error.error, error_description: error.description }, context.manifest.device?.contentType);
  }
}

function issueDeviceCodes(request: EmulatorRequest, context: HandlerContext): Reply {
  const { manifest } = context;
  if (!manifest.grants.includes('device_code')) reject(404, 'not_found', `${manifest.name} offers no device authorization`);
  if (request.method !== 'POST') reject(405, 'invalid_request', `${WHERE} expects POST`);
  const device = manifest.device;
  checkFixedHeaders(request, device?.headers ?? {}, templateContext(context), WHERE);
  const params = readParams(request, 'form', WHERE);
  const read = renamedReader(params, {}, WHERE);
  const method = device?.clientAuth ?? manifest.token.grantClientAuth.device_code ?? manifest.token.clientAuth;
  const clientId = checkClientAuth(request, read, method, context.credentials, WHERE, { audience: context.endpoints.deviceAuthorization ?? '' });
  const { interval, lifetimeSeconds, secondMs } = clock(context);
  const deviceCode = randomToken('dc_');
  const userCode = newUserCode();
  const now = Date.now();
  const scope = (read('scope') ?? '').split(manifest.authorization.scope.delimiter).filter(Boolean).join(' ');
  deviceGrants(context.state).set(deviceCode, { clientId, scope, userCode, status: 'pending', issuedAt: now, expiresAt: now + lifetimeSeconds * secondMs, interval, lastPollAt: undefined });
  const page = new URL(VERIFICATION_PATH, request.url);
  const complete = new URL(page);
  complete.searchParams.set('user_code', userCode);
  const standard: Record<string, unknown> = {
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: page.href,
    verification_uri_complete: complete.href,
    expires_in: lifetimeSeconds,
    interval,
  };
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(standard)) setAtPath(body, device?.fields[name as keyof typeof device.fields] ?? name, value);
  // A forced encoding is served under a misleading Content-Type: the client must go by the manifest.
  return formattedReply(200, body, device?.contentType);
}

function newUserCode(): string {
  const letters = Array.from({ length: 8 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('');
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}

/** What the user types: letters in any case, with or without the dash and spaces (§6.1). */
function normalizeUserCode(typed: string): string {
  const letters = typed.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : letters;
}

/** §3.3: GET shows the form (filled from verification_uri_complete); POST with the code allows or denies. */
export function handleDeviceVerification(request: EmulatorRequest, context: HandlerContext): Reply {
  if (request.method === 'GET') return verificationForm(context, new URLSearchParams(request.rawQuery).get('user_code') ?? '');
  if (request.method !== 'POST') reject(405, 'invalid_request', 'the device verification page expects GET or POST');
  const form = readParams(request, 'form', 'device verification page');
  const userCode = normalizeUserCode(form.get('user_code') ?? '');
  const choice = form.get('choice');
  const now = Date.now();
  const grant = [...deviceGrants(context.state).values()].find((candidate) => candidate.userCode === userCode && candidate.status === 'pending' && candidate.expiresAt > now);
  if (!grant) return page(400, context, '<p>That code is unknown, already used or expired. Check the code on your device.</p>', true);
  if (choice !== 'allow' && choice !== 'deny') reject(400, 'invalid_request', 'the device verification page expects choice=allow or choice=deny');
  grant.status = choice === 'allow' ? 'approved' : 'denied';
  return page(200, context, choice === 'allow' ? '<p id="device-approved">Device approved. You can return to your device.</p>' : '<p id="device-denied">Device sign-in denied.</p>', false);
}

function verificationForm(context: HandlerContext, userCode: string): Reply {
  return page(200, context, '<p>Signed in as Ada Lovelace. Enter the code your device shows.</p>', true, userCode);
}

function page(status: number, context: HandlerContext, message: string, withForm: boolean, userCode = ''): Reply {
  const name = escapeHtml(context.manifest.name);
  const form = withForm
    ? `<form method="post" action="${VERIFICATION_PATH}"><label>Code <input name="user_code" value="${escapeHtml(userCode)}" autocomplete="off" autocapitalize="characters"></label> ` +
      '<button name="choice" value="allow">Allow</button> <button name="choice" value="deny">Deny</button></form>'
    : '';
  const reply = text(status, `<!doctype html><title>${name} device sign-in (emulator)</title><h1>Connect a device to ${name}</h1>${message}${form}`, 'text/html; charset=utf-8');
  return { ...reply, headers: { ...reply.headers, 'cache-control': 'no-store' } };
}

/**
 * §3.4–3.5: a poll with the device code. Polled sooner than the interval: slow_down (and 5 more seconds);
 * then pending, denied, expired, or the grant the user approved (once: the code is spent).
 */
export function pollDeviceGrant(read: (name: string) => string | undefined, params: URLSearchParams, clientId: string, context: HandlerContext): DeviceGrantRecord {
  const { manifest } = context;
  checkFixedParams(params, manifest.token.grantParams.device_code ?? {}, templateContext(context), TOKEN_WHERE);
  const value = read('device_code');
  const grant = value ? deviceGrants(context.state).get(value) : undefined;
  if (!grant || grant.clientId !== clientId) return reject(400, 'invalid_grant', `${TOKEN_WHERE}: unknown device code or one issued to another client`);
  const { secondMs } = clock(context);
  const now = Date.now();
  const renamed = manifest.device?.errors ?? {};
  if (now >= grant.expiresAt) reject(400, renamed.expired_token ?? 'expired_token', `${TOKEN_WHERE}: the device code expired`);
  const since = now - (grant.lastPollAt ?? grant.issuedAt);
  grant.lastPollAt = now;
  if (since < grant.interval * secondMs) {
    grant.interval += 5;
    reject(400, renamed.slow_down ?? 'slow_down', `${TOKEN_WHERE}: polled sooner than the interval; wait ${grant.interval} seconds between polls`);
  }
  switch (grant.status) {
    case 'pending':
      return reject(400, renamed.authorization_pending ?? 'authorization_pending', `${TOKEN_WHERE}: the user has not approved the device yet`);
    case 'denied':
      return reject(400, renamed.access_denied ?? 'access_denied', `${TOKEN_WHERE}: the user denied the device`);
    case 'used':
      return reject(400, 'invalid_grant', `${TOKEN_WHERE}: the device code was already exchanged`);
    case 'approved':
      grant.status = 'used';
      return grant;
  }
}
