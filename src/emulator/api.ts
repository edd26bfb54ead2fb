// The provider's API as the manifest describes it: the profile request with its before/after requests, every
// operation, and userinfo. Each call must carry the token the way api.auth says (or an OAuth 1 signature),
// plus api.headers, api.query and the request's own templated query; answers are schema examples that hold
// the emulated user where the profile `fields` map reads them.
import type { ContentTypeName, OperationSpec, ProfileRequestSpec, ProviderManifest } from '../manifest/schema.ts';
import { templateContext, type HandlerContext } from './context.ts';
import type { TemplateContext } from './templates.ts';
import { exampleFromSchema } from './example-data.ts';
import { getAtPath, setAtPath } from './field-path.ts';
import { header, json, type EmulatorRequest, type Reply } from './http-io.ts';
import { buildUserBody, placeValues } from './identity.ts';
import { checkSigned } from './oauth1.ts';
import { signProfile, userinfoBody } from './oidc.ts';
import { checkRequestSignature } from './signing.ts';
import type { IssuedToken } from './state.ts';
import { stepBodies, withStepValues, type StepRoute } from './step-answers.ts';
import { formattedReply } from './token-reply.ts';
import { checkClientAuth, checkFixedHeaders, checkFixedParams, reject } from './wire-checks.ts';
import { dpopPresentedToken, isBound } from './dpop.ts';

type Route =
  | { kind: 'profile'; method: string; path: string }
  | { kind: 'before' | 'after'; method: string; path: string; step: ProfileRequestSpec }
  | { kind: 'operation'; method: string; path: string; operation: OperationSpec }
  | { kind: 'lookup'; method: string; path: string; lookup: TokenLookup };

type TokenLookup = NonNullable<ProviderManifest['token']['lookup']>;

function routesOf(manifest: ProviderManifest): Route[] {
  const routes: Route[] = [];
  const lookup = manifest.token.lookup;
  if (lookup) routes.push({ kind: 'lookup', method: lookup.method, path: lookup.url, lookup });
  const profile = manifest.profile;
  if (profile?.url) routes.push({ kind: 'profile', method: profile.method, path: profile.url });
  for (const step of profile?.before ?? []) routes.push({ kind: 'before', method: step.method, path: step.url, step });
  for (const step of profile?.after ?? []) routes.push({ kind: 'after', method: step.method, path: step.url, step });
  for (const operation of Object.values(manifest.operations)) routes.push({ kind: 'operation', method: operation.method, path: operation.path, operation });
  return routes;
}

