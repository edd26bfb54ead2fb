// The manifest format: the single source of truth. schema/manifest.schema.json is generated from it
// (`npm run schema`), and every quirk in the README's field table ("The manifest format") has a field here,
// so provider behaviour lives in data, never in the runtime.
import { z } from 'zod';

import { isLoopbackHost, URL_VARIABLE } from '../util/url.ts';
import { checkMetadata, lifecycleFields, metadataFields, retiredFields } from './metadata.ts';
import { AuthScheme, FieldPath, HeaderName, HeaderValue, RegexPattern } from './string-formats.ts';
import { checkParDpop, Dpop, PushedAuthorization } from './par-dpop-schema.ts';
import { DeviceGrant } from './device.ts';

export { isLoopbackHost, URL_VARIABLE };

/** An absolute URL, HTTPS unless it points at loopback; may hold `{variable}` placeholders. */
export const EndpointUrl = z
  .string()
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      // A variable may open the URL when it holds a whole origin (variables.<name>.from, e.g. instance_url).
      url = new URL(value.replace(/^\{[a-zA-Z][a-zA-Z0-9_]*\}/, 'https://origin.example').replace(URL_VARIABLE, 'x'));
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected an absolute URL, got "${value}"` });
      return;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      ctx.addIssue({ code: 'custom', message: `expected an https:// URL (http:// only on loopback), got "${value}"` });
    }
  })
  .describe('Absolute https URL; `{name}` placeholders are filled from the variables section.');

/** A URL that is either absolute or relative to the API base URL. */
const ApiPath = z.string().min(1).describe('A path relative to endpoints.api, or an absolute https URL.');

/**
 * A fixed value sent on the wire. Strings may use `{{client.clientId}}`, `{{token.<field>}}`,
 * `{{vars.<name>}}` and, in profile requests, `{{steps.<name>.<path>}}`.
 */
const WireValue = z.union([z.string(), z.number(), z.boolean()]);
const WireParams = z.record(z.string(), WireValue);
const Headers = z.record(HeaderName, HeaderValue);

/** In profile field maps a leading `$name.` reads from the `after`/`before` request of that name, `$token.` from the token. */
const FieldPaths = z.union([FieldPath, z.array(FieldPath).min(1)]).describe('A path, or a list tried in order until one is present.');

export const JsonSchemaObject = z.record(z.string(), z.unknown()).describe('A JSON Schema, or {$ref: file beside the manifest}.');

export const ContentType = z
  .enum(['json', 'form', 'xml', 'jsonp', 'text'])
  .describe('How to parse a body regardless of the Content-Type header the provider sends.');

const VariableSource = z
  .union([
    z.object({ callback: z.string().min(1).describe('The callback parameter that carries the value (kept in token.raw for later calls).') }).strict(),
    z.object({ token: FieldPath.describe('Where the token answer (or token.lookup) holds the value.') }).strict(),
  ])
  .describe('The value comes from the provider, per sign-in: from a callback parameter (Zoho accounts-server) or the token (Salesforce instance_url).');

const Variable = z
  .object({
    description: z.string(),
    pattern: RegexPattern.optional().describe(
      'Regular expression the value must match in full; nested quantifiers such as (a+)+ are refused. A variable in a host name may hold dotted labels only when it has one.',
    ),
    example: z.string().optional(),
    default: z.string().optional(),
    optional: z.boolean().default(false).describe('An empty value removes the path segment the variable fills, with its slash (Okta\'s /oauth2/{authServerId}/v1).'),
    from: VariableSource.optional(),
  })
  .strict()
  .superRefine((variable, ctx) => {
    if (variable.from && (!variable.pattern || variable.example === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'a value the provider sends needs a pattern (it is checked before use) and an example' });
    }
    if (variable.from && variable.default !== undefined) ctx.addIssue({ code: 'custom', path: ['default'], message: 'a value the provider sends has no default' });
  });

