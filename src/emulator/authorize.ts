// The OAuth 2 / OIDC authorization endpoint (RFC 6749 §4.1.1): checks every parameter the manifest says the
// client sends, then consents automatically, denies (deny: true), or shows a one-button consent page.
import { createHash } from 'node:crypto';
import { isLoopbackHost } from '../manifest/schema.ts';
import { templateContext, type HandlerContext } from './context.ts';
import { escapeHtml, redirect, text, type EmulatorRequest, type Reply } from './http-io.ts';
import { randomToken } from './state.ts';
import { referencedCallbackFields } from './templates.ts';
import { callbackSignatureOf } from '../oauth2/callback-signature.ts';
import { EMULATED_USER, PROFILE_FIELDS, placeValues } from './identity.ts';
import { checkFixedParams, reject, renamedReader } from './wire-checks.ts';
import { resolvePushedRequest } from './par.ts';

const WHERE = 'authorization endpoint';
const CODE_LIFETIME_MS = 10 * 60_000;
/** Delimiters other than the manifest's that betray a client joining scopes its own way. */
const FOREIGN_DELIMITERS = [' ', ',', '+'];

export function handleAuthorize(request: EmulatorRequest, context: HandlerContext): Reply {
  if (request.method !== 'GET') reject(405, 'invalid_request', `${WHERE} expects GET`);
  const authorization = context.manifest.authorization;
  const query = new URLSearchParams(request.rawQuery);
  // authorization.fragment: the provider's page reads the URL's fragment, which never reaches a server. This
  // page does what the real one does: a browser's script sends it back; a client that left it out fails here.
  if (authorization.fragment !== undefined) {
    const read = query.get(FRAGMENT_ECHO);
    if (read === null) return fragmentPage();
    if (read !== authorization.fragment) reject(400, 'invalid_request', `${WHERE}: the authorization URL must end with #${authorization.fragment}`);
  }
  // RFC 9126 §4: a request_uri stands for the parameters the client pushed before.
  const pushed = resolvePushedRequest(query, context);
  const decision = checkAuthorizationRequest(pushed ?? query, pushed ? pushed.toString() : request.rawQuery, context);
  if (context.consent === 'page') return consentPage(decision, context);
  return finish(decision, context.deny ? 'deny' : 'allow', context);
}

/** Every parameter the manifest says the client sends, checked: at the authorization endpoint, or when pushed (RFC 9126 §2.1). */
export function checkAuthorizationRequest(params: URLSearchParams, rawQuery: string, context: HandlerContext): Decision {
  const { manifest } = context;
  const authorization = manifest.authorization;
  const read = renamedReader(params, authorization.rename, WHERE);
  if (read('response_type') !== 'code') reject(400, 'unsupported_response_type', `${WHERE} expects response_type=code`);
  if (read('client_id') !== context.credentials.clientId) reject(400, 'invalid_request', `${WHERE}: unknown client_id`);
  const redirectUri = read('redirect_uri');
  if (!redirectUri || !isAcceptableRedirect(redirectUri)) reject(400, 'invalid_request', `${WHERE} needs an https (or loopback) redirect_uri`);
  const state = read('state');
  // RFC 6749 §10.12: without state the callback cannot be tied to the browser that started it.
  if (!state) reject(400, 'invalid_request', `${WHERE} requires state`);
  checkFixedParams(params, authorization.params, templateContext(context), WHERE);
  // OAuth 2.0 Form Post Response Mode: the client must ask for it, or the code would travel in the URL.
  const mode = read('response_mode');
  if (authorization.responseMode === 'form_post' && mode !== 'form_post') reject(400, 'invalid_request', `${WHERE} expects response_mode=form_post`);
  if (authorization.responseMode !== 'form_post' && mode !== undefined && mode !== 'query') reject(400, 'invalid_request', `${WHERE} does not offer response_mode=${mode}`);
  const scope = checkScope(rawQuery, read('scope'), context);
  const pkce = checkPkce(read('code_challenge'), read('code_challenge_method'), context);
  const nonce = checkNonce(read('nonce'), context);
  const dpopJkt = read('dpop_jkt');
  // RFC 9449 §10: a JWK SHA-256 thumbprint, base64url without padding.
  if (dpopJkt !== undefined && !/^[\w-]{43}$/.test(dpopJkt)) reject(400, 'invalid_request', `${WHERE}: dpop_jkt is not a JWK SHA-256 thumbprint`);
  return { redirectUri: redirectUri!, state: state!, scope, nonce, ...pkce, ...(dpopJkt ? { dpopJkt } : {}) };
}

