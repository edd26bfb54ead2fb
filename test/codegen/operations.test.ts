// Generated `api.<operation>` methods put each parameter where the manifest says (path, query, JSON or form
// body), send the declared method, and hand back the parsed answer.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConfigError, UnknownProviderError } from '../../src/errors.ts';
import { createClient as createFixtureClient } from './fixtures/generated/clients.ts';
import { createShopmartClient } from './fixtures/generated/providers/shopmart.ts';
import { useNock } from '../runtime/helpers.ts';

useNock();
const SHOP_API = 'https://acme.shopmart.example';
const TOKEN = 'shop-access-token';

function shopmart() {
  return createShopmartClient({ clientId: 'id', clientSecret: 'secret', vars: { shop: 'acme' }, http: { retries: 0 } });
}

describe('generated operation methods', () => {
  it('fills path parameters, sends query parameters and a JSON body, and parses the answer', async () => {
    const sent: unknown[] = [];
    nock(SHOP_API)
      .post('/api/customers/7/orders', (body) => (sent.push(body), true))
      .query({ 'dry-run': 'true' })
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .matchHeader('content-type', /application\/json/)
      .reply(201, { order_id: 'o-1' });
    const answer = await shopmart().api.createOrder(TOKEN, { customerId: 7, sku: 'A-1', quantity: 2, 'dry-run': true });
    expect(sent).toEqual([{ sku: 'A-1', quantity: 2 }]);
    expect(answer.status).toBe(201);
    expect(answer.data.order_id).toBe('o-1');
  });

  it('encodes path parameters and leaves out optional parameters the caller did not give', async () => {
    nock(SHOP_API).get('/api/customers/12.json').query({}).reply(200, { id: 12, email: 'a@shop.test' });
    nock(SHOP_API).get('/api/customers/12.json').query({ fields: 'id,email' }).reply(200, { id: 12, email: 'b@shop.test' });
    const client = shopmart();
    expect((await client.api.getCustomer(TOKEN, { customerId: 12 })).data.email).toBe('a@shop.test');
    expect((await client.api.getCustomer(TOKEN, { customerId: 12, fields: 'id,email' })).data.email).toBe('b@shop.test');
  });

  it('percent-encodes string path parameters so they stay one path segment', async () => {
    nock(SHOP_API).get('/api/products/a%2Fb%20c').reply(200, { found: true });
    expect((await shopmart().api.getProduct(TOKEN, { handle: 'a/b c' })).data).toEqual({ found: true });
  });

  it('sends a form body with the method the operation declares', async () => {
    let body: unknown;
    nock(SHOP_API)
      .put('/api/customers/3/tags', (sent) => ((body = sent), true))
      .matchHeader('content-type', /application\/x-www-form-urlencoded/)
      .reply(204);
    const answer = await shopmart().api.tagCustomer(TOKEN, { customerId: 3, tag: 'vip & friends' });
    expect(body).toEqual({ tag: 'vip & friends' });
    expect(answer.status).toBe(204);
  });

  it('refuses missing, undeclared and mistyped parameters before sending anything, without echoing values', async () => {
    const api = shopmart().api as unknown as Record<string, (token: string, params?: object) => Promise<unknown>>;
    await expect(api.getCustomer!(TOKEN, {})).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: 'shopmart.api.getCustomer: parameter "customerId" is required' });
    await expect(api.getCustomer!(TOKEN, { customerId: 1, secretish: 'hunter2' })).rejects.toThrow('unknown parameter "secretish"');
    const mistyped = api.getCustomer!(TOKEN, { customerId: 'not-a-number-hunter2' });
    await expect(mistyped).rejects.toBeInstanceOf(ConfigError);
    await expect(mistyped).rejects.not.toThrow(/hunter2/);
  });

  it('gives the provider URL variables to every endpoint, including the API', async () => {
    nock('https://other.shopmart.example').get('/api/me').reply(200, { ok: true });
    const client = createFixtureClient('shopmart', { clientId: 'id', clientSecret: 's', vars: { shop: 'other' } });
    expect((await client.api.getMe(TOKEN)).data).toEqual({ ok: true });
  });
});

describe('generated createClient', () => {
  it('throws UnknownProviderError naming close ids for an id it was not generated for', () => {
    const call = () => createFixtureClient('shopmrt' as 'plainauth', {});
    expect(call).toThrow(UnknownProviderError);
    expect(call).toThrow('Unknown provider "shopmrt". Did you mean "shopmart"?');
  });
});
