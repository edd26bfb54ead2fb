import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError, OAuthRegistryError } from '../errors.ts';
import { serialiseForStore } from './serialise.ts';

export interface SealOptions {
  /**
   * One secret, or a list for rotation: the first seals, every one is tried to unseal. Rotate by putting
   * the new secret first and dropping the old one once the longest-lived cookie sealed with it has expired.
   * Each must be at least 32 characters.
   */
  secrets: string | readonly string[];
  /** Binds the sealed value to one use (e.g. the cookie name), so it cannot be replayed under another. */
  context?: string;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
  /** What the secrets are called in configuration errors. Default `cookie secret`. */
  secretName?: string;
}

export type SealFailure = 'malformed' | 'tampered' | 'expired';

/**
 * A sealed value that cannot be trusted. `reason` says why: `malformed` (not something we sealed),
 * `tampered` (authentication failed: changed, sealed for another context, or with a secret no longer
 * configured) or `expired` (authentic, but past the expiry sealed inside it).
 */
export class SealError extends OAuthRegistryError {
  constructor(readonly reason: SealFailure, message: string) {
    super(reason === 'expired' ? 'COOKIE_EXPIRED' : 'COOKIE_INVALID', message);
  }
}

const VERSION = 'v1';
const MIN_SECRET_LENGTH = 32;
const IV_BYTES = 12; // the GCM nonce size NIST SP 800-38D recommends
const TAG_BYTES = 16;
const HKDF_SALT = 'oauth-registry/cookie-seal/v1';
const HKDF_INFO = 'aes-256-gcm';

interface SealedPayload {
  /** The value. */
  v: unknown;
  /** Expiry in milliseconds since the epoch; sealed so the browser cannot extend it. */
  e?: number;
}

/**
 * Encrypts and authenticates `value` (JSON) with AES-256-GCM under a key derived from the first secret.
 * The result is cookie-safe text: `v1.` followed by base64url(iv ‖ ciphertext ‖ tag).
 */
export function sealCookieValue(value: unknown, options: SealOptions & { ttlMs?: number }): string {
  const [key] = deriveKeys(options.secrets, options.secretName);
  const now = options.now ?? Date.now;
  const payload: SealedPayload = { v: value };
  if (options.ttlMs !== undefined) payload.e = now() + options.ttlMs;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key!, iv);
  cipher.setAAD(additionalData(options.context));
  const ciphertext = Buffer.concat([cipher.update(serialiseForStore(payload, 'sealed values'), 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url')}`;
}

/** Reverses sealCookieValue. Throws SealError when the value is malformed, tampered with or expired. */
export function unsealCookieValue<T = unknown>(sealed: string, options: SealOptions): T {
  const keys = deriveKeys(options.secrets, options.secretName);
  const bytes = decodeSealed(sealed);
  const iv = bytes.subarray(0, IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const ciphertext = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
  const plaintext = keys.map((key) => decrypt(key, iv, ciphertext, tag, options.context)).find((text) => text !== undefined);
  if (plaintext === undefined) {
    throw new SealError('tampered', 'sealed value failed authentication: altered, sealed for another use, or sealed with a secret no longer configured');
  }
  const payload = JSON.parse(plaintext) as SealedPayload;
  const now = options.now ?? Date.now;
  if (payload.e !== undefined && payload.e <= now()) {
    throw new SealError('expired', 'sealed value has expired');
  }
  return payload.v as T;
}

function decodeSealed(sealed: string): Buffer {
  const prefix = `${VERSION}.`;
  const body = sealed.startsWith(prefix) ? sealed.slice(prefix.length) : undefined;
  if (body === undefined || !/^[A-Za-z0-9_-]+$/.test(body)) {
    throw new SealError('malformed', `sealed value is not in the ${VERSION} format`);
  }
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) {
    throw new SealError('malformed', 'sealed value is too short to hold a nonce, a payload and a tag');
  }
  return bytes;
}

/** The plaintext, or undefined when this key does not authenticate the ciphertext. */
function decrypt(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, context: string | undefined): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

function additionalData(context: string | undefined): Buffer {
  return Buffer.from(`${VERSION}\0${context ?? ''}`, 'utf8');
}

/** Stretches each secret into a 256-bit key with HKDF-SHA256 (RFC 5869); a passphrase is not a key. */
function deriveKeys(secrets: string | readonly string[], secretName = 'cookie secret'): Buffer[] {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (!Array.isArray(list) || list.length === 0) throw new ConfigError('CONFIG_INVALID', `sealing needs at least one ${secretName}`);
  return list.map((secret, index) => {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      // The secret itself is never echoed, only where it is in the list and how short it is.
      const length = typeof secret === 'string' ? secret.length : 0;
      throw new ConfigError('CONFIG_INVALID', `${secretName} #${index + 1} has ${length} characters; at least ${MIN_SECRET_LENGTH} are required`);
    }
    return Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
  });
}
