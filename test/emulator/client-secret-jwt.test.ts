// A provider whose client secret is a JWT signed with the app's key: the emulator hands out the key,
// accepts secrets it signed, and refuses a secret signed with any other key.
import { exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';

const manifest = {
  id: 'signed-secret',
  name: 'Signed Secret',
  protocol: 'oauth2',
  docs: 'https://docs.example.test/signed-secret',
  lastVerified: '2026-11-23',
  variables: { teamId: { description: 'team', example: 'TEAM42' } },
  endpoints: { authorize: 'https://id.example.test/authorize', token: 'https://id.example.test/token', api: 'https://api.example.test/' },
  token: { clientSecretJwt: { issuer: '{{vars.teamId}}', audience: 'https://id.example.test', keyId: 'K1' } },
  profile: { url: 'me', fields: { id: 'id' } },
} as const;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator(manifest);
});
afterAll(async () => {
  await emulator.close();
});

async function signIn(privateKey: string) {
  const client = new OAuthClient(parseManifestObject(manifest), {
    clientId: emulator.credentials.clientId,
    privateKey,
    endpoints: emulator.endpoints,
    vars: emulator.vars,
    redirectUri: 'http://127.0.0.1:9/cb',
    http: { retries: 0 },
  });
  const { url } = await client.authorize();
  const consent = await fetch(url, { redirect: 'manual' });
  return client.callback(consent.headers.get('location')!);
}

describe('emulated signed client secret', () => {
  it('accepts a secret signed with the key it handed out', async () => {
    expect(emulator.credentials.privateKey).toContain('BEGIN PRIVATE KEY');
    expect((await signIn(emulator.credentials.privateKey!)).accessToken).toBeTruthy();
  });

  it('refuses a secret signed with another key', async () => {
    const other = await exportPKCS8((await generateKeyPair('ES256', { extractable: true })).privateKey);
    await expect(signIn(other)).rejects.toMatchObject({ code: 'TOKEN_ERROR', error: 'invalid_client' });
  });
});
