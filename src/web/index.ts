// oauth-registry/web: sign-in routes on web-standard Request/Response (Hono, Next.js route handlers, Bun, Deno).
export { createAuthHandler, callbackUri, type AuthHandler } from './handler.ts';
export type { AuthOptions, ClientSource, SignInOutcome, SignInResult } from './options.ts';
export { sameOriginPath } from './next-path.ts';
export { createClientTokens, userApi, type ClientTokensOptions, type UserApi } from '../tokens/client-tokens.ts';
