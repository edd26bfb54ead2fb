// Per-request signatures as data (api.signing, token.signing), checked against recipes worked by hand:
// Odnoklassniki's sig (md5 of the sorted pairs and of md5(token + secret)), Taobao's upper-case md5 between two
// secrets, an HMAC, and Alipay's RSA2 (SHA256withRSA over name=value&…). Plus {{now.<format>}} timestamps.
import { createHash, createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { TokenSet } from '../../src/types.ts';
import { API, baseManifest, CLIENT, clientFor, ORIGIN, signIn, tokenReply, useNock } from './helpers.ts';

useNock();

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const token = new TokenSet({ accessToken: 'tok-1', tokenType: 'Bearer', raw: {} });

function signedQuery(api: ManifestInput['api'], options: Parameters<typeof clientFor>[1] = {}) {
  let query: Record<string, string> = {};
  nock(API)
    .get('/v1/users.getCurrentUser')
    .query((q) => ((query = q as Record<string, string>), true))
    .reply(200, {});
  return { query: () => query, call: () => clientFor(baseManifest({ api }), options).get('users.getCurrentUser', { token, query: { fields: 'uid,name', format: 'json' } }) };
}

describe('api.signing', () => {
  it('signs as Odnoklassniki does: md5 of the sorted pairs plus md5(access_token + secret), the token left out', async () => {
    const { query, call } = signedQuery({
      auth: { in: 'query' },
      query: { application_key: 'APPKEY' },
      signing: { param: 'sig', algorithm: 'md5', exclude: ['access_token'], separator: '', suffix: '{{token.access_token}}{{client.secret}}', suffixHash: 'md5' },
    });
    await call();
    const expected = md5(`application_key=APPKEYfields=uid,nameformat=json${md5(`tok-1${CLIENT.clientSecret}`)}`);
    expect(query()).toMatchObject({ sig: expected, access_token: 'tok-1' });
  });

  it('signs as Taobao does: the secret around name+value pairs, upper-case hex, with a timestamp it adds', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-06T04:00:00Z'), toFake: ['Date'] });
    try {
      const { query, call } = signedQuery({
        auth: { in: 'query', name: 'session' },
        signing: { param: 'sign', algorithm: 'md5', pairSeparator: '', separator: '', prefix: '{{client.secret}}', suffix: '{{client.secret}}', encoding: 'HEX', params: { timestamp: '{{now.datetime+08:00}}', sign_method: 'md5' } },
      });
      await call();
      expect(query().timestamp).toBe('2026-12-06 12:00:00');
      const pairs = `fields${'uid,name'}formatjsonsession${'tok-1'}sign_methodmd5timestamp2026-12-06 12:00:00`;
      expect(query().sign).toBe(md5(`${CLIENT.clientSecret}${pairs}${CLIENT.clientSecret}`).toUpperCase());
    } finally {
      vi.useRealTimers();
    }
  });

  it('keys an HMAC with the secret and never sends the secret itself', async () => {
    const { query, call } = signedQuery({ signing: { param: 'sig', algorithm: 'hmac-sha256', key: '{{client.secret}}' } });
    await call();
    expect(query().sig).toBe(createHmac('sha256', CLIENT.clientSecret).update('fields=uid,name&format=json').digest('hex'));
    expect(JSON.stringify(query())).not.toContain(CLIENT.clientSecret);
  });

  it('signs with the app\'s RSA key (Alipay RSA2), which the registered public key verifies', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { query, call } = signedQuery({ signing: { param: 'sign', algorithm: 'rsa-sha256', encoding: 'base64', params: { sign_type: 'RSA2' } } }, { privateKey: pem });
    await call();
    const { sign, ...rest } = query();
    const base = Object.keys(rest).sort().map((name) => `${name}=${rest[name]}`).join('&');
    expect(verify('RSA-SHA256', Buffer.from(base), createPublicKey(privateKey), Buffer.from(sign!, 'base64'))).toBe(true);
  });

  it('asks for the private key when an RSA recipe has none, without naming any value', async () => {
    const { call } = signedQuery({ signing: { param: 'sign', algorithm: 'rsa-sha256' } });
    const error = await call().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'MISSING_CREDENTIALS' });
    expect(inspect(error)).not.toContain('tok-1');
    nock.cleanAll();
  });
});

describe('token.signing', () => {
  it('signs the token request over the parameters as the provider names them', async () => {
    const client = clientFor(baseManifest({ token: { rename: { client_id: 'app_id' }, signing: { param: 'sign', algorithm: 'hmac-sha1', key: '{{client.secret}}', params: { charset: 'utf-8' } } } }));
    const { callback } = await signIn(client);
    let sent: Record<string, string> = {};
    nock(ORIGIN)
      .post('/token', (body) => ((sent = body as Record<string, string>), true))
      .reply(200, tokenReply());
    await client.callback(callback);
    const { sign, ...rest } = sent;
    expect(rest).toMatchObject({ app_id: CLIENT.clientId, charset: 'utf-8' });
    const base = Object.keys(rest).sort().map((name) => `${name}=${rest[name]}`).join('&');
    expect(sign).toBe(createHmac('sha1', CLIENT.clientSecret).update(base).digest('hex'));
  });
});
