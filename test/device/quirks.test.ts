// The manifest's device fields, each on the wire: GitHub's form-encoded answer, Google's verification_url and
// secret-less device request, Microsoft's tenant template, OIDC discovery's device_authorization_endpoint, and
// the schema's rules for the grant. Each test fails when the runtime (or the emulator) ignores its field.
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.ts';
import { Manifest } from '../../src/manifest/schema.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import { clientOf, decideOnDevice, deviceSetUp, polls } from './helpers.ts';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const FAST = { device: { interval: 0 } };

describe('device quirks of real providers', () => {
  it('GitHub: reads the form-encoded answer served under a misleading Content-Type (device.contentType)', async () => {
    const setup = await deviceSetUp('github', FAST);
    emulator = setup.emulator;
    const handle = await setup.client.deviceAuthorization();
    expect(handle).toMatchObject({ provider: 'github', expiresIn: 600, interval: 0, verificationUri: `${emulator.url}/device` });
    expect(handle.userCode).toMatch(/^[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}$/);
    const raw = await fetch(emulator.urls.deviceAuthorization!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'oauth-registry' },
      body: `client_id=${emulator.credentials.clientId}`,
    });
    expect(raw.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(new URLSearchParams(await raw.text()).get('expires_in')).toBe('600');
    // A client that ignores device.contentType goes by the header and finds no fields.
    const ignoring = clientOf(emulator, { ...emulator.manifest, id: 'github-json', device: { ...emulator.manifest.device!, contentType: undefined } });
    await expect(ignoring.deviceAuthorization()).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
  });

  it('GitHub: device requests and polls carry no client secret (token.grantClientAuth.device_code: none)', async () => {
    const setup = await deviceSetUp('github', FAST);
    emulator = setup.emulator;
    const handle = await setup.client.deviceAuthorization();
    await decideOnDevice(handle, 'allow');
    await setup.client.pollDeviceToken(handle);
    const sent = emulator.requests.filter((request) => request.route === 'deviceAuthorization' || request.route === 'token');
    expect(sent).toHaveLength(2);
    for (const request of sent) expect(Object.keys(request.params)).not.toContain('client_secret');
  });

  it('Google: reads verification_url as verificationUri, and sends the secret on polls only', async () => {
    const setup = await deviceSetUp('google', FAST);
    emulator = setup.emulator;
    const handle = await setup.client.deviceAuthorization({ scope: ['email'] });
    expect(handle.verificationUri).toBe(`${emulator.url}/device`);
    await decideOnDevice(handle, 'allow');
    const token = await setup.client.pollDeviceToken(handle);
    // OIDC: openid is added to the scopes, and the id_token is verified (its claims are read).
    expect(token.claims?.sub).toBeTruthy();
    const [request] = emulator.requests.filter((r) => r.route === 'deviceAuthorization');
    expect(request!.params).toEqual({ client_id: emulator.credentials.clientId, scope: 'openid email' });
    expect(Object.keys(polls(emulator)[0]!.params)).toContain('client_secret');
  });

  it('Microsoft: fills the tenant into the device endpoint template', async () => {
    const setup = await deviceSetUp('microsoft', FAST);
    emulator = setup.emulator;
    await setup.client.deviceAuthorization();
    const [request] = emulator.requests.filter((r) => r.route === 'deviceAuthorization');
    expect(request!.path).toMatch(/\/login\.microsoftonline\.com\/common\/oauth2\/v2\.0\/devicecode$/);
    expect(request!.status).toBe(200);
  });
});

describe('device grant without a named endpoint (OIDC discovery)', () => {
  const oidcManifest = {
    id: 'device-discovery',
    name: 'Device Discovery',
    protocol: 'oidc',
    docs: 'https://docs.example.test/device',
    lastVerified: '2026-12-06',
    grants: ['authorization_code', 'device_code'],
    oidc: { issuer: 'https://id.example.test' },
    token: { grantClientAuth: { device_code: 'none' } },
  };

  it('uses discovery\'s device_authorization_endpoint', async () => {
    emulator = (await deviceSetUp(oidcManifest, FAST)).emulator;
    const { deviceAuthorization, ...others } = emulator.endpoints;
    expect(deviceAuthorization).toBeDefined();
    const client = clientOf(emulator, emulator.manifest, others);
    const handle = await client.deviceAuthorization();
    await decideOnDevice(handle, 'allow');
    const token = await client.pollDeviceToken(handle);
    expect(token.accessToken).toBeTruthy();
    expect(emulator.requests.map((r) => r.route)).toEqual(expect.arrayContaining(['discovery', 'deviceAuthorization', 'token']));
  });

  it('an OAuth 2 client without the endpoint or the grant says so before any request', async () => {
    emulator = (await deviceSetUp('gitlab', FAST)).emulator;
    const client = clientOf(emulator, emulator.manifest);
    await expect(client.deviceAuthorization()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('device fields in the schema', () => {
  const base = { id: 'x', name: 'X', protocol: 'oauth2', docs: 'https://docs.example.test', lastVerified: '2026-12-06', endpoints: { authorize: 'https://id.example.test/a', token: 'https://id.example.test/t' } };

  it('an OAuth 2 manifest with the device_code grant needs endpoints.deviceAuthorization', () => {
    const result = Manifest.safeParse({ ...base, grants: ['device_code'] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('endpoints.deviceAuthorization');
  });

  it('the device section needs the grant, and only takes known fields and errors', () => {
    expect(Manifest.safeParse({ ...base, device: { contentType: 'form' } }).success).toBe(false);
    const withGrant = { ...base, grants: ['device_code'], endpoints: { ...base.endpoints, deviceAuthorization: 'https://id.example.test/d' } };
    expect(Manifest.safeParse({ ...withGrant, device: { fields: { verification_url: 'x' } } }).success).toBe(false);
    expect(Manifest.safeParse({ ...withGrant, device: { errors: { invalid_grant: 'x' } } }).success).toBe(false);
    expect(Manifest.safeParse({ ...withGrant, endpoints: { ...withGrant.endpoints, deviceAuthorization: 'http://id.example.test/d' } }).success).toBe(false);
    const parsed = parseManifestObject({ ...withGrant, device: { fields: { verification_uri: 'verification_url' } } });
    expect(parsed.device).toMatchObject({ fields: { verification_uri: 'verification_url' }, headers: {}, errors: {} });
  });
});

describe('the emulator\'s verification page', () => {
  it('shows a form filled from verification_uri_complete and takes the code in any case, with or without the dash', async () => {
    const setup = await deviceSetUp('github', FAST);
    emulator = setup.emulator;
    const handle = await setup.client.deviceAuthorization();
    const page = await fetch(handle.verificationUriComplete!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`value="${handle.userCode}"`);
    const unknown = await fetch(handle.verificationUri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'user_code=BBBB-BBBB&choice=allow' });
    expect(unknown.status).toBe(400);
    await decideOnDevice({ ...handle, userCode: handle.userCode.replace('-', '').toLowerCase() }, 'allow');
    await expect(setup.client.pollDeviceToken(handle)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('refuses polls for a code the user has not approved, under the provider\'s error shape', async () => {
    const setup = await deviceSetUp('github', FAST);
    emulator = setup.emulator;
    await setup.client.deviceAuthorization();
    const [grantType, badCode] = ['urn:ietf:params:oauth:grant-type:device_code', 'dc_unknown'];
    const response = await fetch(emulator.urls.token!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'oauth-registry' },
      body: new URLSearchParams({ grant_type: grantType, device_code: badCode, client_id: emulator.credentials.clientId }).toString(),
    });
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
