// The OAuth 2 token endpoint (RFC 6749 §3.2): enforces token.method, token.encoding, token.headers,
// token.rename, token.params and token.clientAuth, then runs the grant and answers in the manifest's shape.
import { verifierMatches } from './authorize.ts';
import { templateContext, type HandlerContext } from './context.ts';
import { header, type EmulatorRequest, type Reply } from './http-io.ts';
import { buildUserBody, tokenBorneFields, typedUserValue } from './identity.ts';
import { signIdToken, signProfile } from './oidc.ts';
import { checkRequestSignature } from './signing.ts';
import { randomToken } from './state.ts';
import { referencedTokenFields } from './templates.ts';
import { tokenSuccessReply } from './token-reply.ts';
import { checkClientAuth, checkFixedHeaders, checkFixedParams, readParams, reject, renamedReader } from './wire-checks.ts';
import { exampleFromSchema } from './example-data.ts';
import { DEVICE_GRANT_TYPE, pollDeviceGrant } from './device.ts';
import { setAtPath } from './field-path.ts';
import { bindTokens, checkRefreshBinding, checkTokenProof } from './dpop.ts';

const WHERE = 'token endpoint';
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;

export async function handleToken(request: EmulatorRequest, context: HandlerContext, route: 'token' | 'refresh' = 'token'): Promise<Reply> {
  const token = context.manifest.token;
  const where = route === 'refresh' ? 'refresh endpoint' : WHERE;
  if (request.method !== token.method) reject(405, 'invalid_request', `${where} expects ${token.method}`);
  // RFC 9449: the proof is checked before the grant, so that a nonce retry finds the code unspent.
  const jkt = await checkTokenProof(request, context);
  if (jkt) context = { ...context, dpopJkt: jkt };
  // Headers first: a provider that answers by Accept cannot even produce a parsable error without it.
  checkFixedHeaders(request, token.headers, templateContext(context), where, 406);
  const encoding = token.method === 'GET' ? 'query' : token.encoding;
  const params = readParams(request, encoding, where);
  const read = renamedReader(params, token.rename, where);
  const grantType = grantTypeOf(read, token.omit);
  // Per-grant settings and `grants` name the device grant by its short name.
  const grant = (grantType === DEVICE_GRANT_TYPE ? 'device_code' : grantType) as keyof typeof token.grantOmit;
  for (const name of [...token.omit, ...(token.grantOmit[grant] ?? [])]) if (read(name) !== undefined) reject(400, 'invalid_request', `${where} does not take the "${name}" parameter`);
  checkFixedParams(params, token.params, templateContext(context), where);
  if (token.signing) checkRequestSignature(token.signing, params, context.credentials, undefined, where);
  const clientId = checkClientAuth(request, read, token.grantClientAuth[grant] ?? token.clientAuth, context.credentials, where, {
    audience: context.endpoints[route] ?? '',
    secretHash: token.secretHash,
    params: standardParams(params, token.rename),
  });
  if (!grantType || !(context.manifest.grants as string[]).includes(grant)) reject(400, 'unsupported_grant_type', `${where} does not offer grant_type "${grantType ?? ''}"`);
  // A provider with a separate refresh endpoint takes refresh grants there and nowhere else.
  const separateRefresh = context.manifest.endpoints.refresh !== undefined;
  if (separateRefresh && (route === 'refresh') !== (grantType === 'refresh_token')) {
    reject(400, 'unsupported_grant_type', route === 'refresh' ? `${where} only refreshes tokens` : `${where} does not refresh tokens: use the refresh endpoint`);
  }
  const accept = header(request, 'accept');
  switch (grantType) {
    case 'authorization_code':
      return tokenSuccessReply(context.manifest, ...(await exchangeCode(read, params, clientId, context)), accept);
    case 'refresh_token':
      return tokenSuccessReply(context.manifest, ...(await rotateRefreshToken(read, params, clientId, context)), accept);
    case DEVICE_GRANT_TYPE: {
      const approved = pollDeviceGrant(read, params, clientId, context);
      const openid = approved.scope.split(' ').includes('openid');
      return tokenSuccessReply(context.manifest, ...(await issueTokens(context, { clientId, scope: approved.scope, refresh: context.manifest.grants.includes('refresh_token'), idToken: openid })), accept);
    }
    default:
      checkFixedParams(params, token.grantParams.client_credentials ?? {}, templateContext(context), where);
      return tokenSuccessReply(context.manifest, ...(await issueTokens(context, { clientId, scope: read('scope') ?? '', refresh: false })), accept);
  }
}