const Endpoints = z
  .object({
    authorize: EndpointUrl.optional(),
    token: EndpointUrl.optional(),
    requestToken: EndpointUrl.optional().describe('OAuth 1 temporary-credentials endpoint.'),
    revoke: EndpointUrl.optional(),
    userinfo: EndpointUrl.optional(),
    api: EndpointUrl.optional().describe('Base URL that API paths are resolved against.'),
    // Figma, start.gg and WeChat refresh at their own URL.
    refresh: EndpointUrl.optional().describe('Where refresh_token grants go when not to the token endpoint (a provider with a separate refresh URL).'),
    jwks: EndpointUrl.optional().describe('JSON Web Key Set that verifies a signed profile (profile.jwt) when there is no OIDC discovery.'),
    registration: EndpointUrl.optional().describe('Dynamic client registration (the registration section): where an app registers itself with an instance.'),
    pushedAuthorization: EndpointUrl.optional().describe('RFC 9126 pushed authorization request endpoint (authorization.par).'),
    deviceAuthorization: EndpointUrl.optional().describe('RFC 8628 §3.1 device authorization endpoint (grant device_code); OIDC providers may leave it to discovery.'),
  })
  .strict();

const StandardAuthorizeParam = z.enum(['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'nonce']);
const StandardTokenParam = z.enum(['client_id', 'client_secret', 'grant_type', 'code', 'redirect_uri', 'refresh_token', 'code_verifier', 'scope']);
const GrantType = z.enum(['authorization_code', 'refresh_token', 'client_credentials', 'device_code']);

const Scope = z
  .object({
    delimiter: z.string().default(' ').describe('Joins scopes; RFC 6749 says a space, several providers want a comma.'),
    default: z.array(z.string()).default([]).describe('Scopes asked for when the caller names none.'),
    encodeDelimiter: z.boolean().default(true).describe('false sends the delimiter unencoded (a literal `+`).'),
  })
  .strict();

const CallbackSignature = z
  .object({
    param: z.string().min(1).default('hmac').describe('The callback parameter that carries the signature.'),
    algorithm: z.enum(['sha256', 'sha1']).default('sha256'),
    encoding: z.enum(['hex', 'base64']).default('hex'),
    exclude: z.array(z.string()).default([]).describe('Other parameters left out of the signed message (besides `param`).'),
    timestampParam: z.string().optional().describe('A parameter holding the signing time (Unix seconds); callbacks older than maxAgeSeconds are refused.'),
    maxAgeSeconds: z.number().int().min(1).max(86_400).default(600),
  })
  .strict()
  .describe(
    'The provider signs the callback with the client secret (Shopify): HMAC over the other parameters, sorted by name, as name=value joined by &. Checked in constant time before the code is exchanged.',
  );

const Authorization = z
  .object({
    scope: Scope.prefault({}),
    params: WireParams.default({}).describe('Fixed extra query parameters, e.g. access_type: offline.'),
    rename: z.partialRecord(StandardAuthorizeParam, z.string()).default({}).describe('Standard parameter → the name this provider wants.'),
    pkce: z.enum(['required', 'supported', 'unsupported']).default('supported'),
    pkceMethod: z.enum(['S256', 'plain']).default('S256'),
    responseMode: z.enum(['query', 'form_post']).default('query').describe('form_post: the code arrives as a POST body.'),
    callbackParams: z.array(z.string()).default([]).describe('Extra callback parameters kept for the app (e.g. a `user` JSON field).'),
    responseParams: z
      .partialRecord(z.enum(['code', 'state', 'error', 'error_description']), z.string().min(1))
      .default({})
      .describe('Callback parameters under another name: Alipay sends the code as auth_code.'),
    callbackSignature: CallbackSignature.optional(),
    fragment: z
      .string()
      .regex(/^[A-Za-z0-9_.~!$&'()*+,;=:@/?-]+$/, 'expected a URL fragment without the leading #')
      .optional()
      // WeChat's page reads #wechat_redirect.
      .describe('A fixed fragment the authorization URL must end with; the provider\'s page reads it, the server never sees it.'),
    issuer: z.string().optional().describe('Expected RFC 9207 `iss` callback parameter (OIDC: defaults to oidc.issuer); compared whenever the callback carries one.'),
    issRequired: z
      .boolean()
      .optional()
      .describe(
        'true: the provider sends `iss` on every callback, so one without it is refused (RFC 9207 §2.4); otherwise an attacker relaying a mixed-up response could drop `iss` to skip the check. OIDC providers whose discovery says authorization_response_iss_parameter_supported need not set it.',
      ),
    par: PushedAuthorization,
  })
  .strict();

const TokenError = z
  .object({
    when: z
      .object({
        path: FieldPath,
        equals: WireValue.optional(),
        notEquals: WireValue.optional(),
      })
      .strict()
      .optional()
      .describe('Treat the body as an error when this condition holds; without it, the presence of `code` marks an error.'),
    code: FieldPath.default('error'),
    description: FieldPath.default('error_description'),
  })
  .strict();

const StandardTokenField = z.enum(['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'id_token']);

const TokenResponse = z
  .object({
    contentType: ContentType.optional(),
    root: FieldPath.optional().describe('Where the token fields sit in the body, e.g. `body` for {status, body: {...}}.'),
    fields: z.partialRecord(StandardTokenField, FieldPath).default({}).describe('Standard field → where this provider puts it.'),
    defaults: z.record(z.string(), WireValue).default({}).describe('Values for fields the provider leaves out, e.g. token_type.'),
    expiresInZeroMeansNever: z.boolean().default(false),
    prefix: z.string().min(1).optional().describe('Text the provider puts before the body (e.g. `&&&START&&&`), removed before parsing.'),
    scopeDelimiter: z.string().optional().describe('How the granted `scope` is joined, when it differs from the request delimiter.'),
    error: TokenError.prefault({}),
    schema: JsonSchemaObject.optional().describe('JSON Schema of the token response, for typed extra fields (e.g. uid).'),
  })
  .strict();

const ClientSecretJwt = z
  .object({
    algorithm: z.enum(['ES256', 'RS256', 'PS256']).default('ES256'),
    issuer: z.string().min(1).describe('The `iss` claim, e.g. {{vars.teamId}}.'),
    audience: z.string().min(1),
    keyId: z.string().optional().describe('The `kid` header, e.g. {{vars.keyId}}.'),
    lifetimeSeconds: z.number().int().min(60).max(15_777_000).default(300),
  })
  .strict()
  .describe('The client secret is a JWT the app signs with its private key (sub = client id), made fresh as needed.');

const ClientAssertion = z
  .object({
    algorithm: z.enum(['RS256', 'ES256', 'PS256', 'HS256']).optional().describe('Default: RS256 for private_key_jwt, HS256 (keyed with the client secret) for client_secret_jwt.'),
    audience: z.string().min(1).optional().describe('The `aud` claim; default: the URL of the endpoint the assertion is sent to (RFC 7523 §3).'),
    keyId: z.string().optional().describe('The `kid` header, e.g. {{vars.keyId}}.'),
    lifetimeSeconds: z.number().int().min(10).max(3600).default(60),
  })
  .strict()
  .describe('RFC 7523 §2.2 client assertion (token.clientAuth private_key_jwt or client_secret_jwt): iss = sub = client id, a fresh jti each time.');

const HashInput = z.string().min(1);
const SecretHash = z
  .object({
    param: z.string().min(1).default('hash').describe('The parameter that carries the hash.'),
    algorithm: z.enum(['sha256', 'sha1', 'md5']).default('sha256'),
    input: z
      .union([HashInput, z.partialRecord(GrantType, HashInput)])
      .describe('What is hashed: a template over {{client.secret}}, {{client.clientId}} and {{grant.<param>}} (code, refresh_token…); one per grant type when they differ.'),
    encoding: z.enum(['hex', 'base64']).default('hex'),
  })
  .strict()
  .describe('token.clientAuth secret_hash: the secret never travels; a hash over it and the grant does (smartsheet: sha256 of "secret|code").');

const SigningRecipe = z
  .object({
    param: z.string().min(1).describe('The parameter the signature is sent in (sig, sign).'),
    algorithm: z.enum(['md5', 'sha1', 'sha256', 'hmac-sha1', 'hmac-sha256', 'rsa-sha1', 'rsa-sha256']).describe('rsa-*: signed with the privateKey client option; hmac-*: keyed with `key`.'),
    key: z.string().min(1).optional().describe('The HMAC key, a template such as {{client.secret}}.'),
    params: WireParams.default({}).describe('Parameters added to every signed request before signing (sign_type, a {{now.<format>}} timestamp).'),
    exclude: z.array(z.string()).default([]).describe('Parameters left out of the signed string (besides `param`), e.g. access_token.'),
    skipEmpty: z.boolean().default(false).describe('Leave parameters with an empty value out of the signed string.'),
    pairSeparator: z.string().default('=').describe('Between a name and its value ("" for name+value).'),
    separator: z.string().default('&').describe('Between pairs ("" to run them together).'),
    prefix: z.string().default('').describe('A template put before the sorted pairs (Taobao: {{client.secret}}).'),
    suffix: z.string().default('').describe('A template put after them.'),
    suffixHash: z.enum(['md5', 'sha256']).optional().describe('Hash the filled suffix (hex) before appending it: Odnoklassniki appends md5(access_token + secret).'),
    encoding: z.enum(['hex', 'HEX', 'base64']).default('hex'),
  })
  .strict()
  .describe(
    'A per-request signature over the request parameters, sorted by name (Odnoklassniki sig, Alipay sign, Taobao sign): prefix + name=value pairs + suffix, hashed, keyed or RSA-signed.',
  );

const TokenLookup = z
  .object({
    url: ApiPath.describe('Called with the new token, as an API request.'),
    method: z.enum(['GET', 'POST']).default('GET'),
    query: WireParams.default({}),
    contentType: ContentType.optional(),
    fields: z.record(z.string(), FieldPath).describe('Token field → where the answer holds it, e.g. openid: openid.'),
  })
  .strict()
  .describe('A call made right after every token response whose answer adds fields to the token (an openid the API needs).');

const Token = z
  .object({
    method: z.enum(['POST', 'GET']).default('POST'),
    encoding: z.enum(['form', 'json', 'query']).default('form'),
    clientAuth: z
      .enum(['basic', 'post', 'basic_and_client_id', 'none', 'private_key_jwt', 'client_secret_jwt', 'secret_hash'])
      .default('post')
      .describe('How client credentials reach the token endpoint: RFC 6749 §2.3.1 basic/post, RFC 7523 assertions, or a hash (secretHash).'),
    clientSecretJwt: ClientSecretJwt.optional(),
    clientAssertion: ClientAssertion.optional(),
    secretHash: SecretHash.optional(),
    params: WireParams.default({}),
    grantParams: z
      .partialRecord(GrantType, WireParams)
      .default({})
      .describe('Extra parameters for one grant only; may read {{callback.<param>}} (code exchange) and {{token.<field>}} (refresh).'),
    omit: z.array(StandardTokenParam).default([]).describe('Standard parameters this provider refuses, never sent (untappd: grant_type).'),
    grantOmit: z
      .partialRecord(GrantType, z.array(StandardTokenParam))
      .default({})
      // WeChat refreshes without the secret.
      .describe('Standard parameters left out of one grant only (a refresh that takes no client secret).'),
    grantClientAuth: z
      .partialRecord(GrantType, z.enum(['basic', 'post', 'basic_and_client_id', 'none', 'private_key_jwt', 'client_secret_jwt']))
      .default({})
      .describe('Client authentication for one grant when it differs from clientAuth (Keap refreshes with HTTP Basic).'),
    rename: z.partialRecord(StandardTokenParam, z.string()).default({}),
    headers: Headers.default({}),
    response: TokenResponse.prefault({}),
    lookup: TokenLookup.optional(),
    signing: SigningRecipe.optional().describe('Token requests carry a signature over their parameters (Alipay).'),
  })
  .strict();

const Revocation = z
  .object({
    tokenParam: z.string().default('token').describe('RFC 7009 says `token`; some providers want `access_token`.'),
    tokenTypeHint: z.boolean().default(true),
    clientAuth: z.enum(['basic', 'post', 'none']).optional().describe('Defaults to token.clientAuth.'),
    encoding: z.enum(['form', 'json']).default('form').describe('json: the revocation request is a JSON body (notion).'),
  })
  .strict();

const OAuth1 = z
  .object({
    signatureMethod: z.enum(['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT', 'RSA-SHA1']).default('HMAC-SHA1').describe('RSA-SHA1 (RFC 5849 §3.4.3) signs with the privateKey client option.'),
    requestTokenMethod: z.enum(['POST', 'GET']).default('POST'),
    accessTokenMethod: z.enum(['POST', 'GET']).default('POST'),
    realm: z.string().optional(),
    requestTokenParams: WireParams.default({}).describe('Extra parameters on the request-token call (e.g. scope).'),
    authorizeParams: WireParams.default({}),
    verifier: z.enum(['required', 'none']).default('required').describe('none: the provider sends no oauth_verifier.'),
    callbackConfirmed: z
      .union([z.boolean(), z.literal('strict')])
      .default(true)
      .describe(
        'true: the provider answers oauth_callback_confirmed=true, in any letter case (a popular library sends `True`); "strict": exactly `true`, as RFC 5849 §2.1 spells it; false: it sends none (the check is off).',
      ),
    scopeParam: z.string().optional().describe('The parameter that carries scopes (e.g. scope, perms).'),
    scopeOn: z.enum(['requestToken', 'authorize']).default('requestToken').describe('Which step carries the scopes: the request-token call, or the authorization URL (Flickr perms, Trello scope).'),
    callbackOnAuthorize: z.boolean().default(false).describe('The authorization URL repeats oauth_callback (TripIt).'),
  })
  .strict();

const Oidc = z
  .object({
    issuer: z.string().min(1).describe('Expected `iss`; may hold `{claim}` placeholders filled from the id_token (issuerVariables).'),
    discovery: EndpointUrl.optional().describe('Defaults to {issuer}/.well-known/openid-configuration.'),
    nonce: z.enum(['required', 'supported', 'unsupported']).default('required'),
    issuerAliases: z.array(z.string()).default([]).describe('Other `iss` spellings the provider documents for the same issuer.'),
    algorithms: z.array(z.string()).default(['RS256']),
    issuerVariables: z.record(z.string(), z.string()).default({}).describe('Issuer placeholder → id_token claim, for multi-tenant metadata.'),
    userinfo: z.boolean().default(true).describe('false: the provider has no userinfo endpoint; the profile comes from the id_token.'),
    clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
  })
  .strict();

const HeaderTransform = z.union([
  z.object({ header: HeaderName, replace: z.object({ pattern: RegexPattern, with: HeaderValue }).strict() }).strict(),
  z.object({ header: HeaderName, set: HeaderValue }).strict(),
  z.object({ header: HeaderName, remove: z.literal(true) }).strict(),
]);

const ApiAuth = z
  .object({
    in: z.enum(['header', 'query', 'body']).default('header'),
    name: z.string().optional().describe('Header or parameter name; defaults to Authorization or access_token.'),
    scheme: AuthScheme.default('Bearer').describe('Header prefix before the token; "" sends the bare token.'),
  })
  .strict()
  .superRefine((auth, ctx) => {
    if (auth.in !== 'header' || auth.name === undefined) return;
    const name = HeaderName.safeParse(auth.name);
    if (!name.success) ctx.addIssue({ code: 'custom', path: ['name'], message: `${name.error.issues[0]!.message}, got ${JSON.stringify(auth.name)}` });
  });

const Api = z
  .object({
    auth: ApiAuth.prefault({}),
    headers: Headers.default({}),
    query: WireParams.default({}),
    contentType: ContentType.optional(),
    transforms: z.array(HeaderTransform).default([]).describe('Declarative pre_request edits applied to every API request.'),
    signing: SigningRecipe.optional().describe('Every API request carries a signature over its parameters.'),
  })
  .strict();

const BodyEncoding = z.enum(['json', 'form']).default('json');

const ProfileJwt = z
  .object({
    from: z.enum(['response', 'accessToken']).default('response').describe('response: the profile call answers a JWT (a signed userinfo); accessToken: the user is the access token\'s own claims.'),
    issuer: z.string().min(1).optional().describe('Expected `iss`; default: the OIDC issuer.'),
    audience: z.string().min(1).optional().describe('Expected `aud`; default: the client id ({{client.clientId}}).'),
    algorithms: z.array(z.string()).min(1).default(['RS256']),
  })
  .strict()
  .describe('The user comes from a signed JWT, verified with endpoints.jwks (or the OIDC jwks_uri) before any claim is read.');

const ProfileRequest = z
  .object({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
    url: ApiPath,
    method: z.enum(['GET', 'POST']).default('GET'),
    query: WireParams.default({}),
    headers: Headers.default({}),
    contentType: ContentType.optional(),
    unwrap: FieldPath.optional(),
    body: WireParams.optional().describe('A request body (a GraphQL query, a form): its values may use {{token.x}} and {{steps.x}}.'),
    bodyEncoding: BodyEncoding,
    ifMissing: z.enum(['id', 'username', 'name', 'email', 'avatar', 'emailVerified']).optional().describe('Only run when this profile field is still empty.'),
    optional: z.boolean().default(false).describe('A failure of this request leaves the profile as it is.'),
  })
  .strict();

const ProfileFields = z
  .object({
    id: FieldPaths,
    username: FieldPaths.optional(),
    name: FieldPaths.optional(),
    email: FieldPaths.optional(),
    avatar: FieldPaths.optional(),
    emailVerified: FieldPaths.optional().describe('Whether the provider verified the email: true/false, "true"/"false" or 1/0 in the answer.'),
  })
  .strict();

const Profile = z
  .object({
    url: ApiPath.optional().describe('Omitted for OIDC providers: the userinfo endpoint is used.'),
    method: z.enum(['GET', 'POST']).default('GET'),
    query: WireParams.default({}),
    headers: Headers.default({}),
    contentType: ContentType.optional(),
    body: WireParams.optional().describe('A request body (a GraphQL query such as { query: "{ viewer { id } }" }, a form).'),
    bodyEncoding: BodyEncoding,
    clientAuth: z
      .literal('post')
      .optional()
      .describe('The profile call authenticates the client too, as an RFC 7662 introspection does (HubSpot): client_id and client_secret join its form body.'),
    jwt: ProfileJwt.optional(),
    unwrap: FieldPath.optional().describe('Where the user object sits, e.g. response[0] or data[0].'),
    before: z.array(ProfileRequest).default([]).describe('Requests whose answers feed {{steps.<name>.…}} in the profile request.'),
    after: z.array(ProfileRequest).default([]).describe('Requests whose answers field paths read as $<name>.…'),
    fields: ProfileFields,
    schema: JsonSchemaObject.optional().describe('JSON Schema of the raw profile, for generated types.'),
  })
  .strict();

const OperationParam = z
  .object({
    in: z.enum(['query', 'path', 'body']).default('query'),
    type: z.enum(['string', 'integer', 'number', 'boolean']).default('string'),
    required: z.boolean().default(false),
    description: z.string().optional(),
  })
  .strict();

const Operation = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    path: ApiPath.describe('Relative to endpoints.api; `{param}` fills from params with in: path.'),
    description: z.string().optional(),
    docs: z.url().optional(),
    bodyEncoding: z.enum(['json', 'form']).default('json'),
    params: z.record(z.string(), OperationParam).default({}),
    response: JsonSchemaObject.optional(),
  })
  .strict();

const Registration = z
  .object({
    encoding: z.enum(['json', 'form']).default('json'),
    body: WireParams.default({}).describe(
      'What the app sends about itself; templates: {{registration.redirectUri}}, {{registration.clientName}}, {{registration.scope}}, {{registration.website}}.',
    ),
    fields: z
      .object({ clientId: FieldPath.default('client_id'), clientSecret: FieldPath.default('client_secret') })
      .strict()
      .prefault({})
      .describe('Where the answer holds the new credentials.'),
  })
  .strict()
  .describe('Dynamic client registration (Mastodon, RFC 7591): an app registers with each instance, then signs in with the credentials it got (registerClient).');

/** A usable provider: active, or deprecated (it works, and warns). */
export const Manifest = z
  .object({
    $schema: metadataFields.$schema,
    id: metadataFields.id,
    name: metadataFields.name,
    protocol: z.enum(['oauth1', 'oauth2', 'oidc']),
    docs: metadataFields.docs,
    status: lifecycleFields.status,
    lastVerified: metadataFields.lastVerified,
    replacedBy: lifecycleFields.replacedBy,
    aliases: metadataFields.aliases,
    evidence: metadataFields.evidence,
    variables: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), Variable).default({}),
    grants: z.array(GrantType).default(['authorization_code', 'refresh_token']).describe('device_code is RFC 8628\'s urn:ietf:params:oauth:grant-type:device_code.'),
    endpoints: Endpoints.prefault({}).describe('OIDC providers may leave out what discovery publishes.'),
    authorization: Authorization.prefault({}),
    token: Token.prefault({}),
    revocation: Revocation.prefault({}),
    oauth1: OAuth1.optional(),
    oidc: Oidc.optional(),
    api: Api.prefault({}),
    profile: Profile.optional(),
    operations: z.record(z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'expected a camelCase name'), Operation).default({}),
    registration: Registration.optional(),
    dpop: Dpop.optional(),
    device: DeviceGrant.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    checkMetadata(m, ctx);
    checkParDpop(m, ctx);
    const need = (field: keyof z.infer<typeof Endpoints>) => {
      if (!m.endpoints[field]) ctx.addIssue({ code: 'custom', path: ['endpoints', field], message: `${m.protocol} needs endpoints.${field}` });
    };
    if (m.protocol === 'oauth1') {
      need('requestToken');
      need('authorize');
      need('token');
    }
    if (m.protocol === 'oauth2') {
      need('token');
      if (m.grants.includes('authorization_code')) need('authorize');
    }
    if (m.protocol === 'oidc' && !m.oidc) ctx.addIssue({ code: 'custom', path: ['oidc'], message: 'oidc needs the oidc section (issuer)' });
    if (m.protocol !== 'oidc' && m.oidc) ctx.addIssue({ code: 'custom', path: ['oidc'], message: `the oidc section only applies to protocol oidc` });
    if (m.authorization.issRequired && !m.authorization.issuer && m.protocol !== 'oidc') {
      ctx.addIssue({ code: 'custom', path: ['authorization', 'issRequired'], message: 'issRequired needs authorization.issuer, the value `iss` must have' });
    }
    if (m.protocol !== 'oauth1' && m.oauth1) ctx.addIssue({ code: 'custom', path: ['oauth1'], message: 'the oauth1 section only applies to protocol oauth1' });
    if (m.token.clientAuth === 'secret_hash' && !m.token.secretHash) ctx.addIssue({ code: 'custom', path: ['token', 'clientAuth'], message: 'secret_hash needs token.secretHash (the parameter and what is hashed)' });
    if (m.token.clientAssertion && m.token.clientAuth !== 'private_key_jwt' && m.token.clientAuth !== 'client_secret_jwt') {
      ctx.addIssue({ code: 'custom', path: ['token', 'clientAssertion'], message: 'clientAssertion applies to token.clientAuth private_key_jwt or client_secret_jwt' });
    }
    checkSecretPlaceholders(m, ctx);
    const fromAccessToken = m.profile?.jwt?.from === 'accessToken';
    if (m.profile && !m.profile.url && m.protocol !== 'oidc' && !fromAccessToken) ctx.addIssue({ code: 'custom', path: ['profile', 'url'], message: 'profile.url is required unless the protocol is oidc or the profile is the access token (profile.jwt.from)' });
    if (m.profile?.jwt && !m.endpoints.jwks && m.protocol !== 'oidc') ctx.addIssue({ code: 'custom', path: ['profile', 'jwt'], message: 'a signed profile needs endpoints.jwks to verify it (or OIDC discovery)' });
    if (m.oauth1?.scopeOn === 'authorize' && !m.oauth1.scopeParam) ctx.addIssue({ code: 'custom', path: ['oauth1', 'scopeOn'], message: 'scopes on the authorization URL need oauth1.scopeParam (their parameter name)' });
    if (m.registration && !m.endpoints.registration) ctx.addIssue({ code: 'custom', path: ['registration'], message: 'registration needs endpoints.registration' });
    checkDeviceGrant(m, ctx);
    checkUrlVariables(m, ctx);
  })
  // Every validated OAuth 1 manifest carries its oauth1 settings, defaults included, so the runtime reads
  // them without loading this schema.
  .transform((m) => (m.protocol === 'oauth1' && !m.oauth1 ? { ...m, oauth1: OAuth1.parse({}) } : m))
  .describe('A usable provider (status active or deprecated).');

/** Endpoints whose URL is known before sign-in: a value the provider sends later cannot shape them. */
const BEFORE_SIGN_IN = new Set(['authorize', 'requestToken', 'deviceAuthorization', 'pushedAuthorization']);

/** RFC 8628: an OAuth 2 grant whose endpoint is named here or, for OIDC, published by discovery. */
function checkDeviceGrant(m: { protocol: string; grants: string[]; endpoints: { deviceAuthorization?: string | undefined }; device?: unknown }, ctx: z.RefinementCtx): void {
  const offered = m.grants.includes('device_code');
  if (offered && m.protocol === 'oauth1') ctx.addIssue({ code: 'custom', path: ['grants'], message: 'the device_code grant is OAuth 2 (RFC 8628), not OAuth 1' });
  if (offered && m.protocol === 'oauth2' && !m.endpoints.deviceAuthorization) ctx.addIssue({ code: 'custom', path: ['endpoints', 'deviceAuthorization'], message: 'the device_code grant needs endpoints.deviceAuthorization' });
  if (!offered && (m.device || m.endpoints.deviceAuthorization)) ctx.addIssue({ code: 'custom', path: ['grants'], message: 'the device section and endpoints.deviceAuthorization need device_code in grants' });
}

/** Every `{name}` is declared, used where it can be filled, and (when optional) fills a whole path segment. */
function checkUrlVariables(m: { endpoints: Record<string, string | undefined>; variables: Record<string, { optional: boolean; from?: { callback: string } | { token: string } | undefined }> }, ctx: z.RefinementCtx): void {
  for (const [field, url] of Object.entries(m.endpoints)) {
    if (typeof url !== 'string') continue;
    for (const match of url.matchAll(URL_VARIABLE)) {
      const name = match[1]!;
      const variable = Object.hasOwn(m.variables, name) ? m.variables[name] : undefined;
      const path = ['endpoints', field];
      if (!variable) {
        ctx.addIssue({ code: 'custom', path, message: `uses {${name}} but variables has no "${name}"` });
        continue;
      }
      if (match.index === 0 && !variable.from) ctx.addIssue({ code: 'custom', path, message: `{${name}} opens the URL, so it must be an origin the provider sends (variables.${name}.from)` });
      if (variable.from && BEFORE_SIGN_IN.has(field)) ctx.addIssue({ code: 'custom', path, message: `{${name}} comes from the provider during sign-in, too late for endpoints.${field}` });
      if (variable.from && 'token' in variable.from && field === 'token') ctx.addIssue({ code: 'custom', path, message: `{${name}} comes from the token, too late for endpoints.token` });
      if (variable.optional) {
        const before = url[match.index! - 1];
        const after = url[match.index! + match[0].length];
        const inPath = url.indexOf('/', url.indexOf('://') + 3) < match.index!;
        if (!inPath || before !== '/' || (after !== undefined && after !== '/' && after !== '?')) {
          ctx.addIssue({ code: 'custom', path, message: `{${name}} is optional, so it must fill a whole path segment (/{${name}}/)` });
        }
      }
    }
  }
}

/**
 * `{{client.secret}}` may only feed a hash or a signature: anywhere else (a query, a header, a URL) the manifest
 * would send the secret where logs and proxies see it.
 */
const SECRET_PLACEHOLDER = /\{\{\s*client\.secret\s*\}\}/;
const SECRET_ALLOWED = [['token', 'secretHash'], ['api', 'signing'], ['token', 'signing']];

function checkSecretPlaceholders(value: unknown, ctx: z.RefinementCtx, path: (string | number)[] = []): void {
  if (SECRET_ALLOWED.some((allowed) => allowed.every((part, index) => path[index] === part))) return;
  if (typeof value === 'string') {
    if (SECRET_PLACEHOLDER.test(value)) ctx.addIssue({ code: 'custom', path, message: '{{client.secret}} may only be used in token.secretHash or a signing recipe, never sent as it is' });
  } else if (Array.isArray(value)) value.forEach((item, index) => checkSecretPlaceholders(item, ctx, [...path, index]));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) checkSecretPlaceholders(item, ctx, [...path, key]);
}

