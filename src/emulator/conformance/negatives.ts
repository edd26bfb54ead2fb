// What every provider must refuse, run against its emulator: a forged state, denied consent, a reused code,
// a wrong PKCE verifier, an OAuth 1 request signed with the wrong secret. Each check resolves when the client
// refused the way it should and throws, saying what happened instead, when it did not.
import { generateKeyPairSync } from 'node:crypto';
import { OAuthClient } from '../../client.ts';
import { callbackSignatureOf } from '../../oauth2/callback-signature.ts';
import { OAuthRegistryError } from '../../errors.ts';
import type { ProviderManifest } from '../../manifest/schema.ts';
import { MemoryStore } from '../../stores/memory.ts';
import type { Store } from '../../types.ts';
import { consent, REDIRECT_URI, setUp, type FlowSetup } from './flow.ts';
import { DEVICE_DENIAL } from './device-denial.ts';

export interface NegativeCheck {
  name: string;
  /** Runs against `manifest`'s emulator with a client built from `clientManifest` (a mutant, or the same). */
  run(manifest: ProviderManifest, clientManifest?: ProviderManifest): Promise<void>;
}

/** The negative checks that apply to `manifest`. */
export function negativeChecks(manifest: ProviderManifest): NegativeCheck[] {
  const checks: NegativeCheck[] = [
    { name: 'refuses a callback with the wrong state', run: wrongState },
    { name: 'refuses denied consent', run: deniedConsent },
  ];
  if (manifest.protocol === 'oauth1') checks.push({ name: 'refuses a request signed with the wrong consumer secret', run: wrongConsumerSecret });
  else {
    checks.push({ name: 'refuses a reused authorization code', run: reusedCode });
    if (manifest.authorization.pkce !== 'unsupported') checks.push({ name: 'refuses a wrong PKCE verifier', run: wrongVerifier });
    if (manifest.authorization.callbackSignature) checks.push(TAMPERED_SIGNATURE);
    if (manifest.authorization.issuer) checks.push(FOREIGN_ISSUER);
    if (manifest.grants.includes('device_code')) checks.push(DEVICE_DENIAL);
  }
  return checks;
}

/** A signed callback (authorization.callbackSignature) with one parameter added on the way: its signature no longer holds. */
export const TAMPERED_SIGNATURE: NegativeCheck = {
  name: 'refuses a callback whose signature does not cover what it carries',
  run: (manifest, clientManifest) => tamperedCallback(manifest, clientManifest, (params) => ({ ...params, shop: 'attacker-shop' }), ['CALLBACK_INVALID']),
};

/** RFC 9207: a callback naming another issuer (a mix-up attack) is refused before the code goes anywhere. */
export const FOREIGN_ISSUER: NegativeCheck = {
  name: 'refuses a callback from another issuer (RFC 9207)',
  run: (manifest, clientManifest) => tamperedCallback(manifest, clientManifest, (params) => ({ ...params, iss: 'https://attacker.example' }), ['ISSUER_MISMATCH']),
};

/** The checks a client that ignores `field` fails, in place of the full flow: the field only matters under attack. */
export const ATTACKS: Readonly<Record<string, NegativeCheck>> = {
  'authorization.callbackSignature': TAMPERED_SIGNATURE,
  'authorization.issuer': FOREIGN_ISSUER,
  'device.errors': DEVICE_DENIAL,
};

function tamperedCallback(manifest: ProviderManifest, clientManifest: ProviderManifest | undefined, tamper: (params: Record<string, string>) => Record<string, string>, codes: string[]): Promise<void> {
  return withSetup(manifest, { ...(clientManifest ? { clientManifest } : {}) }, async ({ client }) => {
    const { url } = await client.authorize();
    const callback = await consent(url);
    const params = typeof callback === 'string' ? Object.fromEntries(new URL(callback).searchParams) : callback;
    await expectRefusal(client.callback(tamper(params)), codes);
  });
}

/** Runs `body` with an emulator of `manifest`, closing it whatever happens. */
async function withSetup(manifest: ProviderManifest, options: Parameters<typeof setUp>[1], body: (setup: FlowSetup) => Promise<void>): Promise<void> {
  const setup = await setUp(manifest, options);
  try {
    await body(setup);
  } finally {
    await setup.emulator.close();
  }
}

/** Resolves when `promise` rejects with an OAuthRegistryError whose code is one of `codes`. */
export async function expectRefusal(promise: Promise<unknown>, codes: readonly string[]): Promise<void> {
  const outcome = await promise.then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  if (!outcome.refused) throw new Error(`expected a refusal (${codes.join(' or ')}), but the call succeeded`);
  const { error } = outcome;
  if (!(error instanceof OAuthRegistryError)) throw new Error(`expected an OAuthRegistryError (${codes.join(' or ')}), got ${String(error)}`);
  if (!codes.includes(error.code)) throw new Error(`expected ${codes.join(' or ')}, got ${error.code}: ${error.message}`);
}

