// An operation that shares the profile's path is told apart by the profile's fixed query values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { createClient } from '../../src/index.ts';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator('facebook');
});
afterAll(async () => {
  await emulator.close();
});

describe('operations beside the profile', () => {
  it('answers an operation on the profile path with other fixed values as that operation', async () => {
    const client = createClient('facebook', { ...emulator.credentials, endpoints: emulator.endpoints, vars: emulator.vars, redirectUri: 'http://127.0.0.1:9/cb' });
    const { url } = await client.authorize();
    const consent = await fetch(url, { redirect: 'manual' });
    const token = await client.callback(consent.headers.get('location')!);
    const me = await client.api.getMe(token, { fields: 'id,name' });
    expect(me.status).toBe(200);
    expect(typeof me.data.id).toBe('string');
  });
});
