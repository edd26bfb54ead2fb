// Providers that want the client secret as a short-lived JWT signed with the app's private key (the shape of
// RFC 7523 §2.2 client assertions). Made on demand, reused until near expiry.
import { type ClientContext, envName, templateScope } from '../context.ts';
import { ConfigError } from '../errors.ts';
import { fillTemplate } from '../util/template.ts';

const REUSE_MARGIN_SECONDS = 30;
const issued = new WeakMap<ClientContext, { secret: string; expiresAt: number }>();

/** The context to authenticate with: unchanged, or with its clientSecret replaced by a fresh signed JWT. */
export async function withClientSecret(context: ClientContext): Promise<ClientContext> {
  const spec = context.manifest.token.clientSecretJwt;
  if (!spec) return context;
  const now = Math.floor(Date.now() / 1000);
  const cached = issued.get(context);
  if (cached && cached.expiresAt - REUSE_MARGIN_SECONDS > now) return { ...context, clientSecret: cached.secret };
  if (!context.privateKey) {
    throw new ConfigError('MISSING_CREDENTIALS', `${context.manifest.id} signs its client secret: pass privateKey or set ${envName(context.manifest.id, 'PRIVATE_KEY')}`);
  }
  // jose is loaded only by the manifests that sign their secret.
  const { importPKCS8, SignJWT } = await import('jose');
  let key: CryptoKey;
  try {
    key = await importPKCS8(context.privateKey, spec.algorithm);
  } catch {
    throw new ConfigError('CONFIG_INVALID', `${context.manifest.id}: privateKey is not a PKCS #8 PEM key for ${spec.algorithm}`);
  }
  const scope = templateScope(context);
  const keyId = spec.keyId ? fillTemplate(spec.keyId, scope, 'token.clientSecretJwt.keyId') : undefined;
  const expiresAt = now + spec.lifetimeSeconds;
  const secret = await new SignJWT({})
    .setProtectedHeader({ alg: spec.algorithm, ...(keyId ? { kid: keyId } : {}) })
    .setIssuer(fillTemplate(spec.issuer, scope, 'token.clientSecretJwt.issuer'))
    .setAudience(fillTemplate(spec.audience, scope, 'token.clientSecretJwt.audience'))
    .setSubject(context.clientId)
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .sign(key);
  issued.set(context, { secret, expiresAt });
  return { ...context, clientSecret: secret };
}
