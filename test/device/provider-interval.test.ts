// GitHub names the new interval in its slow_down answer; a longer one than interval + 5 is honoured, a shorter
// one is not. A small HTTP server on 127.0.0.1 plays that provider, since the emulator follows RFC 8628 to
// the letter (it names none); it also echoes the device code in its errors, which must not reach a message.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';
import { scaledSleep } from './helpers.ts';

const DEVICE_CODE = 'dc-secret-device-code-1234567890';
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Answers the device request, then each poll with the next of `answers` (as JSON, status 400 for errors). */
async function provider(answers: Record<string, unknown>[]): Promise<{ client: OAuthClient; polls: () => number }> {
  let polls = 0;
  server = createServer((request, response) => {
    request.resume().on('end', () => {
      const body = request.url === '/device' ? { device_code: DEVICE_CODE, user_code: 'BCDF-GHJK', verification_uri: 'https://provider.example/device', expires_in: 900 } : answers[polls++]!;
      response.writeHead(body.error ? 400 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  const manifest = parseManifestObject({
    id: 'interval-naming',
    name: 'Interval Naming',
    protocol: 'oauth2',
    docs: 'https://docs.example.test/device',
    lastVerified: '2026-12-06',
    grants: ['device_code'],
    endpoints: { token: `${origin}/token`, deviceAuthorization: `${origin}/device` },
    token: { grantClientAuth: { device_code: 'none' } },
  });
  return { client: new OAuthClient(manifest, { clientId: 'cli', http: { retries: 0 } }), polls: () => polls };
}

describe('slow_down with an interval named by the provider', () => {
  it('waits the longer of interval + 5 and the named interval', async () => {
    const { client } = await provider([
      { error: 'slow_down', interval: 30 },
      { error: 'slow_down', interval: 2 },
      { access_token: 'at-1', token_type: 'bearer' },
    ]);
    const device = await client.deviceAuthorization();
    expect(device.interval).toBe(5);
    const { sleep, asked } = scaledSleep(1);
    await expect(client.pollDeviceToken(device, { sleep })).resolves.toMatchObject({ accessToken: 'at-1' });
    expect(asked).toEqual([5000, 30_000, 35_000]);
  });

  it('keeps the device code out of an error the provider echoes it in', async () => {
    const { client, polls } = await provider([{ error: 'invalid_grant', error_description: `device code ${DEVICE_CODE} is not known` }]);
    const device = await client.deviceAuthorization();
    const error = (await client.pollDeviceToken(device, scaledSleep(1)).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'TOKEN_ERROR', error: 'invalid_grant' });
    expect(polls()).toBe(1);
    for (const shown of [error.message, String(error), inspect(error), error.stack ?? '']) expect(shown).not.toContain(DEVICE_CODE);
  });
});
