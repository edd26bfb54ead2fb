// RFC 9207: the callback's `iss` names the provider that answered. A provider known to send it (by its
// manifest or by its discovery metadata) must send it, or the response is refused before any code exchange.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseManifestObject } from '../../src/manifest/load.ts';
import { clearDiscoveryCache } from '../../src/oidc/discovery.ts';
import { baseManifest, clientFor, ORIGIN, tokenReply, useNock } from './helpers.ts';
import { OP, oidcManifest } from './oidc-helpers.ts';

useNock();
beforeEach(() => clearDiscoveryCache());

const ISSUER = 'https://id.example.test';

describe('authorization.issRequired', () => {
  const requiring = () => clientFor(baseManifest({ authorization: { issuer: ISSUER, issRequired: true } }));

  it('refuses a callback without iss before the token request, success and error responses alike', async () => {
    const client = requiring();
    for (const outcome of ['code=c', 'error=access_denied']) {
      const { transaction } = await client.authorize();
      const error = await client.callback(`?${outcome}&state=${transaction.state}`).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'CallbackError', code: 'ISSUER_MISMATCH', message: expect.stringContaining('no iss parameter') });
    }
  });

  it('accepts the callback when iss names the issuer', async () => {
    const client = requiring();
    const { transaction } = await client.authorize();
    nock(ORIGIN).post('/token').reply(200, tokenReply());
    await expect(client.callback({ code: 'c', state: transaction.state, iss: ISSUER })).resolves.toMatchObject({ accessToken: 'at-1' });
  });

  it('leaves iss optional when the manifest does not require it', async () => {
    const client = clientFor(baseManifest({ authorization: { issuer: ISSUER } }));
    const { transaction } = await client.authorize();
    nock(ORIGIN).post('/token').reply(200, tokenReply());
    await expect(client.callback({ code: 'c', state: transaction.state })).resolves.toMatchObject({ accessToken: 'at-1' });
  });

  it('needs authorization.issuer outside OIDC', () => {
    expect(() => parseManifestObject(baseManifest({ authorization: { issRequired: true } }))).toThrowError(expect.objectContaining({ code: 'MANIFEST_INVALID', message: expect.stringContaining('issRequired needs authorization.issuer') }));
  });
});

describe("discovery's authorization_response_iss_parameter_supported", () => {
  function oidcClient() {
    return clientFor(oidcManifest());
  }

  function serveDiscovery(extra: Record<string, unknown>) {
    nock(OP)
      .persist()
      .get('/.well-known/openid-configuration')
      .reply(200, { issuer: OP, authorization_endpoint: `${OP}/authorize`, token_endpoint: `${OP}/token`, jwks_uri: `${OP}/jwks`, ...extra });
  }

  /** The token endpoint refuses the code: reaching it shows the callback passed the iss check. */
  function refuseCode() {
    nock(OP).post('/token').reply(400, { error: 'invalid_grant' });
  }

  it('when true, refuses a callback without iss before the token request', async () => {
    serveDiscovery({ authorization_response_iss_parameter_supported: true });
    const client = oidcClient();
    const { transaction } = await client.authorize();
    await expect(client.callback({ code: 'c', state: transaction.state })).rejects.toMatchObject({ code: 'ISSUER_MISMATCH', message: expect.stringContaining('no iss parameter') });
  });

  it('when true, lets a callback naming the issuer through to the token endpoint', async () => {
    serveDiscovery({ authorization_response_iss_parameter_supported: true });
    const client = oidcClient();
    const { transaction } = await client.authorize();
    refuseCode();
    await expect(client.callback({ code: 'c', state: transaction.state, iss: OP })).rejects.toMatchObject({ code: 'TOKEN_ERROR', error: 'invalid_grant' });
  });

  it.each([[{}], [{ authorization_response_iss_parameter_supported: false }]])('when absent or false (%j), iss stays optional', async (extra) => {
    serveDiscovery(extra);
    const client = oidcClient();
    const { transaction } = await client.authorize();
    refuseCode();
    await expect(client.callback({ code: 'c', state: transaction.state })).rejects.toMatchObject({ code: 'TOKEN_ERROR' });
  });
});
