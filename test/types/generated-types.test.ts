// What the generated clients promise at compile time, shown on the codegen fixtures (every real provider's
// client is checked in generated-providers.test.ts): the id picks the client type, URL variables are required,
// token and profile carry their schema types, and operation methods take and return declared types.
import { describe, expectTypeOf, it } from 'vitest';
import type { NormalizedProfile, OAuthClient, TokenSet } from '../../src/index.ts';
import { createClient, type PlainauthClient, type ProviderId } from '../codegen/fixtures/generated/clients.ts';
import type { ShopmartClient, ShopmartClientOptions, ShopmartCreateOrderParams, ShopmartProfile, ShopmartTokenSet } from '../codegen/fixtures/generated/providers/shopmart.ts';
import { createShopmartClient } from '../codegen/fixtures/generated/providers/shopmart.ts';

describe('generated types', () => {
  it('createClient returns the provider client type for its id', () => {
    expectTypeOf(createClient).toBeCallableWith('plainauth', {});
    const plainauth = () => createClient('plainauth');
    const shopmart = () => createClient('shopmart', { clientId: 'x', vars: { shop: 'acme' } });
    expectTypeOf(plainauth).returns.toEqualTypeOf<PlainauthClient>();
    expectTypeOf(shopmart).returns.toEqualTypeOf<ShopmartClient>();
    expectTypeOf<ProviderId>().toEqualTypeOf<'plainauth' | 'shopmart'>();
  });

  it('takes ids from a list (ProviderId, or any string) and gives the generic client', () => {
    const fromList = (id: ProviderId) => createClient(id, { clientId: 'x' });
    const fromString = (id: string) => createClient(id);
    expectTypeOf(fromList).returns.toEqualTypeOf<OAuthClient>();
    expectTypeOf(fromString).returns.toEqualTypeOf<OAuthClient>();
  });

  it('requires URL variables as named string fields', () => {
    expectTypeOf<ShopmartClientOptions['vars']>().toEqualTypeOf<{ shop: string }>();
    expectTypeOf<Parameters<typeof createShopmartClient>>().toEqualTypeOf<[options: ShopmartClientOptions]>();
  });

  it('types token extra fields and the raw profile from their schemas', () => {
    const client = createShopmartClient({ clientId: 'id', vars: { shop: 'acme' } });
    expectTypeOf(client.callback).returns.resolves.toEqualTypeOf<ShopmartTokenSet>();
    expectTypeOf<ShopmartTokenSet['raw']['shop_id']>().toEqualTypeOf<number>();
    expectTypeOf<ShopmartTokenSet>().toMatchTypeOf<TokenSet>();
    expectTypeOf(client.profile).returns.resolves.toEqualTypeOf<NormalizedProfile & { raw: ShopmartProfile }>();
    expectTypeOf<ShopmartProfile['address']>().toEqualTypeOf<{ city?: string; [k: string]: unknown } | undefined>();
  });

  it('types operation parameters and answers', () => {
    const client: ShopmartClient = createShopmartClient({ clientId: 'id', vars: { shop: 'acme' } });
    expectTypeOf(client.api.createOrder).parameter(1).toEqualTypeOf<ShopmartCreateOrderParams>();
    expectTypeOf<ShopmartCreateOrderParams>().toEqualTypeOf<{ customerId: number; sku: string; quantity: number; gift?: boolean; 'dry-run'?: boolean }>();
    expectTypeOf(client.api.createOrder).returns.resolves.toHaveProperty('data').toEqualTypeOf<{ order_id: string; [k: string]: unknown }>();
    expectTypeOf(client.api.getMe).parameters.toEqualTypeOf<[token: TokenSet | string]>();
  });
});
