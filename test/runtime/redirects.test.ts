// Token and API calls never follow a redirect: a 30x from the provider (or something in front of it) would
// otherwise carry the code, the client secret or the access token to whatever host the Location names.
import { afterEach, describe, expect, it } from 'vitest';
import { OAuthRegistryError } from '../../src/errors.ts';
import { baseManifest, clientFor, signIn } from './helpers.ts';
import { type LoopbackServer, serve } from './loopback.ts';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The provider's host, answering every request with `status` to `elsewhere`, and the other host. */
async function redirecting(status: number): Promise<{ provider: LoopbackServer; elsewhere: LoopbackServer }> {
  const elsewhere = await serve((_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'stolen', token_type: 'Bearer', id: 'u1' }));
  });
  const provider = await serve((hit, res) => {
    res.writeHead(status, { location: `${elsewhere.origin}${hit.url}` });
    res.end();
  });
  servers.push(elsewhere, provider);
  return { provider, elsewhere };
}

describe('redirects are not followed', () => {
  for (const status of [302, 307]) {
    it(`token endpoint answering ${status}: the code exchange fails, the other host gets nothing`, async () => {
      const { provider, elsewhere } = await redirecting(status);
      const client = clientFor(baseManifest({ token: { clientAuth: 'basic_and_client_id' } }), { endpoints: { token: `${provider.origin}/token` } });
      const { callback } = await signIn(client);
      // How a 30x is reported is the HTTP layer's choice; that it is an error, and a typed one, is not.
      await expect(client.callback(callback)).rejects.toBeInstanceOf(OAuthRegistryError);
      expect(provider.hits).toHaveLength(1);
      expect(elsewhere.hits).toEqual([]);
    });

    it(`API answering ${status}: the call fails, the other host gets nothing`, async () => {
      const { provider, elsewhere } = await redirecting(status);
      const client = clientFor(baseManifest(), { endpoints: { api: `${provider.origin}/v1/` } });
      await expect(client.get('me', { token: 'at-1' })).rejects.toBeInstanceOf(OAuthRegistryError);
      await expect(client.post('items', { token: 'at-1', json: { a: 1 } })).rejects.toBeInstanceOf(OAuthRegistryError);
      expect(provider.hits).toHaveLength(2);
      expect(elsewhere.hits).toEqual([]);
    });
  }
});
