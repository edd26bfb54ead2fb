// OAuth 1.0a provider endpoints (RFC 5849 §2): temporary credentials, resource-owner authorization and token
// credentials, each request signature-checked with the manifest's method, with nonce/timestamp replay
// rejection (§3.3) and the manifest's oauth1.* quirks (HTTP methods, verifier, callback confirmation).
import type { ProviderManifest } from '../manifest/schema.ts';
import { templateContext, type HandlerContext } from './context.ts';
import { form, redirect, type EmulatorRequest, type Reply } from './http-io.ts';
import { signedRequestOf, verifySignature } from './oauth1-signature.ts';
import { randomToken } from './state.ts';
import { tokenExtras } from './token.ts';
import { formattedReply } from './token-reply.ts';
import { checkFixedParams, reject } from './wire-checks.ts';

/** How far a timestamp may be from the emulator's clock (RFC 5849 §3.3 leaves the window to the server). */
const TIMESTAMP_WINDOW_SECONDS = 300;

type OAuth1Config = NonNullable<ProviderManifest['oauth1']>;

function config(context: HandlerContext): OAuth1Config {
  return (
    context.manifest.oauth1 ?? {
      signatureMethod: 'HMAC-SHA1',
      requestTokenMethod: 'POST',
      accessTokenMethod: 'POST',
      requestTokenParams: {},
      authorizeParams: {},
      verifier: 'required',
      callbackConfirmed: true,
      scopeOn: 'requestToken',
      callbackOnAuthorize: false,
    }
  );
}

/**
 * Verifies the signature, method, consumer, timestamp and nonce of a signed request; returns its parameters.
 * `tokenSecret` is looked up from oauth_token by the caller-provided function.
 */
export function checkSigned(request: EmulatorRequest, context: HandlerContext, where: string, tokenSecretFor: (token: string | undefined) => string | undefined): Map<string, string> {
  const signed = signedRequestOf(request);
  const params = new Map(signed.params);
  const method = config(context).signatureMethod;
  if (params.get('oauth_consumer_key') !== context.credentials.clientId) reject(401, 'consumer_key_unknown', `${where}: unknown oauth_consumer_key`);
  if (params.get('oauth_signature_method') !== method) reject(400, 'signature_method_rejected', `${where} expects oauth_signature_method ${method}`);
  if (method !== 'PLAINTEXT') {
    const timestamp = Number(params.get('oauth_timestamp'));
    if (!Number.isInteger(timestamp) || Math.abs(timestamp - Date.now() / 1000) > TIMESTAMP_WINDOW_SECONDS) reject(401, 'timestamp_refused', `${where}: oauth_timestamp missing or outside the allowed window`);
    const nonce = params.get('oauth_nonce');
    if (!nonce) reject(400, 'parameter_absent', `${where} requires oauth_nonce`);
  }
  const tokenSecret = tokenSecretFor(params.get('oauth_token'));
  if (params.has('oauth_token') && tokenSecret === undefined) reject(401, 'token_rejected', `${where}: unknown or used oauth_token`);
  const secrets = { consumerSecret: context.credentials.clientSecret, ...(tokenSecret !== undefined ? { tokenSecret } : {}), ...(context.credentials.rsaPublicKey ? { publicKey: context.credentials.rsaPublicKey } : {}) };
  if (!verifySignature(signed, secrets)) reject(401, 'signature_invalid', `${where}: signature does not verify`);
  // Nonces are remembered only for requests whose signature verified, so forgeries cannot burn them.
  if (method !== 'PLAINTEXT' && !context.state.rememberNonce(context.credentials.clientId, params.get('oauth_timestamp')!, params.get('oauth_nonce')!)) {
    reject(401, 'nonce_used', `${where}: oauth_nonce already used with this timestamp`);
  }
  return params;
}

/** RFC 5849 §2.1/§2.3 answer form-encoded; a manifest that forces a format gets it under a misleading type. */
function credentialsReply(context: HandlerContext, body: Record<string, unknown>): Reply {
  const forced = context.manifest.token.response.contentType;
  return forced ? formattedReply(200, body, forced) : form(200, body);
}

function asSearchParams(params: Map<string, string>): URLSearchParams {
  return new URLSearchParams([...params]);
}

/** Scopes must arrive, joined with the manifest's delimiter (a space, a comma…), as a client that read it joins them. */
function checkOAuth1Scope(value: string | null, context: HandlerContext, where: string): void {
  const { scopeParam } = config(context);
  if (value === null) return reject(400, 'parameter_absent', `${where} expects scopes in "${scopeParam}"`);
  const delimiter = context.manifest.authorization.scope.delimiter;
  for (const foreign of [' ', ',', '+']) if (foreign !== delimiter && value.includes(foreign)) reject(400, 'parameter_rejected', `${where} expects scopes joined by "${delimiter}"`);
}

