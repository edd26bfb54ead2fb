// The device grant (RFC 8628) in the conformance flow: a sign-in the user approves must yield a token. The
// user's part is played on the emulator's verification page, over HTTP.
import type { OAuthClient } from '../../client.ts';
import type { DeviceAuthorization } from '../../oauth2/device.ts';

/** What the user does on the verification page: types the code and allows or denies. */
export async function decideOnDevice(handle: Pick<DeviceAuthorization, 'verificationUri' | 'userCode'>, choice: 'allow' | 'deny'): Promise<void> {
  const response = await fetch(handle.verificationUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: handle.userCode, choice }).toString(),
  });
  if (response.status !== 200) throw new Error(`the device verification page answered HTTP ${response.status}`);
}

/** An approved device sign-in must yield a token (the denial is a negative check: device-denial.ts). */
export async function deviceSignIn(client: OAuthClient): Promise<string[]> {
  const approved = await client.deviceAuthorization();
  await decideOnDevice(approved, 'allow');
  const token = await client.pollDeviceToken(approved);
  if (!token.accessToken) throw new Error('the device grant gave no access token');
  return ['device'];
}
