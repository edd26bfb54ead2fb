// Raw-HTTP helpers for the emulator's enforcement tests: no runtime client, just fetch, so each test states
// exactly what goes on the wire.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadManifestFile } from '../../src/manifest/load.ts';
import type { Emulator } from '../../src/emulator/index.ts';

export const REDIRECT_URI = 'http://127.0.0.1:9/callback';
export const VERIFIER = 'v'.repeat(43);
export const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

export function fixture(name: string) {
  return loadManifestFile(fileURLToPath(new URL(`./fixtures/${name}.yaml`, import.meta.url)));
}

export function basic(emulator: Emulator): string {
  const { clientId, clientSecret } = emulator.credentials;
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
}

/** GETs the authorization endpoint with `params`, without following the redirect. */
export function authorize(emulator: Emulator, params: Record<string, string | undefined>): Promise<Response> {
  const url = new URL(emulator.urls.authorize!);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return fetch(url, { redirect: 'manual' });
}

/** The callback parameters of a redirect answer. */
export function callbackOf(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect, got HTTP ${response.status}`);
  return new URL(location).searchParams;
}
