// The OAuth 2 token endpoint (RFC 6749 §3.2): enforces token.method, token.encoding, token.headers,
// token.rename, token.params and token.clientAuth, then runs the grant and answers in the manifest's shape.
import { verifierMatches } from './authorize.ts';
import { templateContext, type HandlerContext } from './context.ts';
import { header, type EmulatorRequest, type Reply } from './http-io.ts';
import { tokenBorneFields, typedUserValue } from './identity.ts';
import { signIdToken } from './oidc.ts';
import { randomToken } from './state.ts';
import { referencedTokenFields } from './templates.ts';
import { tokenSuccessReply } from './token-reply.ts';
import { checkClientAuth, checkFixedHeaders, checkFixedParams, readParams, reject, renamedReader } from './wire-checks.ts';
import { exampleFromSchema } from './example-data.ts';

const WHERE = 'token endpoint';
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;

export async function handleToken(request: EmulatorRequest, context: HandlerContext): Promise<Reply> {
  const token = context.manifest.token;
  if (request.method !== token.method) reject(405, 'invalid_request', `${WHERE} expects ${token.method}`);
  // Headers first: a provider that answers by Accept cannot even produce a parsable error without it.
  checkFixedHeaders(request, token.headers, templateContext(context), WHERE, 406);
  const encoding = token.method === 'GET' ? 'query' : token.encoding;
  const params = readParams(request, encoding, WHERE);
  const read = renamedReader(params, token.rename, WHERE);
  checkFixedParams(params, token.params, templateContext(context), WHERE);
  const clientId = checkClientAuth(request, read, token.clientAuth, context.credentials, WHERE);
  const grantType = read('grant_type');
  if (!grantType || !(context.manifest.grants as string[]).includes(grantType)) reject(400, 'unsupported_grant_type', `${WHERE} does not offer grant_type "${grantType ?? ''}"`);
  const accept = header(request, 'accept');
  switch (grantType) {
    case 'authorization_code':
      return tokenSuccessReply(context.manifest, ...(await exchangeCode(read, clientId, context)), accept);
    case 'refresh_token':
      return tokenSuccessReply(context.manifest, ...(await rotateRefreshToken(read, clientId, context)), accept);
    default:
      return tokenSuccessReply(context.manifest, ...(await issueTokens(context, { clientId, scope: read('scope') ?? '', refresh: false })), accept);
  }
}

type Issued = [standard: Record<string, unknown>, extras: Record<string, unknown>];

async function exchangeCode(read: (name: string) => string | undefined, clientId: string, context: HandlerContext): Promise<Issued> {
  const value = read('code');
  const code = value ? context.state.codes.get(value) : undefined;
  if (!code || code.expiresAt <= Date.now()) return reject(400, 'invalid_grant', `${WHERE}: unknown or expired authorization code`);
  if (code.used) {
    // RFC 6749 §4.1.2: a replayed code revokes what it already bought.
    for (const issued of code.accessTokens) context.state.tokens.delete(issued);
    return reject(400, 'invalid_grant', `${WHERE}: authorization code already used`);
  }
  code.used = true;
  if (code.clientId !== clientId) reject(400, 'invalid_grant', `${WHERE}: code was issued to another client`);
  // RFC 6749 §4.1.3: redirect_uri must repeat the one the code was issued for.
  if (read('redirect_uri') !== code.redirectUri) reject(400, 'invalid_grant', `${WHERE}: redirect_uri does not match the authorization request`);
  const verifier = read('code_verifier');
  if (code.codeChallenge) {
    if (!verifier || !verifierMatches(verifier, code.codeChallenge, code.codeChallengeMethod ?? 'plain')) reject(400, 'invalid_grant', `${WHERE}: PKCE code_verifier does not match (RFC 7636 §4.6)`);
  } else if (verifier) {
    reject(400, 'invalid_request', `${WHERE}: code_verifier sent for a code issued without code_challenge`);
  }
  const issued = await issueTokens(context, { clientId, scope: code.scope, refresh: context.manifest.grants.includes('refresh_token'), nonce: code.nonce, idToken: true });
  code.accessTokens.push(String(issued[0].access_token));
  return issued;
}

async function rotateRefreshToken(read: (name: string) => string | undefined, clientId: string, context: HandlerContext): Promise<Issued> {
  const value = read('refresh_token');
  const refresh = context.state.liveToken(value, 'refresh');
  if (!refresh || refresh.clientId !== clientId) return reject(400, 'invalid_grant', `${WHERE}: unknown, revoked or foreign refresh token`);
  // Rotation (RFC 9700 §4.14.2): the old refresh token stops working once used.
  context.state.tokens.delete(value!);
  return issueTokens(context, { clientId, scope: read('scope') ?? refresh.scope, refresh: true, idToken: true });
}

async function issueTokens(context: HandlerContext, grant: { clientId: string; scope: string; refresh: boolean; nonce?: string | undefined; idToken?: boolean }): Promise<Issued> {
  const accessToken = randomToken('at_');
  const standard: Record<string, unknown> = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: context.manifest.token.response.expiresInZeroMeansNever ? 0 : ACCESS_TOKEN_LIFETIME_SECONDS,
    scope: grant.scope || undefined,
  };
  if (grant.refresh) standard.refresh_token = randomToken('rt_');
  if (grant.idToken && context.keys) standard.id_token = await signIdToken(context, grant.nonce);
  const extras = tokenExtras(context);
  const response = { ...extras, ...standard };
  // Fields the client fetches through token.lookup are not in the token answer itself.
  const sent = Object.fromEntries(Object.entries(extras).filter(([name]) => !context.manifest.token.lookup?.fields[name]));
  const expiresAt = standard.expires_in ? Date.now() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000 : undefined;
  context.state.tokens.set(accessToken, { kind: 'access', clientId: grant.clientId, scope: grant.scope, expiresAt, response, ...(grant.nonce ? { nonce: grant.nonce } : {}) });
  if (standard.refresh_token) context.state.tokens.set(String(standard.refresh_token), { kind: 'refresh', clientId: grant.clientId, scope: grant.scope, expiresAt: undefined, response });
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
  const profile = manifest.profile;
  if (profile) {
    for (const { field, path } of tokenBorneFields(profile.fields)) extras[path] = typedUserValue(field, schema, path, { baseDir: context.baseDir });
    const wireValues = [profile.query, profile.headers, manifest.api.query, manifest.api.headers, ...profile.before.map((s) => s.query), ...profile.after.map((s) => s.query)].flatMap((v) => Object.values(v));
    // Wire templates such as `uid: '{{token.uid}}'` name the user: the same id the profile answers.
    for (const name of referencedTokenFields(wireValues)) extras[name] = typedUserValue('id', schema, name, { baseDir: context.baseDir });
  }
  return extras;
}
