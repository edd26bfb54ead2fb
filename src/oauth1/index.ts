export { createOAuth1Signer, type OAuth1Credentials, type OAuth1Signer, type OAuth1Token, type SignableRequest, type SignerOptions } from './signer.ts';
export { requestTemporaryCredentials, type TemporaryCredentials, type TemporaryCredentialsRequest } from './temporary-credentials.ts';
export { buildAuthorizationUrl, denialWithoutState, parseAuthorizationCallback, stateOfCallback, type CallbackParams, type OAuth1Callback } from './authorization.ts';
export { exchangeForAccessToken, type AccessTokenRequest } from './access-token.ts';
export type { OAuth1Context } from './context.ts';
