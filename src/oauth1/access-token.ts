// RFC 5849 §2.3: trade the authorized temporary credentials (and the verifier) for token credentials.
import { TokenSet } from '../types.ts';
import { callCredentialsEndpoint, oauth1Settings, type OAuth1Context } from './context.ts';

export interface AccessTokenRequest {
  requestToken: string;
  requestTokenSecret: string;
  /** From the callback; undefined for providers whose manifest says oauth1.verifier: none. */
  verifier: string | undefined;
}

export async function exchangeForAccessToken(ctx: OAuth1Context, request: AccessTokenRequest): Promise<TokenSet> {
  const fields = await callCredentialsEndpoint(ctx, {
    endpoint: 'token',
    method: oauth1Settings(ctx.manifest).accessTokenMethod,
    params: {},
    oauthParams: request.verifier === undefined ? {} : { oauth_verifier: request.verifier },
    // §2.3: the request is signed with the temporary credentials.
    token: { key: request.requestToken, secret: request.requestTokenSecret },
    where: 'The token endpoint',
  });
  return new TokenSet({
    accessToken: fields.oauth_token!,
    tokenSecret: fields.oauth_token_secret!,
    tokenType: 'oauth1',
    raw: fields,
  });
}
