// OAuth 1 variants as data: scopes on the authorization URL instead of the request-token call (Flickr's perms),
// the callback repeated there (TripIt), and RSA-SHA1 signatures (RFC 5849 §3.4.3) made with the app's key.
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import nock from 'nock';
import OAuth from 'oauth-1.0a';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAuthorizationUrl } from '../../src/oauth1/authorization.ts';
import { createOAuth1Signer } from '../../src/oauth1/signer.ts';
import { requestTemporaryCredentials } from '../../src/oauth1/temporary-credentials.ts';
import { CLIENT, PROVIDER, headerParams, oauth1Context, oauth1Manifest } from './helpers.ts';

const CALLBACK = 'http://127.0.0.1:3000/callback?state=s1';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('oauth1.scopeOn: authorize', () => {
  const manifest = oauth1Manifest({ scopeParam: 'perms', scopeOn: 'authorize', callbackOnAuthorize: true }, { authorization: { scope: { default: ['read'] } } });

  it('leaves scopes off the request-token call', async () => {
    nock(PROVIDER)
      .post('/oauth/request_token', (body) => !String(typeof body === 'string' ? body : new URLSearchParams(body as Record<string, string>)).includes('perms'))
      .reply(200, 'oauth_token=rt&oauth_token_secret=rs&oauth_callback_confirmed=true', { 'content-type': 'application/x-www-form-urlencoded' });
    await requestTemporaryCredentials(oauth1Context(manifest), { callbackUri: CALLBACK, scope: ['write'] });
    expect(nock.isDone()).toBe(true);
  });

  it('puts them (or the defaults) on the authorization URL, with the callback when the manifest says so', () => {
    const asked = new URL(buildAuthorizationUrl(manifest, `${PROVIDER}/oauth/authorize`, 'rt', {}, { scope: ['write', 'delete'], callbackUri: CALLBACK }));
    expect(asked.searchParams.get('perms')).toBe('write delete');
    expect(asked.searchParams.get('oauth_callback')).toBe(CALLBACK);
    expect(asked.searchParams.get('oauth_token')).toBe('rt');
    const defaults = new URL(buildAuthorizationUrl(manifest, `${PROVIDER}/oauth/authorize`, 'rt', {}, {}));
    expect(defaults.searchParams.get('perms')).toBe('read');
    const plain = new URL(buildAuthorizationUrl(oauth1Manifest({ scopeParam: 'perms' }), `${PROVIDER}/oauth/authorize`, 'rt', {}, { scope: ['write'], callbackUri: CALLBACK }));
    expect(plain.searchParams.has('perms')).toBe(false);
    expect(plain.searchParams.has('oauth_callback')).toBe(false);
  });
});

describe('oauth1.signatureMethod: RSA-SHA1', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('signs the base string with the private key, which the public key verifies', () => {
    const manifest = oauth1Manifest({ signatureMethod: 'RSA-SHA1' });
    const signer = createOAuth1Signer(manifest, { clientId: CLIENT.clientId, clientSecret: undefined, privateKey: pem }, { nonce: () => 'n1', timestamp: () => 1_700_000_000 });
    const header = signer.sign({ method: 'GET', url: `${PROVIDER}/1/me?x=1` }, { key: 'tok', secret: 'ignored' });
    const params = headerParams(header);
    expect(params.oauth_signature_method).toBe('RSA-SHA1');
    const oauth = new OAuth({ consumer: { key: CLIENT.clientId, secret: '' }, signature_method: 'RSA-SHA1', hash_function: (base) => base });
    const { oauth_signature: signature, ...signed } = params;
    const base = oauth.getBaseString({ url: `${PROVIDER}/1/me`, method: 'GET', data: { ...signed, x: '1' } }, {} as OAuth.Data);
    expect(verify('RSA-SHA1', Buffer.from(base), createPublicKey(privateKey), Buffer.from(signature!, 'base64'))).toBe(true);
  });

  it('needs the private key, not the secret', () => {
    const manifest = oauth1Manifest({ signatureMethod: 'RSA-SHA1' });
    expect(() => createOAuth1Signer(manifest, { clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret })).toThrow(/privateKey \(RSA-SHA1\)/);
    expect(() => createOAuth1Signer(manifest, { clientId: CLIENT.clientId, clientSecret: undefined, privateKey: 'not a key' }).sign({ method: 'GET', url: PROVIDER })).toThrow(/not a PEM private key/);
  });
});
