// Signs OAuth 1.0a requests (RFC 5849 §3): the oauth-1.0a package builds the signature base string and the
// header; this module feeds it normalised parameters, a crypto-random nonce and the manifest's signature method.
import { createHmac, createPrivateKey, createSign, randomBytes, type KeyObject } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { ConfigError } from '../errors.ts';
import type { ProviderManifest } from '../manifest/schema.ts';

export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'PLAINTEXT' | 'RSA-SHA1';

export interface OAuth1Credentials {
  clientId: string;
  /** The consumer secret; RSA-SHA1 consumers sign with privateKey instead and may have none. */
  clientSecret: string | undefined;
  /** PEM private key, for RSA-SHA1 (RFC 5849 §3.4.3). */
  privateKey?: string | undefined;
}

/** Token credentials (or temporary credentials) that sign a request on a resource owner's behalf. */
export interface OAuth1Token {
  key: string;
  secret: string;
}

export type SignableParams = Record<string, string | readonly string[]>;

export interface SignableRequest {
  method: string;
  url: string;
  /** Form-encoded body parameters, decoded; they are signed (RFC 5849 §3.4.1.3.1). */
  data?: SignableParams;
  /** Extra protocol parameters (oauth_callback, oauth_verifier): signed and sent in the header. */
  oauthParams?: Record<string, string>;
}

export interface SignerOptions {
  /** Tests fix these; the defaults are a 128-bit random nonce and the current time (RFC 5849 §3.3). */
  nonce?: () => string;
  timestamp?: () => number;
}

export interface OAuth1Signer {
  readonly clientId: string;
  /** The Authorization header value for `request`, signed with the client and optional token credentials. */
  sign(request: SignableRequest, token?: OAuth1Token): string;
}

export function createOAuth1Signer(manifest: ProviderManifest, credentials: OAuth1Credentials, options: SignerOptions = {}): OAuth1Signer {
  const method = manifest.oauth1?.signatureMethod ?? 'HMAC-SHA1';
  if (!credentials.clientId || (method === 'RSA-SHA1' ? !credentials.privateKey : !credentials.clientSecret)) {
    throw new ConfigError('MISSING_CREDENTIALS', `${manifest.id}: OAuth 1 signing needs clientId and ${method === 'RSA-SHA1' ? 'privateKey (RSA-SHA1)' : 'clientSecret'}`);
  }
  const oauth = new OAuth({
    consumer: { key: credentials.clientId, secret: credentials.clientSecret ?? '' },
    signature_method: method,
    hash_function: hashFunction(method, credentials.privateKey, manifest.id),
    ...(manifest.oauth1?.realm !== undefined ? { realm: manifest.oauth1.realm } : {}),
  });
  // The package's own nonce comes from Math.random; RFC 5849 §3.3 wants it unguessable.
  oauth.getNonce = options.nonce ?? randomNonce;
  if (options.timestamp) oauth.getTimeStamp = options.timestamp;

  // Credentials stay in this closure so that util.inspect(signer) cannot show the client secret.
  return Object.freeze({
    clientId: credentials.clientId,
    sign(request: SignableRequest, token?: OAuth1Token): string {
      const { baseUrl, params } = signatureParams(request);
      const signed = oauth.authorize({ method: request.method.toUpperCase(), url: baseUrl, data: params }, token);
      const protocolParams = {
        oauth_consumer_key: signed.oauth_consumer_key,
        oauth_nonce: signed.oauth_nonce,
        oauth_signature_method: signed.oauth_signature_method,
        oauth_timestamp: signed.oauth_timestamp,
        oauth_version: signed.oauth_version,
        ...(token ? { oauth_token: token.key } : {}),
        ...request.oauthParams,
        oauth_signature: signed.oauth_signature,
      };
      // §3.5.1: protocol parameters travel in the Authorization header, percent-encoded and quoted.
      return oauth.toHeader(protocolParams).Authorization;
    },
  });
}

const NONCE_BYTES = 16;
const POOL_BYTES = NONCE_BYTES * 256;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * 128 random bits as hex. One call to the CSPRNG fills a pool that serves 256 nonces, each from its own
 * unused bytes: as random as a call per nonce, without a system call per request.
 */
export function randomNonce(): string {
  if (offset + NONCE_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const nonce = pool.toString('hex', offset, offset + NONCE_BYTES);
  offset += NONCE_BYTES;
  return nonce;
}

function hashFunction(method: SignatureMethod, privateKey: string | undefined, id: string): OAuth.HashFunction {
  switch (method) {
    case 'RSA-SHA1': {
      // §3.4.3: the base string signed with the consumer's RSA key; the key oauth-1.0a builds from the secrets is unused.
      let key: KeyObject;
      try {
        key = createPrivateKey(privateKey!);
      } catch {
        throw new ConfigError('CONFIG_INVALID', `${id}: privateKey is not a PEM private key for RSA-SHA1`);
      }
      return (base) => createSign('RSA-SHA1').update(base).sign(key, 'base64');
    }
    case 'HMAC-SHA1': // §3.4.2
      return (base, key) => createHmac('sha1', key).update(base).digest('base64');
    case 'HMAC-SHA256': // not in RFC 5849; the same construction with SHA-256, as providers that offer it define it
      return (base, key) => createHmac('sha256', key).update(base).digest('base64');
    case 'PLAINTEXT': // §3.4.4: the signature is the encoded secrets joined by "&"
      return (_base, key) => key;
  }
}

/**
 * §3.4.1.2–3.4.1.3: the base string URI has no query or fragment, a lower-case scheme and host and no default
 * port (WHATWG URL does all three); the query and the form body are decoded and signed together.
 */
function signatureParams(request: SignableRequest): { baseUrl: string; params: Record<string, string | string[]> } {
  const url = new URL(request.url);
  const params: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else params[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  };
  for (const [name, value] of url.searchParams) add(name, value);
  for (const [name, value] of Object.entries(request.data ?? {})) {
    for (const item of typeof value === 'string' ? [value] : value) add(name, item);
  }
  for (const [name, value] of Object.entries(request.oauthParams ?? {})) add(name, value);
  return { baseUrl: `${url.protocol}//${url.host}${url.pathname}`, params };
}