function expectRejection(setup: FlowSetup, pattern: RegExp): void {
  const rejection = setup.emulator.requests.at(-1)?.rejection;
  if (!rejection || !pattern.test(rejection)) throw new Error(`expected the emulator's last rejection to match ${pattern}, got ${JSON.stringify(rejection)}`);
}

function wrongState(manifest: ProviderManifest, clientManifest?: ProviderManifest): Promise<void> {
  return withSetup(manifest, { ...(clientManifest ? { clientManifest } : {}) }, async ({ client }) => {
    const { url } = await client.authorize();
    const callback = await consent(url);
    const name = manifest.protocol === 'oauth1' ? 'oauth_token' : 'state';
    let forged: string | Record<string, string>;
    if (typeof callback === 'string') {
      const url = new URL(callback);
      url.searchParams.set(name, `forged-${name}`);
      forged = url.toString();
    } else forged = { ...callback, [name]: `forged-${name}` }; // form_post: the posted fields
    await expectRefusal(client.callback(forged), ['STATE_MISMATCH', 'MISSING_STATE', 'TRANSACTION_EXPIRED', 'TRANSACTION_REPLAYED']);
  });
}

function deniedConsent(manifest: ProviderManifest): Promise<void> {
  return withSetup(manifest, { deny: true }, async ({ client }) => {
    const { url } = await client.authorize();
    await expectRefusal(client.callback(await consent(url)), ['AUTHORIZATION_DENIED', 'OAUTH1_ERROR', 'MISSING_CODE', 'STATE_MISMATCH']);
  });
}

function wrongConsumerSecret(manifest: ProviderManifest): Promise<void> {
  return withSetup(manifest, {}, async (setup) => {
    const { clientId } = setup.emulator.credentials;
    // RSA-SHA1 consumers sign with a key instead of the secret: a key the provider does not know.
    const wrongKey = manifest.oauth1?.signatureMethod === 'RSA-SHA1' ? { privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } : {};
    const client = new OAuthClient(manifest, { clientId, clientSecret: 'not-the-secret', ...wrongKey, redirectUri: REDIRECT_URI, endpoints: setup.emulator.endpoints, vars: setup.emulator.vars, origins: setup.emulator.origins });
    await expectRefusal(client.authorize(), ['OAUTH1_ERROR', 'TOKEN_ERROR', 'HTTP_ERROR']);
    expectRejection(setup, /signature/);
  });
}

function reusedCode(manifest: ProviderManifest): Promise<void> {
  return withSetup(manifest, {}, async (setup) => {
    const { client } = setup;
    const first = await client.authorize();
    const firstCallback = await consent(first.url);
    await client.callback(firstCallback);
    const second = await client.authorize();
    const secondCallback = await consent(second.url);
    // The second callback with the first one's code, under the provider's name for it, re-signed when the provider signs callbacks.
    const codeName = manifest.authorization.responseParams.code ?? 'code';
    const fields = (callback: string | Record<string, string>) => (typeof callback === 'string' ? Object.fromEntries(new URL(callback).searchParams) : callback);
    const replay = { ...fields(secondCallback), [codeName]: fields(firstCallback)[codeName]! };
    const signature = manifest.authorization.callbackSignature;
    if (signature) replay[signature.param] = callbackSignatureOf(replay, signature, setup.emulator.credentials.clientSecret);
    await expectRefusal(client.callback(replay), ['TOKEN_ERROR']);
    expectRejection(setup, /already used/);
  });
}

function wrongVerifier(manifest: ProviderManifest): Promise<void> {
  return withSetup(manifest, {}, async ({ emulator }) => {
    const swapping = new OAuthClient(manifest, {
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      ...(emulator.credentials.privateKey ? { privateKey: emulator.credentials.privateKey } : {}),
      redirectUri: REDIRECT_URI,
      endpoints: emulator.endpoints,
      origins: emulator.origins,
      vars: emulator.vars,
      transactionStore: verifierSwappingStore(),
    });
    const { url } = await swapping.authorize();
    await expectRefusal(swapping.callback(await consent(url)), ['TOKEN_ERROR']);
    const rejection = emulator.requests.at(-1)?.rejection;
    if (!rejection || !/PKCE/.test(rejection)) throw new Error(`expected the emulator to refuse the PKCE verifier, got ${JSON.stringify(rejection)}`);
  });
}

/** A transaction store that hands back a different PKCE verifier than the one authorize() stored. */
function verifierSwappingStore(): Store<unknown> {
  const inner = new MemoryStore();
  const swap = (value: unknown) => (value && typeof value === 'object' && 'codeVerifier' in value ? { ...value, codeVerifier: 'W'.repeat(43) } : value);
  return {
    get: async (key) => swap(await inner.get(key)),
    set: (key, value, ttl) => inner.set(key, value, ttl),
    delete: (key) => inner.delete(key),
    take: async (key) => swap(await (inner.take ? inner.take(key) : inner.get(key))),
  };
}