/** RFC 5849 §2.1 */
export function handleRequestToken(request: EmulatorRequest, context: HandlerContext): Reply {
  const where = 'request-token endpoint';
  const oauth1 = config(context);
  if (request.method !== oauth1.requestTokenMethod) reject(405, 'invalid_request', `${where} expects ${oauth1.requestTokenMethod}`);
  const params = checkSigned(request, context, where, () => undefined);
  const callback = params.get('oauth_callback');
  if (!callback) reject(400, 'parameter_absent', `${where} requires oauth_callback (OAuth 1.0a)`);
  checkFixedParams(asSearchParams(params), oauth1.requestTokenParams, templateContext(context), where);
  if (oauth1.scopeParam && oauth1.scopeOn === 'requestToken') checkOAuth1Scope(params.get(oauth1.scopeParam) ?? null, context, where);
  if (oauth1.scopeParam && oauth1.scopeOn === 'authorize' && params.has(oauth1.scopeParam)) reject(400, 'parameter_rejected', `${where} takes no scopes: they go on the authorization URL`);
  const token = randomToken('rt1_');
  const secret = randomToken('rts_');
  context.state.requestTokens.set(token, { secret, callback: callback!, authorized: false, used: false });
  return credentialsReply(context, { oauth_token: token, oauth_token_secret: secret, ...(oauth1.callbackConfirmed ? { oauth_callback_confirmed: 'true' } : {}) });
}

/** RFC 5849 §2.2: the user approves (or denies) and the browser returns to the callback with the verifier. */
export function handleOAuth1Authorize(request: EmulatorRequest, context: HandlerContext): Reply {
  const where = 'OAuth 1 authorization endpoint';
  const params = new URLSearchParams(request.rawQuery);
  const token = params.get('oauth_token') ?? '';
  const pending = context.state.requestTokens.get(token);
  if (!pending || pending.used) reject(400, 'token_rejected', `${where}: unknown oauth_token`);
  const oauth1 = config(context);
  checkFixedParams(params, oauth1.authorizeParams, templateContext(context), where);
  if (oauth1.scopeParam && oauth1.scopeOn === 'authorize') checkOAuth1Scope(params.get(oauth1.scopeParam), context, where);
  if (oauth1.callbackOnAuthorize && params.get('oauth_callback') !== pending!.callback) reject(400, 'parameter_absent', `${where} expects oauth_callback, as the request-token call sent it`);
  const target = new URL(pending!.callback);
  if (context.deny) {
    target.searchParams.set('denied', token);
    return redirect(target.toString());
  }
  pending!.authorized = true;
  target.searchParams.set('oauth_token', token);
  if (config(context).verifier === 'required') {
    pending!.verifier = randomToken('v_', 12);
    target.searchParams.set('oauth_verifier', pending!.verifier);
  }
  return redirect(target.toString());
}

/** RFC 5849 §2.3 */
export function handleAccessToken(request: EmulatorRequest, context: HandlerContext): Reply {
  const where = 'access-token endpoint';
  const oauth1 = config(context);
  if (request.method !== oauth1.accessTokenMethod) reject(405, 'invalid_request', `${where} expects ${oauth1.accessTokenMethod}`);
  const params = checkSigned(request, context, where, (token) => {
    const pending = token ? context.state.requestTokens.get(token) : undefined;
    return pending && !pending.used ? pending.secret : undefined;
  });
  const pending = context.state.requestTokens.get(params.get('oauth_token') ?? '');
  if (!pending?.authorized) return reject(401, 'permission_unknown', `${where}: the request token was not authorized`);
  pending.used = true;
  if (oauth1.verifier === 'required' && params.get('oauth_verifier') !== pending.verifier) reject(401, 'verifier_invalid', `${where}: wrong or missing oauth_verifier`);
  if (oauth1.verifier === 'none' && params.has('oauth_verifier')) reject(400, 'parameter_rejected', `${where}: this provider issues no oauth_verifier`);
  const token = randomToken('at1_');
  const secret = randomToken('ats_');
  const extras = tokenExtras(context);
  context.state.tokens.set(token, { kind: 'access', clientId: context.credentials.clientId, scope: '', expiresAt: undefined, secret, response: { ...extras, oauth_token: token } });
  return credentialsReply(context, { ...extras, oauth_token: token, oauth_token_secret: secret });
}
