import { describe, expect, it } from 'vitest';
import { verifySignature, type SignedRequest } from '../../src/emulator/oauth1-signature.ts';

// RFC 5849 §1.2: printer.example.com asks photos.example.net for temporary credentials, then token credentials.
const CONSUMER_SECRET = 'kd94hf93k423kf44';

const initiate: SignedRequest = {
  method: 'POST',
  url: 'https://photos.example.net/initiate',
  params: [
    ['oauth_consumer_key', 'dpf43f3p2l4k3l03'],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', '137131200'],
    ['oauth_nonce', 'wIjqoS'],
    ['oauth_callback', 'http://printer.example.com/ready'],
    ['oauth_signature', '74KNZJeDHnMBp0EMJ9ZHt/XKycU='],
  ],
};

const tokenRequest: SignedRequest = {
  method: 'POST',
  url: 'https://photos.example.net/token',
  params: [
    ['oauth_consumer_key', 'dpf43f3p2l4k3l03'],
    ['oauth_token', 'hh5s93j4hdidpola'],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', '137131201'],
    ['oauth_nonce', 'walatlh'],
    ['oauth_verifier', 'hfdp7dh39dks9884'],
    ['oauth_signature', 'gKgrFCywp7rO0OXSjdot/IHF7IU='],
  ],
};

function tampered(request: SignedRequest, name: string, value: string): SignedRequest {
  return { ...request, params: request.params.map(([k, v]) => [k, k === name ? value : v] as [string, string]) };
}

describe('OAuth 1 signature verification (RFC 5849 §3.4)', () => {
  it('accepts the RFC 5849 §1.2 temporary-credentials request', () => {
    expect(verifySignature(initiate, { consumerSecret: CONSUMER_SECRET })).toBe(true);
  });

  it('accepts the RFC 5849 §1.2 token-credentials request signed with the temporary secret', () => {
    expect(verifySignature(tokenRequest, { consumerSecret: CONSUMER_SECRET, tokenSecret: 'hdhd0244k9j7ao03' })).toBe(true);
  });

  it('rejects the example with a tampered callback, nonce, URL, method or secret', () => {
    expect(verifySignature(tampered(initiate, 'oauth_callback', 'http://evil.example.com/ready'), { consumerSecret: CONSUMER_SECRET })).toBe(false);
    expect(verifySignature(tampered(initiate, 'oauth_nonce', 'wIjqoT'), { consumerSecret: CONSUMER_SECRET })).toBe(false);
    expect(verifySignature({ ...initiate, url: 'https://photos.example.net/initiate2' }, { consumerSecret: CONSUMER_SECRET })).toBe(false);
    expect(verifySignature({ ...initiate, method: 'GET' }, { consumerSecret: CONSUMER_SECRET })).toBe(false);
    expect(verifySignature(initiate, { consumerSecret: 'wrong-secret' })).toBe(false);
    expect(verifySignature(tokenRequest, { consumerSecret: CONSUMER_SECRET, tokenSecret: 'other' })).toBe(false);
  });

  it('treats the base string URI per §3.4.1.2: default port and host case do not matter', () => {
    expect(verifySignature({ ...initiate, url: 'https://PHOTOS.example.net:443/initiate' }, { consumerSecret: CONSUMER_SECRET })).toBe(true);
  });

  it('verifies PLAINTEXT as the encoded secrets joined by & (§3.4.4)', () => {
    const plain: SignedRequest = {
      method: 'POST',
      url: 'https://photos.example.net/initiate',
      params: [
        ['oauth_consumer_key', 'dpf43f3p2l4k3l03'],
        ['oauth_signature_method', 'PLAINTEXT'],
        ['oauth_signature', 'kd94hf93k423kf44&'],
      ],
    };
    expect(verifySignature(plain, { consumerSecret: CONSUMER_SECRET })).toBe(true);
    expect(verifySignature(tampered(plain, 'oauth_signature', 'kd94hf93k423kf45&'), { consumerSecret: CONSUMER_SECRET })).toBe(false);
  });
});
