// A manifest that offers DPoP without requiring it (its `dpop` section, e.g. a provider where DPoP is a
// per-app setting) is proven twice: the full flow with bearer tokens, and this sign-in by a client that asks
// for DPoP, whose tokens must come back bound and work at the API, nonce round trips included.
import type { ProviderManifest } from '../../manifest/schema.ts';
import { consent, setUp } from './flow.ts';

/** The emulator's refusal of a proof without its current nonce: the one round trip RFC 9449 §8 and §9 expect. */
const NONCE_ROUND_TRIP = /DPoP proof needs a current server nonce/;

export function offersOptionalDpop(manifest: ProviderManifest): boolean {
  return manifest.dpop !== undefined && !manifest.dpop.required;
}

/** Signs in with `dpop: true`; returns the steps completed. Any refusal but a nonce round trip fails it. */
export async function dpopSignIn(manifest: ProviderManifest): Promise<string[]> {
  const { emulator, client } = await setUp(manifest, { dpop: true });
  try {
    const { url } = await client.authorize();
    const token = await client.callback(await consent(url));
    if (token.tokenType.toLowerCase() !== 'dpop') throw new Error(`a DPoP client got a ${token.tokenType} token`);
    const steps = ['dpop token'];
    if (manifest.profile || manifest.protocol === 'oidc') {
      await client.profile(token);
      steps.push('dpop profile');
    }
    const refused = emulator.requests.filter((request) => request.status >= 400);
    const other = refused.filter((request) => !NONCE_ROUND_TRIP.test(request.rejection ?? ''));
    if (other.length) throw new Error(`the emulator refused ${other.map((r) => `${r.method} ${r.path}: ${r.rejection ?? r.status}`).join('; ')}`);
    // A provider that demands nonces sends the client through the round trip at least once.
    if (manifest.dpop?.nonce && refused.length === 0) throw new Error('the emulator asked for no DPoP nonce though the manifest says dpop.nonce');
    return steps;
  } finally {
    await emulator.close();
  }
}
