// The signed-in user's profile: optional `before` requests that feed the main one (a two-step lookup), the main
// request, optional `after` requests that fill gaps (an email listed elsewhere), then the manifest's field map.
import type { ClientContext } from '../context.ts';
import { requireSecret, templateScope } from '../context.ts';
import { ResponseError } from '../errors.ts';
import type { ProfileRequestSpec } from '../manifest/schema.ts';
import type { NormalizedProfile, TokenSet } from '../types.ts';
import { isBlank, readPath } from '../util/path.ts';
import { fillParams, fillPathTemplate, type TemplateScope } from '../util/template.ts';
import { apiRequest, type RequestSigner, tokenFields } from './request.ts';

type FieldName = 'id' | 'username' | 'name' | 'email' | 'avatar' | 'emailVerified';
type FieldMap = Partial<Record<FieldName, string | string[]>>;

/** Standard claims (OIDC Core §5.1) for providers whose profile is their userinfo or id_token. */
const OIDC_FIELDS: FieldMap = { id: 'sub', username: 'preferred_username', name: 'name', email: 'email', avatar: 'picture', emailVerified: 'email_verified' };

export interface ProfileSource {
  /** URL of the userinfo endpoint, for OIDC manifests without profile.url. */
  userinfoUrl?: string | undefined;
  signer?: RequestSigner | undefined;
}

