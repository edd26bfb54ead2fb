export { createTokenManager, type TokenManager, type TokenManagerOptions, type TokenUpdateEvent, type TryLock, type ReleaseLock } from './manager.ts';
export { TokenRefreshError } from './errors.ts';
