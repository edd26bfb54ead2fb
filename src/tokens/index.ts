export { createTokenManager, type TokenManager, type TokenManagerOptions, type TokenUpdateEvent, type TryLock, type ReleaseLock } from './manager.ts';
export { TokenRefreshError, TokenStoreError } from './errors.ts';
export { createClientTokens, userApi, type ClientTokensOptions, type UserApi } from './client-tokens.ts';
