// How the client proves who it is at the token (and revocation) endpoint: RFC 6749 §2.3.1 (HTTP Basic or the
// secret in the body), RFC 7523 §2.2 client assertions (private_key_jwt, client_secret_jwt), none for public
// clients, or a hash over the secret and the grant for providers that never take the secret itself.
import { createHash, randomUUID } from 'node:crypto';
import { type ClientContext, envName, requireSecret, templateScope } from '../context.ts';
import { ConfigError } from '../errors.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import { fillTemplate } from '../util/template.ts';

export type ClientAuthMethod = ProviderManifest['token']['clientAuth'];

/** What authentication adds to a token request: a header, body parameters, or both. */
export interface ClientAuthentication {
  authorization?: string;
  params: Record<string, string>;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/** The credentials for one request to `url`, carrying `grant` (whose values a secret hash may read). */
export async function authenticateClient(context: ClientContext, method: ClientAuthMethod, url: string, grant: Record<string, string | undefined>): Promise<ClientAuthentication> {
  switch (method) {
    case 'basic':
      return { authorization: basicAuthorization(context.clientId, requireSecret(context)), params: {} };
    case 'basic_and_client_id':
      return { authorization: basicAuthorization(context.clientId, requireSecret(context)), params: { client_id: context.clientId } };
    case 'post':
      return { params: { client_id: context.clientId, client_secret: requireSecret(context) } };
    case 'none':
      return { params: { client_id: context.clientId } };
    case 'private_key_jwt':
    case 'client_secret_jwt':
      return { params: { client_id: context.clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: await clientAssertion(context, method, url) } };
    case 'secret_hash':
      return { params: { client_id: context.clientId, ...secretHash(context, grant) } };
  }
}

/** RFC 7523 §3: iss and sub are the client id, aud the endpoint, a unique jti, a short expiry. */
async function clientAssertion(context: ClientContext, method: 'private_key_jwt' | 'client_secret_jwt', url: string): Promise<string> {
  const spec = context.manifest.token.clientAssertion;
  const algorithm = spec?.algorithm ?? (method === 'private_key_jwt' ? 'RS256' : 'HS256');
  const { importPKCS8, SignJWT } = await import('jose');
  let key: CryptoKey | Uint8Array;
  if (method === 'client_secret_jwt') {
    if (algorithm !== 'HS256') throw new ConfigError('CONFIG_INVALID', `${context.manifest.id}: client_secret_jwt signs with HS256, not ${algorithm}`);
    key = new TextEncoder().encode(requireSecret(context));
  } else {
    if (!context.privateKey) throw new ConfigError('MISSING_CREDENTIALS', `${context.manifest.id} signs client assertions: pass privateKey or set ${envName(context.manifest.id, 'PRIVATE_KEY')}`);
    try {
      key = await importPKCS8(context.privateKey, algorithm);
    } catch {
      throw new ConfigError('CONFIG_INVALID', `${context.manifest.id}: privateKey is not a PKCS #8 PEM key for ${algorithm}`);
    }
  }
  const scope = templateScope(context);
  const keyId = spec?.keyId ? fillTemplate(spec.keyId, scope, 'token.clientAssertion.keyId') : undefined;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: algorithm, typ: 'JWT', ...(keyId ? { kid: keyId } : {}) })
    .setIssuer(context.clientId)
    .setSubject(context.clientId)
    .setAudience(spec?.audience ? fillTemplate(spec.audience, scope, 'token.clientAssertion.audience') : url)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + (spec?.lifetimeSeconds ?? 60))
    .sign(key);
}

/** token.secretHash: the digest of its input template, which alone may read the client secret. */
function secretHash(context: ClientContext, grant: Record<string, string | undefined>): Record<string, string> {
  const spec = context.manifest.token.secretHash!;
  const grantType = grant.grant_type ?? 'authorization_code';
  const input = typeof spec.input === 'string' ? spec.input : spec.input[grantType as keyof typeof spec.input];
  if (input === undefined) throw new ConfigError('UNSUPPORTED', `${context.manifest.id}: token.secretHash has no input for the ${grantType} grant`);
  const scope = { ...templateScope(context), client: { clientId: context.clientId, secret: requireSecret(context) }, grant };
  // The filled input holds the secret: it is hashed here and never kept or shown.
  const digest = createHash(spec.algorithm).update(fillTemplate(input, scope, 'token.secretHash.input')).digest(spec.encoding);
  return { [spec.param]: digest };
}
