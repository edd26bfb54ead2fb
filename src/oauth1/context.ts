// What the OAuth 1 steps share: the client context plus a signer, the manifest's oauth1 settings with their
// defaults, and one signed call to a credentials endpoint (RFC 5849 §2.1 and §2.3 are the same exchange).
import type { ClientContext } from '../context.ts';
import { ConfigError } from '../errors.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import { readCredentialsResponse } from './credentials-response.ts';
import type { OAuth1Signer, OAuth1Token } from './signer.ts';

export type OAuth1Context = ClientContext & { signer: OAuth1Signer };

export type OAuth1Settings = NonNullable<ProviderManifest['oauth1']>;

/** The manifest's oauth1 section; validation fills it, defaults included, for every oauth1 manifest. */
export function oauth1Settings(manifest: ProviderManifest): OAuth1Settings {
  if (!manifest.oauth1) throw new ConfigError('CONFIG_INVALID', `${manifest.id} is not a validated OAuth 1 manifest (no oauth1 settings)`);
  return manifest.oauth1;
}

export interface CredentialsCall {
  endpoint: 'requestToken' | 'token';
  method: 'GET' | 'POST';
  /** Request parameters: in the query for GET, in a form body for POST; signed either way (§3.4.1.3.1). */
  params: Record<string, string>;
  /** Protocol parameters that go in the Authorization header (§3.5.1). */
  oauthParams: Record<string, string>;
  token?: OAuth1Token;
  where: string;
}

/** Sends one signed request to a credentials endpoint and returns the form fields it answered. */
export async function callCredentialsEndpoint(ctx: OAuth1Context, call: CredentialsCall): Promise<Record<string, string>> {
  const endpoint = ctx.endpoints[call.endpoint];
  if (!endpoint) throw new ConfigError('CONFIG_INVALID', `${ctx.manifest.id}: OAuth 1 needs endpoints.${call.endpoint}`);
  const url = new URL(endpoint);
  const isPost = call.method === 'POST';
  if (!isPost) for (const [name, value] of Object.entries(call.params)) url.searchParams.append(name, value);

  const authorization = ctx.signer.sign(
    { method: call.method, url: url.toString(), ...(isPost ? { data: call.params } : {}), oauthParams: call.oauthParams },
    call.token,
  );
  const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/x-www-form-urlencoded, */*;q=0.1' };
  const hasBody = isPost && Object.keys(call.params).length > 0;
  if (hasBody) headers['Content-Type'] = 'application/x-www-form-urlencoded';

  const response = await ctx.http({
    method: call.method,
    url,
    headers,
    ...(hasBody ? { body: new URLSearchParams(call.params).toString() } : {}),
    // Read the raw text: providers label form answers text/html or text/plain, and we judge the body ourselves.
    contentType: 'text',
    // Temporary credentials are single-use (§2.1) and a verifier is consumed by its exchange (§2.3).
    oneTime: true,
  });
  return readCredentialsResponse(response, call.where, [ctx.clientSecret, call.token?.secret, call.oauthParams.oauth_verifier]);
}
