// An operation that is also a profile step (same method and path) is answered as the operation's response
// schema says, with the emulated user where the profile step reads it: one answer serves both callers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import { EMULATED_USER } from '../../src/emulator/identity.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import type { TokenSet } from '../../src/types.ts';
import { fixture } from './raw.ts';

let emulator: Emulator;
let client: OAuthClient;
let token: TokenSet;

beforeAll(async () => {
  const manifest = fixture('shared-path');
  emulator = await startEmulator(manifest);
  client = new OAuthClient(manifest, { ...emulator.credentials, endpoints: emulator.endpoints, redirectUri: 'http://127.0.0.1:9/cb', http: { retries: 0 } });
  const { url } = await client.authorize();
  const consent = await fetch(url, { redirect: 'manual' });
  token = await client.callback(consent.headers.get('location')!);
});
afterAll(async () => {
  await emulator.close();
});

describe('an operation on a profile step path', () => {
  it('answers the operation with a body of its response schema (a list), not the step object', async () => {
    const { status, data } = await client.get<unknown>('me/emails', { token });
    expect(status).toBe(200);
    expect(Array.isArray(data)).toBe(true);
    const emails = data as Array<Record<string, unknown>>;
    expect(emails.length).toBeGreaterThan(0);
    for (const item of emails) expect(item).toMatchObject({ address: expect.any(String), primary: expect.any(Boolean), verified: expect.any(Boolean) });
  });

  it('still gives the profile step the user where the profile reads it', async () => {
    const profile = await client.profile(token);
    expect(profile.email).toBe(EMULATED_USER.email);
  });
});

describe('a profile step whose answer is a list, with no operation to describe it', () => {
  it('answers a list holding the user where `$step[key=value]` reads it', async () => {
    const { operations: _none, ...manifest } = fixture('shared-path');
    const alone = await startEmulator({ ...manifest, operations: {} });
    try {
      const stepClient = new OAuthClient(fixture('shared-path'), { ...alone.credentials, endpoints: alone.endpoints, redirectUri: 'http://127.0.0.1:9/cb', http: { retries: 0 } });
      const { url } = await stepClient.authorize();
      const consent = await fetch(url, { redirect: 'manual' });
      const stepToken = await stepClient.callback(consent.headers.get('location')!);
      expect((await stepClient.profile(stepToken)).email).toBe(EMULATED_USER.email);
    } finally {
      await alone.close();
    }
  });
});
