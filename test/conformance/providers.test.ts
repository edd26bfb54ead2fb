// Conformance, generated from providers/: every manifest runs the full flow through the real runtime against
// the emulator over real HTTP, plus the negatives every provider must refuse.
import { afterEach, describe, expect, it } from 'vitest';
import { createProviderClient, MemoryStore, OAuthRegistryError } from '../../src/index.ts';
import type { ProviderManifest } from '../../src/manifest/schema.ts';
import type { Store } from '../../src/types.ts';
import { listManifestFiles, loadProviderManifests } from '../provider-manifests.ts';
import { consent, fullFlow, REDIRECT_URI, setUp, type FlowSetup } from './flow.ts';

const completed = new Set<string>();

let open: FlowSetup | undefined;
afterEach(async () => {
  await open?.emulator.close();
  open = undefined;
});

async function start(manifest: ProviderManifest, options: Parameters<typeof setUp>[1] = {}): Promise<FlowSetup> {
  open = await setUp(manifest, options);
  return open;
}

/** Rejects with an OAuthRegistryError whose code is one of `codes`. */
async function expectCode(promise: Promise<unknown>, codes: string[]): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'expected the call to fail').toBeInstanceOf(OAuthRegistryError);
  expect(codes).toContain((error as OAuthRegistryError).code);
}

/** A transaction store that hands back a different PKCE verifier than the one authorize() stored. */
function verifierSwappingStore(): Store<unknown> {
  const inner = new MemoryStore();
  const swap = (value: unknown) =>
    value && typeof value === 'object' && 'codeVerifier' in value ? { ...value, codeVerifier: 'W'.repeat(43) } : value;
  return {
    get: async (key) => swap(await inner.get(key)),
    set: (key, value, ttl) => inner.set(key, value, ttl),
    delete: (key) => inner.delete(key),
    take: async (key) => swap(await (inner.take ? inner.take(key) : inner.get(key))),
  };
}

for (const { id, manifest } of loadProviderManifests()) {
  const oauth1 = manifest.protocol === 'oauth1';

  describe(`${id} (${manifest.protocol})`, () => {
    it('completes authorize → consent → callback → token → API → profile → refresh → revoke', async () => {
      const setup = await start(manifest);
      const steps = await fullFlow(setup, manifest);
      expect(steps[0]).toBe('token');
      if (manifest.profile) expect(steps).toContain('profile');
      if (setup.emulator.endpoints.revoke) expect(steps).toContain('revoke');
      expect(setup.emulator.requests.filter((r) => r.status >= 400)).toEqual([]);
      completed.add(id);
    });

    it.runIf(Boolean(manifest.profile))('normalizes the emulated user from the profile', async () => {
      const { client } = await start(manifest);
      const { url } = await client.authorize();
      const profile = await client.profile(await client.callback(await consent(url)));
      expect(profile.id).toBe('4815162342');
      expect(profile.socialId).toBe(`${id}$4815162342`);
    });

    it('refuses a callback with the wrong state', async () => {
      const { client } = await start(manifest);
      const { url } = await client.authorize();
      const callback = await consent(url);
      if (typeof callback !== 'string') throw new Error('expected a redirect');
      const forged = new URL(callback);
      if (oauth1) forged.searchParams.set('oauth_token', 'forged-token');
      else forged.searchParams.set('state', 'forged-state');
      await expectCode(client.callback(forged.toString()), ['STATE_MISMATCH', 'MISSING_STATE', 'TRANSACTION_EXPIRED', 'TRANSACTION_REPLAYED']);
    });

    it('refuses denied consent', async () => {
      const { client } = await start(manifest, { deny: true });
      const { url } = await client.authorize();
      await expectCode(client.callback(await consent(url)), ['AUTHORIZATION_DENIED', 'OAUTH1_ERROR', 'MISSING_CODE', 'STATE_MISMATCH']);
    });

    if (oauth1) {
      it('refuses a request signed with the wrong consumer secret', async () => {
        const setup = await start(manifest);
        const { clientId } = setup.emulator.credentials;
        const client = createProviderClient(id, { clientId, clientSecret: 'not-the-secret', redirectUri: REDIRECT_URI, endpoints: setup.emulator.endpoints, vars: setup.emulator.vars });
        await expectCode(client.authorize(), ['OAUTH1_ERROR', 'TOKEN_ERROR', 'HTTP_ERROR']);
        expect(setup.emulator.requests.at(-1)?.rejection).toMatch(/signature/);
      });
    } else {
      it('refuses a reused authorization code', async () => {
        const { client, emulator } = await start(manifest);
        const first = await client.authorize();
        const firstCallback = await consent(first.url);
        await client.callback(firstCallback);
        const second = await client.authorize();
        const secondCallback = await consent(second.url);
        if (typeof firstCallback !== 'string' || typeof secondCallback !== 'string') throw new Error('form_post callbacks: replay by code needs a redirect');
        const replay = new URL(secondCallback);
        replay.searchParams.set('code', new URL(firstCallback).searchParams.get('code')!);
        await expectCode(client.callback(replay.toString()), ['TOKEN_ERROR']);
        expect(emulator.requests.at(-1)?.rejection).toMatch(/already used/);
      });

      if (manifest.authorization.pkce !== 'unsupported') {
        it('refuses a wrong PKCE verifier', async () => {
          const { emulator } = await start(manifest);
          const swapping = createProviderClient(id, {
            clientId: emulator.credentials.clientId,
            clientSecret: emulator.credentials.clientSecret,
            redirectUri: REDIRECT_URI,
            endpoints: emulator.endpoints,
            vars: emulator.vars,
            transactionStore: verifierSwappingStore(),
          });
          const { url } = await swapping.authorize();
          await expectCode(swapping.callback(await consent(url)), ['TOKEN_ERROR']);
          expect(emulator.requests.at(-1)?.rejection).toMatch(/PKCE/);
        });
      }
    }
  });
}

describe('coverage of providers/', () => {
  it('ran the full flow for every manifest file', () => {
    const ids = listManifestFiles().map((file) => file.id);
    expect(ids).not.toEqual([]);
    expect(ids.filter((id) => !completed.has(id))).toEqual([]);
  });
});