/** The consent page's Allow/Deny form posts here. */
export function handleConsent(request: EmulatorRequest, context: HandlerContext): Reply {
  if (request.method !== 'POST') reject(405, 'invalid_request', 'consent form expects POST');
  const form = new URLSearchParams(request.rawBody);
  const decision = JSON.parse(Buffer.from(form.get('decision') ?? '', 'base64url').toString('utf8') || '{}') as Decision;
  if (!decision.redirectUri || !isAcceptableRedirect(decision.redirectUri)) reject(400, 'invalid_request', 'consent form lost its redirect_uri');
  return finish(decision, form.get('choice') === 'allow' && !context.deny ? 'allow' : 'deny', context);
}

export interface Decision {
  redirectUri: string;
  state: string;
  scope: string;
  nonce: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: string | undefined;
  /** RFC 9449 §10: the DPoP key the code is bound to. */
  dpopJkt?: string;
}

function finish(decision: Decision, choice: 'allow' | 'deny', context: HandlerContext): Reply {
  const callback: Record<string, string> = { state: decision.state };
  if (choice === 'deny') {
    // RFC 6749 §4.1.2.1
    Object.assign(callback, { error: 'access_denied', error_description: 'The user denied the request' });
  } else {
    const code = randomToken('code_');
    callback.code = code;
    for (const name of context.manifest.authorization.callbackParams) callback[name] = callbackValue(context, name);
    // Hosts the provider names in the callback (variables.<name>.from.callback): the expected values.
    for (const variable of Object.values(context.manifest.variables)) {
      if (variable.from && 'callback' in variable.from && variable.example !== undefined) callback[variable.from.callback] = variable.example;
    }
    // Values the token request must repeat ({{callback.device_id}} in token.grantParams) vary per sign-in.
    for (const name of referencedCallbackFields(context.manifest)) callback[name] ??= randomToken(`${name}_`, 9);
    context.state.codes.set(code, {
      clientId: context.credentials.clientId,
      redirectUri: decision.redirectUri,
      scope: decision.scope,
      ...(decision.codeChallenge ? { codeChallenge: decision.codeChallenge, codeChallengeMethod: decision.codeChallengeMethod ?? 'plain' } : {}),
      ...(decision.nonce ? { nonce: decision.nonce } : {}),
      ...(decision.dpopJkt ? { dpopJkt: decision.dpopJkt } : {}),
      callback: { ...callback },
      used: false,
      accessTokens: [],
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
  }
  // RFC 9207: the provider names itself in the callback; the client compares it with authorization.issuer.
  if (context.manifest.authorization.issuer) callback.iss = context.manifest.authorization.issuer;
  const wire = providerNames(callback, context);
  if (context.manifest.authorization.responseMode === 'form_post') return formPost(decision.redirectUri, wire);
  const target = new URL(decision.redirectUri);
  for (const [name, value] of Object.entries(wire)) target.searchParams.set(name, value);
  return redirect(target.toString());
}

/** The callback as the provider sends it: its own names (authorization.responseParams), then its signature. */
function providerNames(callback: Record<string, string>, context: HandlerContext): Record<string, string> {
  const { responseParams, callbackSignature } = context.manifest.authorization;
  const wire: Record<string, string> = {};
  for (const [name, value] of Object.entries(callback)) wire[responseParams[name as keyof typeof responseParams] ?? name] = value;
  if (callbackSignature) {
    if (callbackSignature.timestampParam) wire[callbackSignature.timestampParam] = String(Math.floor(Date.now() / 1000));
    wire[callbackSignature.param] = callbackSignatureOf(wire, callbackSignature, context.credentials.clientSecret);
  }
  return wire;
}

/**
 * A value the app keeps from the callback: JSON holding the emulated user wherever the profile reads it
 * (`$callback.user.name.firstName`, Apple's first-login user), else an opaque id (QuickBooks' realmId).
 */
function callbackValue(context: HandlerContext, name: string): string {
  const fields: Partial<Record<string, string | string[]>> = context.manifest.profile?.fields ?? {};
  const values: [string, unknown][] = [];
  for (const field of PROFILE_FIELDS) {
    const paths = fields[field];
    const first = Array.isArray(paths) ? paths[0] : paths;
    const prefix = `$callback.${name}.`;
    if (first?.startsWith(prefix)) values.push([first.slice(prefix.length), field === 'emailVerified' ? true : EMULATED_USER[field]]);
  }
  return values.length ? JSON.stringify(placeValues({}, values)) : randomToken(`${name}_`, 9);
}

function isAcceptableRedirect(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

/** The scope must be joined with the manifest's delimiter (RFC 6749 §3.3 says a space; some providers differ). */
function checkScope(rawQuery: string, scope: string | undefined, context: HandlerContext): string {
  if (scope === undefined) return '';
  const { delimiter, encodeDelimiter } = context.manifest.authorization.scope;
  const scopeName = context.manifest.authorization.rename.scope ?? 'scope';
  const raw = rawQuery.split('&').find((pair) => pair.startsWith(`${scopeName}=`))?.slice(scopeName.length + 1) ?? '';
  if (!encodeDelimiter && ((scope.includes(' ') && !raw.includes(delimiter)) || raw.toUpperCase().includes(encodeURIComponent(delimiter).toUpperCase()))) {
    reject(400, 'invalid_scope', `${WHERE} expects scopes joined by a literal "${delimiter}", not an encoded one`);
  }
  const joined = !encodeDelimiter && delimiter === '+' ? scope.replace(/ /g, '+') : scope;
  for (const foreign of FOREIGN_DELIMITERS) {
    if (foreign !== delimiter && joined.includes(foreign)) reject(400, 'invalid_scope', `${WHERE} expects scopes joined by "${delimiter}"`);
  }
  return joined.split(delimiter).filter(Boolean).join(' ');
}

function checkPkce(challenge: string | undefined, method: string | undefined, context: HandlerContext) {
  const { pkce, pkceMethod } = context.manifest.authorization;
  if (pkce === 'unsupported' && (challenge || method)) reject(400, 'invalid_request', `${WHERE} does not support PKCE`);
  if (pkce === 'required' && !challenge) reject(400, 'invalid_request', `${WHERE} requires a PKCE code_challenge (RFC 7636 §4.3)`);
  if (challenge && (method ?? 'plain') !== pkceMethod) reject(400, 'invalid_request', `${WHERE} expects code_challenge_method ${pkceMethod}`);
  return { codeChallenge: challenge, codeChallengeMethod: method };
}

function checkNonce(nonce: string | undefined, context: HandlerContext): string | undefined {
  const rule = context.manifest.oidc?.nonce;
  if (!rule) return nonce;
  if (rule === 'required' && !nonce) reject(400, 'invalid_request', `${WHERE} requires a nonce (OIDC Core §3.1.2.1)`);
  if (rule === 'unsupported' && nonce) reject(400, 'invalid_request', `${WHERE} does not accept a nonce`);
  return nonce;
}

/** The parameter under which the fragment page sends the URL's fragment back. */
export const FRAGMENT_ECHO = 'emulator_fragment';

function fragmentPage(): Reply {
  return text(
    200,
    `<!doctype html><title>Loading</title><meta name="emulator-reads-fragment" content="${FRAGMENT_ECHO}">` +
      `<script>const next = new URL(location.href); next.hash = ''; next.searchParams.set('${FRAGMENT_ECHO}', location.hash.slice(1)); location.replace(next);</script>`,
    'text/html; charset=utf-8',
  );
}

/** RFC 7636 §4.6 */
export function verifierMatches(verifier: string, challenge: string, method: string): boolean {
  if (method === 'S256') return createHash('sha256').update(verifier).digest('base64url') === challenge;
  return verifier === challenge;
}

function consentPage(decision: Decision, context: HandlerContext): Reply {
  const encoded = Buffer.from(JSON.stringify(decision)).toString('base64url');
  // The form posts to the emulator's fixed consent route, whatever URL the authorize endpoint has.
  const action = new URL('/oauth/consent', context.endpoints.authorize!);
  const button = (choice: string, label: string) => `<button name="choice" value="${choice}">${label}</button>`;
  return text(
    200,
    `<!doctype html><title>${escapeHtml(context.manifest.name)} (emulator)</title><h1>Sign in to ${escapeHtml(context.manifest.name)}</h1>` +
      `<p>Signed in as Ada Lovelace. Allow the app to use your account?</p>` +
      `<form method="post" action="${escapeHtml(action.toString())}"><input type="hidden" name="decision" value="${encoded}">` +
      `${button('allow', 'Allow')} ${button('deny', 'Deny')}</form>`,
    'text/html; charset=utf-8',
  );
}

/** OAuth 2.0 Form Post Response Mode: the browser posts the callback parameters to redirect_uri. */
function formPost(redirectUri: string, callback: Record<string, string>): Reply {
  const inputs = Object.entries(callback)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return text(
    200,
    `<!doctype html><title>Continue</title><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}<button>Continue</button></form>`,
    'text/html; charset=utf-8',
  );
}
