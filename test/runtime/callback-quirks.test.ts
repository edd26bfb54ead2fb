// Callback quirks as data: a code under another name (Alipay's auth_code), a callback the provider signs with
// the client secret (Shopify's hmac), and a fragment the provider's page reads (WeChat's #wechat_redirect).
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { baseManifest, CLIENT, clientFor, ORIGIN, signIn, tokenReply, useNock } from './helpers.ts';

useNock();

describe('authorization.responseParams', () => {
  it('reads the code (and an error) under the provider\'s names', async () => {
    const client = clientFor(baseManifest({ authorization: { responseParams: { code: 'auth_code', error: 'error_code' } } }));
    const { transaction } = await signIn(client);
    nock(ORIGIN).post('/token', (body) => body.code === 'the-code').reply(200, tokenReply());
    expect((await client.callback(`?auth_code=the-code&state=${transaction.state}`)).accessToken).toBe('at-1');
    const denied = await signIn(client);
    await expect(client.callback(`?error_code=access_denied&state=${denied.transaction.state}`)).rejects.toMatchObject({ code: 'AUTHORIZATION_DENIED' });
  });

  it('refuses a callback that carries both names with different values, and a repeated renamed code', async () => {
    const client = clientFor(baseManifest({ authorization: { responseParams: { code: 'auth_code' } } }));
    const { transaction } = await signIn(client);
    await expect(client.callback(`?auth_code=a&code=b&state=${transaction.state}`)).rejects.toMatchObject({ code: 'CALLBACK_INVALID' });
    await expect(client.callback(`?auth_code=a&auth_code=b&state=${transaction.state}`)).rejects.toMatchObject({ code: 'DUPLICATE_PARAMETER' });
  });
});

describe('authorization.callbackSignature', () => {
  const signed: Partial<ManifestInput> = { authorization: { callbackSignature: { param: 'hmac', timestampParam: 'timestamp', maxAgeSeconds: 300 } } };
  const hmac = (params: Record<string, string>) =>
    createHmac('sha256', CLIENT.clientSecret)
      .update(Object.keys(params).sort().map((name) => `${name}=${params[name]}`).join('&'))
      .digest('hex');

  it('exchanges the code only when the signature covers exactly what the callback carries', async () => {
    const client = clientFor(baseManifest(signed));
    const { transaction } = await signIn(client);
    const params = { code: 'c1', shop: 'acme.myshopify.com', state: transaction.state, timestamp: String(Math.floor(Date.now() / 1000)) };
    nock(ORIGIN).post('/token').reply(200, tokenReply());
    expect((await client.callback({ ...params, hmac: hmac(params) })).accessToken).toBe('at-1');
  });

  it('refuses a changed, unsigned or stale callback before any request, naming no secret', async () => {
    const client = clientFor(baseManifest(signed));
    const now = String(Math.floor(Date.now() / 1000));
    for (const make of [
      (state: string) => { const p = { code: 'c', shop: 'acme', state, timestamp: now }; return { ...p, hmac: hmac(p), shop: 'evil' }; },
      (state: string) => ({ code: 'c', shop: 'acme', state, timestamp: now }),
      (state: string) => { const p = { code: 'c', state, timestamp: String(Number(now) - 3600) }; return { ...p, hmac: hmac(p) }; },
    ]) {
      const { transaction } = await signIn(client);
      const error = await client.callback(make(transaction.state)).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'CALLBACK_INVALID' });
      expect(inspect(error)).not.toContain(CLIENT.clientSecret);
    }
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('authorization.fragment', () => {
  it('ends the authorization URL with the fixed fragment', async () => {
    const { url } = await signIn(clientFor(baseManifest({ authorization: { fragment: 'wechat_redirect' } })));
    expect(url.hash).toBe('#wechat_redirect');
    expect(url.searchParams.get('state')).toEqual(expect.any(String));
  });
});