/** grant_type, or (for a provider that refuses the parameter) the grant its other parameters imply. */
function grantTypeOf(read: (name: string) => string | undefined, omitted: readonly string[]): string | undefined {
  if (!omitted.includes('grant_type')) return read('grant_type');
  return read('refresh_token') !== undefined ? 'refresh_token' : read('code') !== undefined ? 'authorization_code' : 'client_credentials';
}

/** The request's parameters under their standard names, for a secret hash computed over the grant. */
function standardParams(params: URLSearchParams, rename: Partial<Record<string, string>>): URLSearchParams {
  const standard = new URLSearchParams(params);
  for (const [name, renamed] of Object.entries(rename)) if (renamed && params.has(renamed)) standard.set(name, params.get(renamed)!);
  return standard;
}

type Issued = [standard: Record<string, unknown>, extras: Record<string, unknown>];

async function exchangeCode(read: (name: string) => string | undefined, params: URLSearchParams, clientId: string, context: HandlerContext): Promise<Issued> {
  const value = read('code');
  const code = value ? context.state.codes.get(value) : undefined;
  if (!code || code.expiresAt <= Date.now()) return reject(400, 'invalid_grant', `${WHERE}: unknown or expired authorization code`);
  if (code.used) {
    // RFC 6749 §4.1.2: a replayed code revokes what it already bought.
    for (const issued of code.accessTokens) context.state.tokens.delete(issued);
    return reject(400, 'invalid_grant', `${WHERE}: authorization code already used`);
  }
  // RFC 9449 §10: checked before the code is spent, so a thief without the key cannot burn the real client's code.
  if (code.dpopJkt && code.dpopJkt !== context.dpopJkt) {
    reject(400, 'invalid_dpop_proof', context.dpopJkt ? `${WHERE}: the authorization code is bound to another DPoP key (dpop_jkt)` : `${WHERE}: the authorization code is bound to a DPoP key (dpop_jkt): the request needs a proof signed with it`);
  }
  code.used = true;
  if (code.clientId !== clientId) reject(400, 'invalid_grant', `${WHERE}: code was issued to another client`);
  // token.grantParams may repeat what the callback carried ({{callback.state}}, {{callback.device_id}}).
  checkFixedParams(params, context.manifest.token.grantParams.authorization_code ?? {}, { ...templateContext(context), callback: code.callback }, WHERE);
  // RFC 6749 §4.1.3: redirect_uri must repeat the one the code was issued for.
  // RFC 6749 §4.1.3: redirect_uri must repeat the one the code was issued for (unless the provider takes none).
  const omitted = context.manifest.token.omit.includes('redirect_uri') || (context.manifest.token.grantOmit.authorization_code ?? []).includes('redirect_uri');
  if (!omitted && read('redirect_uri') !== code.redirectUri) reject(400, 'invalid_grant', `${WHERE}: redirect_uri does not match the authorization request`);
  const verifier = read('code_verifier');
  if (code.codeChallenge) {
    if (!verifier || !verifierMatches(verifier, code.codeChallenge, code.codeChallengeMethod ?? 'plain')) reject(400, 'invalid_grant', `${WHERE}: PKCE code_verifier does not match (RFC 7636 §4.6)`);
  } else if (verifier) {
    reject(400, 'invalid_request', `${WHERE}: code_verifier sent for a code issued without code_challenge`);
  }
  const kept = keptCallbackValues(context, code.callback);
  const issued = await issueTokens(context, { clientId, scope: code.scope, refresh: context.manifest.grants.includes('refresh_token'), nonce: code.nonce, idToken: true, redirectUri: code.redirectUri, kept });
  code.accessTokens.push(String(issued[0].access_token));
  return issued;
}

async function rotateRefreshToken(read: (name: string) => string | undefined, params: URLSearchParams, clientId: string, context: HandlerContext): Promise<Issued> {
  const value = read('refresh_token');
  const refresh = context.state.liveToken(value, 'refresh');
  if (!refresh || refresh.clientId !== clientId) return reject(400, 'invalid_grant', `${WHERE}: unknown, revoked or foreign refresh token`);
  const templates = { ...templateContext(context, refresh.response), client: { clientId: context.credentials.clientId, ...(refresh.redirectUri ? { redirectUri: refresh.redirectUri } : {}) } };
  checkFixedParams(params, context.manifest.token.grantParams.refresh_token ?? {}, templates, WHERE);
  // Rotation (RFC 9700 §4.14.2): the old refresh token stops working once used.
  checkRefreshBinding(context, value!, context.dpopJkt);
  context.state.tokens.delete(value!);
  return issueTokens(context, { clientId, scope: read('scope') ?? refresh.scope, refresh: true, idToken: true, redirectUri: refresh.redirectUri, kept: keptCallbackValues(context, refresh.response) });
}

