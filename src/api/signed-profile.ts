// Profiles that come as a signed JWT (profile.jwt): a userinfo answer signed by the provider (BankID), or the
// access token itself when it is a JWT naming the user (EVE Online). The signature, issuer, audience and
// expiry are checked with the provider's keys before any claim is read as the user.
import type { ClientContext } from '../context.ts';
import { templateScope } from '../context.ts';
import { ResponseError } from '../errors.ts';
import { discover } from '../lazy.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import { fillTemplate } from '../util/template.ts';

type ProfileJwtSpec = NonNullable<NonNullable<ProviderManifest['profile']>['jwt']>;

export async function verifiedProfileClaims(context: ClientContext, jwt: unknown, spec: ProfileJwtSpec): Promise<Record<string, unknown>> {
  const where = spec.from === 'accessToken' ? 'the access token' : `${context.manifest.name}'s profile answer`;
  if (typeof jwt !== 'string' || jwt.split('.').length !== 3) throw new ResponseError('UNEXPECTED_RESPONSE', `${where} is not a JWT`);
  const jwksUri = context.endpoints.jwks ?? (context.manifest.protocol === 'oidc' ? (await discover(context)).jwks_uri : undefined);
  if (!jwksUri) throw new ResponseError('UNEXPECTED_RESPONSE', `${context.manifest.id} has no JWKS to verify ${where} with`);
  const scope = templateScope(context);
  const issuer = spec.issuer ? fillTemplate(spec.issuer, scope, 'profile.jwt.issuer') : (context.issuer ?? context.manifest.oidc?.issuer);
  const audience = spec.audience ? fillTemplate(spec.audience, scope, 'profile.jwt.audience') : context.clientId;
  const { verifyWithRefetch } = await import('../oidc/id-token.ts');
  try {
    const payload = await verifyWithRefetch(context, jwt, jwksUri, { algorithms: spec.algorithms, audience, ...(issuer ? { issuer } : {}), requiredClaims: ['sub', 'exp'], clockTolerance: 30 });
    return payload as Record<string, unknown>;
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    throw new ResponseError('UNEXPECTED_RESPONSE', `${where} did not verify as ${context.manifest.name}'s signed profile (${typeof code === 'string' ? code : 'invalid'})`);
  }
}
