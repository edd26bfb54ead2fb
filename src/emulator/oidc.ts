// OpenID Connect: discovery (OIDC Discovery §4), the JWKS, id_tokens signed with a key generated at start
// and carrying the nonce of the authorization request (OIDC Core §2, §3.1.3.7), and userinfo (§5.3).
import { SignJWT, type JWK, type CryptoKey } from 'jose';
import { signingKey } from './keys.ts';
import { templateContext, type HandlerContext } from './context.ts';
import { renderExpected } from './templates.ts';
import { json, type Reply } from './http-io.ts';
import { buildUserBody, EMULATED_USER } from './identity.ts';
import { dpopMetadata } from './dpop.ts';
import { DEVICE_GRANT_TYPE } from '../oauth2/device-wire.ts';

export interface OidcKeys {
  alg: string;
  kid: string;
  /** The signing key: a private key, or for HS256 the client secret's bytes. */
  privateKey: CryptoKey | Uint8Array;
  /** Published in the JWKS; none for HS256, which the client checks with its own secret. */
  publicJwk: JWK | undefined;
}

const SIGNABLE = ['RS256', 'PS256', 'ES256', 'ES384', 'RS384', 'RS512', 'EdDSA'];
const ID_TOKEN_LIFETIME_SECONDS = 600;

export async function createOidcKeys(algorithms: readonly string[], clientSecret: string): Promise<OidcKeys> {
  // A provider that signs only with HS256 (LINE) keys the signature with the client secret (OIDC Core §10.1).
  if (!algorithms.some((a) => SIGNABLE.includes(a)) && algorithms.includes('HS256')) {
    return { alg: 'HS256', kid: 'emulator-hs256', privateKey: new TextEncoder().encode(clientSecret), publicJwk: undefined };
  }
  const alg = algorithms.find((a) => SIGNABLE.includes(a)) ?? 'RS256';
  const { privateKey, publicJwk } = await signingKey(alg);
  const kid = `emulator-${alg.toLowerCase()}`;
  return { alg, kid, privateKey, publicJwk: { ...publicJwk, kid, alg, use: 'sig' } };
}

export function issuerOf(context: HandlerContext): string {
  return context.endpoints.issuer!;
}

export async function signIdToken(context: HandlerContext, nonce: string | undefined): Promise<string> {
  const keys = context.keys!;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...userClaims(), ...(nonce ? { nonce } : {}), auth_time: now })
    .setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: 'JWT' })
    .setIssuer(issuerOf(context))
    .setSubject(EMULATED_USER.id)
    .setAudience(context.credentials.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + ID_TOKEN_LIFETIME_SECONDS)
    .sign(keys.privateKey);
}

function userClaims(): Record<string, unknown> {
  return {
    sub: EMULATED_USER.id,
    name: EMULATED_USER.name,
    preferred_username: EMULATED_USER.username,
    email: EMULATED_USER.email,
    email_verified: true,
    picture: EMULATED_USER.avatar,
  };
}

export function discoveryDocument(context: HandlerContext): Reply {
  const e = context.endpoints;
  const authorization = context.manifest.authorization;
  return json(200, {
    issuer: issuerOf(context),
    authorization_endpoint: e.authorize,
    token_endpoint: e.token,
    jwks_uri: e.issuer ? `${e.issuer}/jwks` : undefined,
    ...(e.userinfo ? { userinfo_endpoint: e.userinfo } : {}),
    ...(e.revoke ? { revocation_endpoint: e.revoke } : {}),
    ...(e.deviceAuthorization ? { device_authorization_endpoint: e.deviceAuthorization } : {}),
    ...(e.pushedAuthorization ? { pushed_authorization_request_endpoint: e.pushedAuthorization, require_pushed_authorization_requests: authorization.par === 'required' } : {}),
    ...dpopMetadata(context),
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [context.keys?.alg ?? 'RS256'],
    scopes_supported: ['openid', 'email', 'profile', ...authorization.scope.default],
    // RFC 8414 §2 names grants as on the wire: the device grant by its URN.
    grant_types_supported: context.manifest.grants.map((grant) => (grant === 'device_code' ? DEVICE_GRANT_TYPE : grant)),
    code_challenge_methods_supported: authorization.pkce === 'unsupported' ? [] : [authorization.pkceMethod],
    token_endpoint_auth_methods_supported: [context.manifest.token.clientAuth === 'post' ? 'client_secret_post' : 'client_secret_basic'],
  });
}

/** A signed profile (profile.jwt): the user's claims, issued by the provider for this client, valid ten minutes. */
export async function signProfile(context: HandlerContext, claims: Record<string, unknown>, spec: NonNullable<NonNullable<HandlerContext['manifest']['profile']>['jwt']>): Promise<string> {
  const keys = context.keys!;
  const templates = templateContext(context);
  const issuer = (spec.issuer ? renderExpected(spec.issuer, templates) : undefined) ?? (context.manifest.protocol === 'oidc' ? issuerOf(context) : undefined);
  const audience = (spec.audience ? renderExpected(spec.audience, templates) : undefined) ?? context.credentials.clientId;
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: 'JWT' }).setSubject(String(claims.sub ?? EMULATED_USER.id)).setAudience(audience).setIssuedAt(now).setExpirationTime(now + ID_TOKEN_LIFETIME_SECONDS);
  return (issuer ? jwt.setIssuer(issuer) : jwt).sign(keys.privateKey);
}

export function jwks(context: HandlerContext): Reply {
  return json(200, { keys: context.keys?.publicJwk ? [context.keys.publicJwk] : [] });
}

/** Userinfo: the standard claims, plus the manifest's profile schema example with the user's values in place. */
export function userinfoBody(context: HandlerContext): Record<string, unknown> {
  const profile = context.manifest.profile;
  const body = profile ? buildUserBody(profile.fields, undefined, profile.schema, { baseDir: context.baseDir }) : {};
  return { ...body, ...userClaims() };
}