/**
 * A provider that no longer works keeps its manifest, cut down to its metadata, so that its id (and its
 * aliases) still compile and fail with ProviderRetiredError, naming the date and the successor.
 */
export const RetiredManifest = z
  .object({
    $schema: metadataFields.$schema,
    id: metadataFields.id,
    name: metadataFields.name,
    docs: metadataFields.docs,
    status: retiredFields.status,
    lastVerified: metadataFields.lastVerified,
    retiredOn: retiredFields.retiredOn,
    replacedBy: retiredFields.replacedBy,
    aliases: metadataFields.aliases,
    evidence: metadataFields.evidence,
  })
  .strict()
  .superRefine(checkMetadata)
  .describe('A retired provider (status retired): its metadata only, so its id fails with ProviderRetiredError naming retiredOn and replacedBy.');

/** What a manifest file may hold: a usable provider, or (status: retired) a retired one. */
export const AnyManifest = z.discriminatedUnion('status', [Manifest, RetiredManifest]);

/** A manifest as written (before defaults). */
export type ManifestInput = z.input<typeof Manifest>;
export type RetiredManifestInput = z.input<typeof RetiredManifest>;
/** A validated manifest with every default filled in. */
export type ProviderManifest = z.output<typeof Manifest>;
export type RetiredProviderManifest = z.output<typeof RetiredManifest>;
export type AnyProviderManifest = ProviderManifest | RetiredProviderManifest;
export type ContentTypeName = z.infer<typeof ContentType>;
export type HeaderTransformSpec = z.infer<typeof HeaderTransform>;
export type ProfileRequestSpec = z.output<typeof ProfileRequest>;
export type OperationSpec = z.output<typeof Operation>;
export type EndpointName = keyof z.infer<typeof Endpoints>;

/** A built-in manifest not loaded yet: the client loads it on first use (one provider's data only). */
export interface ManifestSource {
  id: string;
  load(): Promise<ProviderManifest>;
}