/** authorization.callbackParams the client keeps with its token (QuickBooks' realmId), so `{{token.realmId}}` checks hold. */
function keptCallbackValues(context: HandlerContext, from: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(context.manifest.authorization.callbackParams.filter((name) => from[name] !== undefined).map((name) => [name, from[name]]));
}

async function issueTokens(
  context: HandlerContext,
  grant: { clientId: string; scope: string; refresh: boolean; nonce?: string | undefined; idToken?: boolean; redirectUri?: string | undefined; kept?: Record<string, unknown> },
): Promise<Issued> {
  // profile.jwt from the access token: the token is a JWT naming the user (EVE Online).
  const jwtProfile = context.manifest.profile?.jwt?.from === 'accessToken' ? context.manifest.profile : undefined;
  const accessToken = jwtProfile ? await signProfile(context, buildUserBody(jwtProfile.fields, undefined, jwtProfile.schema, { baseDir: context.baseDir }), jwtProfile.jwt!) : randomToken('at_');
  const standard: Record<string, unknown> = {
    access_token: accessToken,
    token_type: context.dpopJkt ? 'DPoP' : 'Bearer',
    expires_in: context.manifest.token.response.expiresInZeroMeansNever ? 0 : ACCESS_TOKEN_LIFETIME_SECONDS,
    scope: grant.scope || undefined,
  };
  if (grant.refresh) standard.refresh_token = randomToken('rt_');
  if (grant.idToken && context.keys && context.manifest.protocol === 'oidc') standard.id_token = await signIdToken(context, grant.nonce);
  const extras = tokenExtras(context);
  const response = { ...extras, ...grant.kept, ...standard };
  // Fields the client fetches through token.lookup are not in the token answer itself.
  const sent = Object.fromEntries(Object.entries(extras).filter(([name]) => !context.manifest.token.lookup?.fields[name]));
  const expiresAt = standard.expires_in ? Date.now() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000 : undefined;
  const redirect = grant.redirectUri ? { redirectUri: grant.redirectUri } : {};
  context.state.tokens.set(accessToken, { kind: 'access', clientId: grant.clientId, scope: grant.scope, expiresAt, response, ...redirect, ...(grant.nonce ? { nonce: grant.nonce } : {}) });
  if (standard.refresh_token) context.state.tokens.set(String(standard.refresh_token), { kind: 'refresh', clientId: grant.clientId, scope: grant.scope, expiresAt: undefined, response, ...redirect });
  // RFC 9449 §5: a confidential client's refresh token is bound by its client authentication, a public client's by the key.
  if (context.dpopJkt) bindTokens(context, [accessToken, context.manifest.token.clientAuth === 'none' ? (standard.refresh_token as string | undefined) : undefined], context.dpopJkt);
  return [standard, sent];
}

/**
 * Extra token fields: the example of token.response.schema, with the fields the profile reads from the token
 * (`$token.uid`, `{{token.uid}}`) set to the emulated user's id so the profile request can use them.
 */
export function tokenExtras(context: HandlerContext): Record<string, unknown> {
  const { manifest } = context;
  const schema = manifest.token.response.schema;
  const example = schema ? exampleFromSchema(schema, { baseDir: context.baseDir }) : {};
  const extras = (typeof example === 'object' && example && !Array.isArray(example) ? { ...example } : {}) as Record<string, unknown>;
  for (const name of ['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'id_token']) delete extras[name];
  // Hosts the provider names in the token (variables.<name>.from.token): the expected values.
  for (const variable of Object.values(manifest.variables)) {
    if (variable.from && 'token' in variable.from && variable.example !== undefined) setAtPath(extras, variable.from.token, variable.example);
  }
  const profile = manifest.profile;
  if (profile) {
    for (const { field, path } of tokenBorneFields(profile.fields)) setAtPath(extras, path, typedUserValue(field, schema, path, { baseDir: context.baseDir }));
    const wireValues = [
      ...[profile.query, profile.headers, manifest.api.query, manifest.api.headers, ...profile.before.map((s) => s.query), ...profile.after.map((s) => s.query)].flatMap((v) => Object.values(v)),
      // Paths too: `users/{{token.user_id}}` names the user the same way.
      ...[profile.url, ...profile.before.map((s) => s.url), ...profile.after.map((s) => s.url)].filter((url): url is string => url !== undefined),
    ];
    // Wire templates such as `uid: '{{token.uid}}'` name the user: the same id the profile answers.
    for (const name of referencedTokenFields(wireValues)) extras[name] = typedUserValue('id', schema, name, { baseDir: context.baseDir });
  }
  return extras;
}