export async function fetchProfile(context: ClientContext, token: TokenSet, source: ProfileSource): Promise<NormalizedProfile> {
  const spec = context.manifest.profile;
  const steps: Record<string, unknown> = {};
  for (const step of spec?.before ?? []) {
    steps[step.name] = await runStep(context, token, step, steps, source.signer);
  }
  const url = spec?.url ?? source.userinfoUrl;
  let user: unknown;
  if (spec?.jwt?.from === 'accessToken') {
    // The access token is the signed profile: no request.
    user = await verifiedClaims(context, token.accessToken, spec.jwt);
  } else if (url) {
    const scope = templateScope(context, tokenFields(token), steps);
    const response = await apiRequest(
      context,
      spec?.method ?? 'GET',
      fillPathTemplate(url, scope, 'profile.url'),
      {
        token,
        query: fillParams(spec?.query ?? {}, scope, 'profile.query'),
        headers: fillParams(spec?.headers ?? {}, scope, 'profile.headers'),
        ...requestBody(spec?.body, spec?.bodyEncoding, scope, 'profile.body', spec?.clientAuth ? clientCredentials(context) : undefined),
        // A signed profile is the JWT's text, whatever its Content-Type says.
        ...(spec?.jwt ? { contentType: 'text' as const } : spec?.contentType ? { contentType: spec.contentType } : {}),
      },
      source.signer,
    );
    const data = spec?.jwt ? await verifiedClaims(context, typeof response.data === 'string' ? response.data.trim() : response.data, spec.jwt) : response.data;
    user = spec?.unwrap ? readPath(data, spec.unwrap) : data;
  } else if (token.claims) {
    user = token.claims;
  } else {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${context.manifest.id} has no profile endpoint and the token carries no id_token claims`);
  }

  const fields: FieldMap = spec?.fields ?? OIDC_FIELDS;
  const sources = () => ({ user, steps, token: tokenFields(token) });
  const profile = pickFields(fields, sources());
  for (const step of spec?.after ?? []) {
    if (step.ifMissing && !isBlank(profile[step.ifMissing])) continue;
    steps[step.name] = await runStep(context, token, step, steps, source.signer);
    Object.assign(profile, pickFields(fields, sources()));
  }
  if (isBlank(profile.id)) {
    throw new ResponseError('UNEXPECTED_RESPONSE', `${context.manifest.name} profile has no user id at ${JSON.stringify(fields.id)}`);
  }
  const id = String(profile.id);
  const emailVerified = readFlag(profile.emailVerified);
  return {
    provider: context.manifest.id,
    id,
    socialId: `${context.manifest.id}$${id}`,
    ...withoutBlanks({ username: profile.username, name: profile.name, email: profile.email, avatar: profile.avatar }),
    ...(emailVerified === undefined ? {} : { emailVerified }),
    raw: user,
  };
}

async function runStep(context: ClientContext, token: TokenSet, step: ProfileRequestSpec, steps: Record<string, unknown>, signer?: RequestSigner) {
  const scope = templateScope(context, tokenFields(token), steps);
  try {
    const response = await apiRequest(
      context,
      step.method,
      fillPathTemplate(step.url, scope, `profile.${step.name}.url`),
      {
        token,
        query: fillParams(step.query, scope, `profile.${step.name}.query`),
        headers: fillParams(step.headers, scope, `profile.${step.name}.headers`),
        ...requestBody(step.body, step.bodyEncoding, scope, `profile.${step.name}.body`),
        ...(step.contentType ? { contentType: step.contentType } : {}),
      },
      signer,
    );
    return step.unwrap ? readPath(response.data, step.unwrap) : response.data;
  } catch (error) {
    if (step.optional) return undefined;
    throw error;
  }
}

/** profile.body: a JSON body (a GraphQL query) or a form, its values filled from the token and steps. */
function requestBody(body: Record<string, string | number | boolean> | undefined, encoding: 'json' | 'form' | undefined, scope: TemplateScope, where: string, credentials?: Record<string, string>) {
  if (!body && !credentials) return {};
  const filled = { ...fillParams(body ?? {}, scope, where), ...credentials };
  return encoding === 'form' || credentials ? { form: filled } : { json: filled };
}

/** profile.clientAuth: the client's own credentials, as an RFC 7662 introspection call wants them (§2.1). */
function clientCredentials(context: ClientContext): Record<string, string> {
  return { client_id: context.clientId, client_secret: requireSecret(context) };
}

async function verifiedClaims(context: ClientContext, jwt: unknown, spec: NonNullable<NonNullable<ClientContext['manifest']['profile']>['jwt']>): Promise<Record<string, unknown>> {
  return (await import('./signed-profile.ts')).verifiedProfileClaims(context, jwt, spec);
}

/**
 * Reads each field; `$name.path` reads a step's answer, `$token.path` the token, `$callback.path` a value the
 * callback carried (a JSON one read as JSON: Apple's first-login `user`), anything else the user object.
 */
function pickFields(fields: FieldMap, sources: { user: unknown; steps: Record<string, unknown>; token: unknown }) {
  const picked: Partial<Record<FieldName, string>> = {};
  for (const [field, paths] of Object.entries(fields) as [FieldName, string | string[]][]) {
    for (const path of Array.isArray(paths) ? paths : [paths]) {
      const value = readSource(path, sources);
      if (!isBlank(value) && typeof value !== 'object') {
        picked[field] = String(value);
        break;
      }
    }
  }
  return picked;
}

function readSource(path: string, sources: { user: unknown; steps: Record<string, unknown>; token: unknown }): unknown {
  if (!path.startsWith('$')) return readPath(sources.user, path);
  const [, name, rest] = /^\$([\w]+)\.?(.*)$/.exec(path) ?? [];
  if (name === 'callback') return callbackValue(sources.token, rest ?? '');
  const root = name === 'token' ? sources.token : sources.steps[name ?? ''];
  return rest ? readPath(root, rest) : root;
}

/** Providers say "verified" as a boolean, a string or a 0/1 flag; anything else says nothing. */
function readFlag(value: string | undefined): boolean | undefined {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return undefined;
}

/** `$callback.user.name.firstName`: the kept callback value `user`, parsed when it is JSON, then the path. */
function callbackValue(token: unknown, path: string): unknown {
  const [first, ...rest] = path.split('.');
  const kept = (token as Record<string, unknown> | undefined)?.[first ?? ''];
  let value: unknown = kept;
  if (typeof kept === 'string' && /^\s*[{[]/.test(kept)) {
    try {
      value = JSON.parse(kept);
    } catch {
      return undefined;
    }
  }
  return rest.length ? readPath(value, rest.join('.')) : value;
}

function withoutBlanks<T extends Record<string, string | undefined>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => !isBlank(v))) as Partial<T>;
}
