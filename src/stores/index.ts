export { MemoryStore, type MemoryStoreOptions } from './memory.ts';
export { sealCookieValue, unsealCookieValue, SealError, type SealOptions, type SealFailure } from './seal.ts';
export { CookieStore, type CookieJar, type CookieOptions, type CookieStoreOptions } from './cookie.ts';
export type { EncryptionOptions } from './at-rest.ts';
