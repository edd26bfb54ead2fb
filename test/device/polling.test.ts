// RFC 8628 §3.5 polling outcomes, each against the emulator over HTTP: pending then the token, slow_down
// (+5 s, measured in the emulator's log), access_denied, expired_token, the code's own expiry, and abort.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceFlowError } from '../../src/errors.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import type { OAuthClient } from '../../src/client.ts';
import { DeviceAuthorization } from '../../src/oauth2/device.ts';
import { decideOnDevice, deviceSetUp, polls, scaledSleep } from './helpers.ts';

/** Real milliseconds per emulated second: 5 s intervals become 50 ms. */
const SECOND_MS = 10;

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function github(options: Parameters<typeof deviceSetUp>[1] = {}): Promise<OAuthClient> {
  const setup = await deviceSetUp('github', { device: { secondMs: SECOND_MS }, ...options });
  emulator = setup.emulator;
  return setup.client;
}

describe('device grant polling against the emulator', () => {
  it('waits the interval between polls while authorization is pending, then returns the token', async () => {
    const client = await github();
    const handle = await client.deviceAuthorization();
    expect(handle.interval).toBe(5);
    // The user approves while the client waits for its third poll.
    const { sleep, asked } = scaledSleep(SECOND_MS, (call) => (call === 3 ? decideOnDevice(handle, 'allow') : undefined));
    const token = await client.pollDeviceToken(handle, { sleep });
    expect(token.accessToken).toMatch(/^at_/);
    expect(asked).toEqual([5000, 5000, 5000]);
    const log = polls(emulator!);
    expect(log.map((poll) => poll.status)).toEqual([400, 400, 200]);
    expect(log[0]!.rejection).toMatch(/not approved/);
    // Every gap the emulator saw is at least the interval (5 emulated seconds).
    for (let i = 1; i < log.length; i++) expect(log[i]!.at - log[i - 1]!.at).toBeGreaterThanOrEqual(5 * SECOND_MS);
  });

  it('adds 5 seconds to the interval after slow_down, for that poll and every later one', async () => {
    const client = await github();
    const handle = await client.deviceAuthorization();
    // The first wait is cut short (a timer firing early): the emulator answers slow_down. The user approves
    // before the third poll.
    const { sleep, asked } = scaledSleep(SECOND_MS, (call) => (call === 1 ? 0 : call === 3 ? decideOnDevice(handle, 'allow') : undefined));
    const token = await client.pollDeviceToken(handle, { sleep });
    expect(token.accessToken).toBeTruthy();
    expect(asked).toEqual([5000, 10_000, 10_000]);
    const log = polls(emulator!);
    expect(log.map((poll) => poll.status)).toEqual([400, 400, 200]);
    expect(log[0]!.rejection).toMatch(/sooner than the interval; wait 10 seconds/);
    expect(log[1]!.rejection).toMatch(/not approved/);
    // Measured by the emulator: after slow_down the client left at least 10 emulated seconds between polls.
    expect(log[1]!.at - log[0]!.at).toBeGreaterThanOrEqual(10 * SECOND_MS);
    expect(log[2]!.at - log[1]!.at).toBeGreaterThanOrEqual(10 * SECOND_MS);
  });

  it('ends with DEVICE_ACCESS_DENIED when the user denies on the verification page', async () => {
    const client = await github();
    const handle = await client.deviceAuthorization();
    await decideOnDevice(handle, 'deny');
    const error = await client.pollDeviceToken(handle, scaledSleep(SECOND_MS)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceFlowError);
    expect(error).toMatchObject({ code: 'DEVICE_ACCESS_DENIED', error: 'access_denied' });
    expect(polls(emulator!)).toHaveLength(1);
  });

  it('reads the provider\'s own spelling of a denial (Microsoft: authorization_declined)', async () => {
    const setup = await deviceSetUp('microsoft', { device: { secondMs: SECOND_MS } });
    emulator = setup.emulator;
    const handle = await setup.client.deviceAuthorization();
    await decideOnDevice(handle, 'deny');
    const error = await setup.client.pollDeviceToken(handle, scaledSleep(SECOND_MS)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DEVICE_ACCESS_DENIED', error: 'authorization_declined' });
  });

  it('ends with DEVICE_CODE_EXPIRED when the emulator answers expired_token', async () => {
    // The codes live 30 emulated seconds (150 ms); the user never comes.
    const client = await github({ device: { secondMs: 5, interval: 1, lifetimeSeconds: 30 } });
    const handle = await client.deviceAuthorization();
    const error = await client.pollDeviceToken(handle, scaledSleep(5)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DEVICE_CODE_EXPIRED', error: 'expired_token' });
    const log = polls(emulator!);
    expect(log.length).toBeGreaterThan(1);
    expect(log.at(-1)!.rejection).toMatch(/expired/);
  });

  it('stops before a poll that would come after the code expires, without sending it', async () => {
    const client = await github();
    const issued = await client.deviceAuthorization();
    // Two seconds left, five to wait: no poll can succeed.
    const handle = new DeviceAuthorization({ ...issued, expiresAt: Date.now() + 2000 });
    const error = await client.pollDeviceToken(handle, scaledSleep(SECOND_MS)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DEVICE_CODE_EXPIRED', error: undefined });
    expect(polls(emulator!)).toHaveLength(0);
  });

  it('rejects with the signal\'s reason when aborted while waiting, and polls no more', async () => {
    const client = await github();
    const handle = await client.deviceAuthorization();
    const controller = new AbortController();
    const { sleep } = scaledSleep(SECOND_MS, (call) => {
      if (call === 2) controller.abort(new Error('user pressed Ctrl-C'));
    });
    await expect(client.pollDeviceToken(handle, { sleep, signal: controller.signal })).rejects.toThrow('user pressed Ctrl-C');
    expect(polls(emulator!)).toHaveLength(1);
  });

  it('honours an already aborted signal and the default (real) sleep', async () => {
    const client = await github();
    const handle = await client.deviceAuthorization();
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    // No injected sleep: the built-in 5 s wait must end at the abort, not after 5 s.
    await expect(client.pollDeviceToken(handle, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(client.pollDeviceToken(handle, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(polls(emulator!)).toHaveLength(0);
  });

  it('spends the device code once: a second poll after the token is refused', async () => {
    const client = await github({ device: { secondMs: SECOND_MS, interval: 0 } });
    const handle = await client.deviceAuthorization();
    await decideOnDevice(handle, 'allow');
    await client.pollDeviceToken(handle);
    await expect(client.pollDeviceToken(handle)).rejects.toMatchObject({ code: 'TOKEN_ERROR', error: 'invalid_grant' });
  });

  it('never shows the device code or the user code in errors, inspection or logs', async () => {
    const client = await github({ device: { secondMs: SECOND_MS, interval: 0 } });
    const handle = await client.deviceAuthorization();
    await decideOnDevice(handle, 'deny');
    const error = (await client.pollDeviceToken(handle).catch((e: unknown) => e)) as Error;
    for (const shown of [inspect(handle), inspect(error), String(error), error.stack ?? '', JSON.stringify(emulator!.requests)]) {
      expect(shown).not.toContain(handle.deviceCode);
      expect(shown).not.toContain(handle.userCode);
    }
    expect(inspect(handle)).toContain('[redacted]');
  });
});
