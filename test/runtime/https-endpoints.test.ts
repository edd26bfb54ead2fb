// Every URL that carries a credential is https (loopback excepted): endpoints named by discovery metadata,
// absolute API paths and an absolute profile.url, not only the ones in the manifest and the client options.
import { SignJWT } from 'jose';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { OAuthClient } from '../../src/client.ts';
import { TokenSet } from '../../src/types.ts';
import { API, baseManifest, CLIENT, clientFor, useNock } from './helpers.ts';
import { OP, oidcManifest as minimalOidcManifest, useOidcTestKey } from './oidc-helpers.ts';

useNock();
const PLAIN = 'http://plain.example.test';
const signing = useOidcTestKey();
const oidcManifest = minimalOidcManifest();

const SECURE_METADATA = {
  issuer: OP,
  authorization_endpoint: `${OP}/authorize`,
  token_endpoint: `${OP}/token`,
  userinfo_endpoint: `${OP}/userinfo`,
  jwks_uri: `${OP}/jwks`,
  revocation_endpoint: `${OP}/revoke`,
};

/** Everything the plain-http host would answer, so only the https check can stop a call from succeeding. */
function plainHost(): { hits: string[] } {
  const hits: string[] = [];
  for (const method of ['GET', 'POST']) {
    nock(PLAIN)
      .persist()
      .intercept(() => true, method)
      .reply((uri) => {
        hits.push(`${method} ${uri}`);
        if (uri.startsWith('/jwks')) return [200, { keys: [signing.jwk] }];
        if (uri.startsWith('/token')) return [200, { access_token: 'at-2', token_type: 'Bearer' }];
        return [200, { sub: 'user-1', id: 'user-1' }];
      });
  }
  return { hits };
}

async function idToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(OP).setAudience(CLIENT.clientId).setSubject('user-1').setIssuedAt(now).setExpirationTime(now + 600).sign(signing.key);
}

const token = new TokenSet({ accessToken: 'at-1', tokenType: 'Bearer', refreshToken: 'rt-1', raw: {} });

const DISCOVERED: Record<string, (client: OAuthClient) => Promise<unknown>> = {
  authorization_endpoint: (client) => client.authorize(),
  token_endpoint: (client) => client.refresh(token),
  userinfo_endpoint: (client) => client.userinfo(token),
  revocation_endpoint: (client) => client.revoke(token),
  jwks_uri: async (client) => {
    nock(OP).post('/token').reply(200, { access_token: 'at-2', token_type: 'Bearer', id_token: await idToken() });
    return client.refresh(token);
  },
};

describe('discovered endpoints', () => {
  for (const [field, use] of Object.entries(DISCOVERED)) {
    it(`refuses a plain-http ${field} before sending anything to it`, async () => {
      nock(OP).get('/.well-known/openid-configuration').reply(200, { ...SECURE_METADATA, [field]: `${PLAIN}/${field.split('_')[0]}` });
      const plain = plainHost();
      await expect(use(clientFor(oidcManifest))).rejects.toMatchObject({ code: 'INSECURE_ENDPOINT', message: expect.stringContaining(field) });
      expect(plain.hits).toEqual([]);
    });
  }

  it('accepts plain http on loopback', async () => {
    nock(OP).get('/.well-known/openid-configuration').reply(200, { ...SECURE_METADATA, authorization_endpoint: 'http://127.0.0.1:9/authorize' });
    const { url } = await clientFor(oidcManifest).authorize();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:9\/authorize\?/);
  });

  it('refuses metadata whose endpoint is not a string', async () => {
    nock(OP).get('/.well-known/openid-configuration').reply(200, { ...SECURE_METADATA, token_endpoint: 42 });
    await expect(clientFor(oidcManifest).authorize()).rejects.toMatchObject({ code: 'DISCOVERY_FAILED' });
  });
});

describe('API URLs', () => {
  it('refuses an absolute plain-http path given to request()', async () => {
    const plain = plainHost();
    const client = clientFor(baseManifest());
    await expect(client.get(`${PLAIN}/v1/me`, { token })).rejects.toMatchObject({ code: 'INSECURE_ENDPOINT' });
    expect(plain.hits).toEqual([]);
  });

  it.each(['///evil.example.test/steal', 'http:evil.example.test/steal', 'https:/\\evil.example.test/steal'])(
    'refuses a relative path that resolves outside the API origin (%s)',
    async (path) => {
      const client = clientFor(baseManifest());
      await expect(client.get(path, { token })).rejects.toMatchObject({ code: expect.stringMatching(/^(CONFIG_INVALID|INSECURE_ENDPOINT)$/) });
    },
  );

  it('refuses an absolute plain-http profile.url and profile step url from the manifest', async () => {
    const plain = plainHost();
    const direct = clientFor(baseManifest({ profile: { url: `${PLAIN}/me`, fields: { id: 'id' } } }));
    await expect(direct.profile(token)).rejects.toMatchObject({ code: 'INSECURE_ENDPOINT' });
    const step = clientFor(baseManifest({ profile: { before: [{ name: 'lookup', url: `${PLAIN}/lookup` }], url: 'me', fields: { id: 'id' } } }));
    await expect(step.profile(token)).rejects.toMatchObject({ code: 'INSECURE_ENDPOINT' });
    expect(plain.hits).toEqual([]);
  });

  it('still calls https and loopback API URLs', async () => {
    nock(API).get('/v1/me').reply(200, { id: 'u1' });
    expect((await clientFor(baseManifest()).get('me', { token })).data).toEqual({ id: 'u1' });
    nock('http://127.0.0.1:9').get('/me').reply(200, { id: 'u2' });
    expect((await clientFor(baseManifest()).get('http://127.0.0.1:9/me', { token })).data).toEqual({ id: 'u2' });
  });
});