/** Compares a request path with a manifest API path (relative, or absolute under endpoints.api). */
function pathMatches(manifest: ProviderManifest, pattern: string, apiPath: string): Record<string, string> | undefined {
  let relative = pattern;
  const base = manifest.endpoints.api;
  // Another host's URL is compared by its path (taken as written: URL parsing would encode the placeholders).
  if (/^https?:\/\//.test(relative)) relative = base && relative.startsWith(base) ? relative.slice(base.length) : relative.replace(/^https?:\/\/[^/?#]+/, '');
  relative = relative.replace(/^\//, '').split('?')[0]!;
  const names: string[] = [];
  // `{param}` (an operation's path parameter) and `{{token.user_id}}` (a token field) each fill one segment.
  const source = relative
    .split(/(\{\{\s*[a-zA-Z]+\.[^}\s]+\s*\}\}|\{[a-zA-Z_][a-zA-Z0-9_]*\})/)
    .map((part, index) => {
      if (index % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.startsWith('{{') ? `$${part.replace(/[{}\s]/g, '')}` : part.slice(1, -1));
      return '([^/]+)';
    })
    .join('');
  const match = new RegExp(`^${source}$`).exec(apiPath);
  if (!match) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
}

/** A path segment filled from `{{token.x}}` must name what this token holds: the signed-in user's own resource. */
function checkTokenSegments(segments: Record<string, string>, token: IssuedToken): void {
  for (const [name, value] of Object.entries(segments)) {
    if (!name.startsWith('$token.')) continue;
    const expected = getAtPath(token.response, name.slice('$token.'.length));
    if (String(expected) !== value) reject(404, 'not_found', `API: the path segment for {{${name.slice(1)}}} is not this token's value`);
  }
}

export async function handleApi(request: EmulatorRequest, apiPath: string, context: HandlerContext): Promise<Reply> {
  const { manifest } = context;
  const candidates = routesOf(manifest).filter((route) => pathMatches(manifest, route.path, apiPath) && route.method === request.method);
  if (!candidates.length) return json(404, { error: 'not_found', error_description: `no ${request.method} /${apiPath} in the ${manifest.id} manifest` });
  const token = await authenticate(request, context);
  if (manifest.api.signing) {
    const signed = new URLSearchParams([...new URLSearchParams(request.rawQuery), ...(request.contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(request.rawBody) : [])]);
    checkRequestSignature(manifest.api.signing, signed, context.credentials, token.response, 'API');
  }
  for (const candidate of candidates) checkTokenSegments(pathMatches(manifest, candidate.path, apiPath)!, token);
  const query = new URLSearchParams(request.rawQuery);
  const context2 = templateContext(context, token.response, stepBodies(manifest));
  // An operation may share the profile's path (users/show, verify_credentials, me): a request without the
  // profile's own query parameters, or with other values for its fixed ones, is that operation call.
  const looksLikeProfile = Object.entries(manifest.profile?.query ?? {}).every(
    ([name, value]) => query.has(name) && (String(value).includes('{{') || query.get(name) === String(value)),
  );
  // An operation that declares its response answers from that schema, also when a profile step shares its
  // path (the step's reader then finds the user in it too).
  const operation = candidates.find((r) => r.kind === 'operation' && r.operation.response !== undefined);
  // token.lookup answers its own fields, also when an operation shares its URL (Atlassian's accessible-resources).
  const lookup = candidates.find((r) => r.kind === 'lookup');
  const route = lookup || (looksLikeProfile && candidates.find((r) => r.kind === 'profile')) || operation || candidates.find((r) => r.kind !== 'profile') || candidates[0]!;
  // The token lookup comes before the fields api.query needs, so it carries only the token.
  if (route.kind !== 'lookup') {
    checkFixedParams(query, manifest.api.query, context2, 'API');
    checkFixedHeaders(request, manifest.api.headers, context2, 'API');
    checkTransforms(request, manifest);
  }
  const callback = query.get('callback') ?? undefined;
  switch (route.kind) {
    case 'profile': {
      const profile = manifest.profile!;
      checkFixedParams(query, profile.query, context2, 'profile request');
      checkFixedHeaders(request, profile.headers, context2, 'profile request');
      checkBody(request, profile.body, profile.clientAuth ? 'form' : profile.bodyEncoding, context2, 'profile request');
      if (profile.clientAuth) {
        const form = new URLSearchParams(request.rawBody);
        checkClientAuth(request, (name) => form.get(name) ?? undefined, 'post', context.credentials, 'profile request');
      }
      const body = wrap(buildUserBody(profile.fields, undefined, profile.schema, { baseDir: context.baseDir }), profile.unwrap);
      // profile.jwt: the provider signs the answer; clients must verify it before reading a claim.
      if (profile.jwt) return signedAnswer(await signProfile(context, body, profile.jwt));
      return answer(body, profile.contentType ?? manifest.api.contentType, callback);
    }
    case 'before':
    case 'after': {
      checkBody(request, route.step.body, route.step.bodyEncoding, context2, `profile step ${route.step.name}`);
      checkFixedParams(query, route.step.query, context2, `profile step ${route.step.name}`);
      checkFixedHeaders(request, route.step.headers, context2, `profile step ${route.step.name}`);
      const body = withStepValues(undefined, route, manifest, undefined, {});
      return answer(body as Record<string, unknown>, route.step.contentType ?? manifest.api.contentType, callback);
    }
    case 'lookup':
      return answerLookup(route.lookup, token, query, context2, manifest);
    case 'operation': {
      const path = pathMatches(manifest, route.path, apiPath)!;
      const bodyParams = request.contentType === 'application/json' ? Object.keys(safeJson(request.rawBody)) : [...new URLSearchParams(request.rawBody).keys()];
      for (const [name, param] of Object.entries(route.operation.params)) {
        const present = param.in === 'path' ? Boolean(path[name]) : param.in === 'body' ? bodyParams.includes(name) : query.has(name);
        if (param.required && !present) reject(400, 'invalid_request', `operation needs the ${param.in} parameter "${name}"`);
      }
      const { response } = route.operation;
      const options = { baseDir: context.baseDir };
      let example = response ? exampleFromSchema(response, options) : {};
      for (const step of candidates.filter((r): r is Route & StepRoute => r.kind === 'before' || r.kind === 'after')) {
        example = withStepValues(example, step, manifest, response, options);
      }
      return answer((typeof example === 'object' && example !== null ? example : { value: example }) as Record<string, unknown>, manifest.api.contentType, callback);
    }
  }
}

/** token.lookup: answers the fields the client adds to its token, with the values issued with the token. */
function answerLookup(lookup: TokenLookup, token: IssuedToken, query: URLSearchParams, context: TemplateContext, manifest: ProviderManifest): Reply {
  checkFixedParams(query, lookup.query, context, 'token lookup');
  // A path that starts with an index (`[0].id`) reads a list: the answer is one.
  const body = placeValues(undefined, Object.entries(lookup.fields).map(([field, path]) => [path, token.response[field]] as [string, unknown]));
  return answer(body as Record<string, unknown>, lookup.contentType ?? manifest.api.contentType, query.get('callback') ?? undefined);
}

export async function handleUserinfo(request: EmulatorRequest, context: HandlerContext): Promise<Reply> {
  await authenticate(request, context);
  // A provider that signs its userinfo (profile.jwt): the claims as a JWT.
  const jwt = context.manifest.profile?.jwt;
  if (jwt?.from === 'response') return signedAnswer(await signProfile(context, userinfoBody(context), jwt));
  return json(200, userinfoBody(context));
}

/** The token must arrive exactly where api.auth puts it (RFC 6750 §2 by default); OAuth 1 calls are signed. */
async function authenticate(request: EmulatorRequest, context: HandlerContext): Promise<IssuedToken> {
  const { manifest } = context;
  if (manifest.protocol === 'oauth1') {
    const params = checkSigned(request, context, 'API', (token) => context.state.liveToken(token, 'access')?.secret);
    return context.state.liveToken(params.get('oauth_token'), 'access')!;
  }
  // RFC 9449 §7.1: `Authorization: DPoP <token>` with a proof of the key the token is bound to.
  const bound = await dpopPresentedToken(request, context, (value) => context.state.liveToken(value, 'access') !== undefined);
  if (bound !== undefined) return context.state.liveToken(bound, 'access')!;
  const auth = manifest.api.auth;
  let presented: string | undefined;
  if (auth.in === 'header') {
    const value = header(request, auth.name ?? 'Authorization');
    if (value === undefined) return reject(401, 'invalid_token', `API expects the token in the ${auth.name ?? 'Authorization'} header`);
    if (auth.scheme) {
      const [scheme, ...rest] = value.split(' ');
      if (scheme?.toLowerCase() !== auth.scheme.toLowerCase()) reject(401, 'invalid_token', `API expects the "${auth.scheme}" scheme`);
      presented = rest.join(' ');
    } else presented = value;
  } else {
    const source = auth.in === 'query' ? new URLSearchParams(request.rawQuery) : new URLSearchParams(request.rawBody);
    presented = source.get(auth.name ?? 'access_token') ?? undefined;
    if (!presented) reject(401, 'invalid_token', `API expects the token in the ${auth.in} parameter ${auth.name ?? 'access_token'}`);
  }
  const token = context.state.liveToken(presented, 'access');
  if (!token) return reject(401, 'invalid_token', 'API: unknown, expired or revoked access token');
  // A stolen bound token is worth nothing as a bearer token: that is the point of binding it.
  if (isBound(context, presented)) reject(401, 'invalid_token', 'API: this token is DPoP-bound; present it with the DPoP scheme and a proof (RFC 9449 §7.1)');
  return token;
}

/** Declarative api.transforms: `set` headers must arrive with their value, `remove`d ones must not arrive. */
function checkTransforms(request: EmulatorRequest, manifest: ProviderManifest): void {
  for (const transform of manifest.api.transforms) {
    const received = header(request, transform.header);
    if ('set' in transform && received !== transform.set) reject(400, 'invalid_request', `API expects the ${transform.header} header set by api.transforms`);
    if ('remove' in transform && received !== undefined) reject(400, 'invalid_request', `API expects no ${transform.header} header`);
  }
}

/** profile.body: every parameter the manifest names must arrive, with its value, in the body it names. */
function checkBody(request: EmulatorRequest, body: Record<string, string | number | boolean> | undefined, encoding: 'json' | 'form', context: TemplateContext, where: string): void {
  if (!body) return;
  const wanted = encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
  if (request.contentType !== wanted) reject(400, 'invalid_request', `${where} expects a ${wanted} body, got "${request.contentType || 'none'}"`);
  const received = encoding === 'form' ? new URLSearchParams(request.rawBody) : new URLSearchParams(Object.entries(safeJson(request.rawBody)).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]));
  checkFixedParams(received, body, context, where);
}

function signedAnswer(jwt: string): Reply {
  return { status: 200, headers: { 'content-type': 'application/jwt', 'cache-control': 'no-store' }, body: jwt };
}

function wrap(body: Record<string, unknown>, unwrap: string | undefined): Record<string, unknown> {
  if (!unwrap) return body;
  const outer: Record<string, unknown> = {};
  setAtPath(outer, unwrap, body);
  return outer;
}

function answer(body: Record<string, unknown>, contentType: ContentTypeName | undefined, callback: string | undefined): Reply {
  return formattedReply(200, body, contentType, callback);
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
