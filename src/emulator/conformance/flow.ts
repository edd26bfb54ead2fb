// Drives a whole sign-in through the real runtime against the emulator over real HTTP: authorize, consent,
// callback, token, API call, profile, refresh and revoke, as the manifest allows. The conformance suite and
// `oauth-registry check` both run it.
import { OAuthClient } from '../../client.ts';
import { registerClient, type RegisteredClient } from '../../registration.ts';
import type { TokenSet } from '../../types.ts';
import type { OperationSpec, ProviderManifest } from '../../manifest/schema.ts';
import { EMULATED_USER, startEmulator, type Emulator, type EmulatorOptions } from '../index.ts';
import { deviceSignIn } from './device.ts';

export const REDIRECT_URI = 'http://127.0.0.1:9/callback';

export interface FlowSetup {
  emulator: Emulator;
  client: OAuthClient;
}

/** An emulator for `manifest` and a client built from `clientManifest` (the same one unless mutating). */
export async function setUp(manifest: ProviderManifest, options: EmulatorOptions & { clientManifest?: ProviderManifest; dpop?: boolean } = {}): Promise<FlowSetup> {
  const { clientManifest = manifest, dpop, ...emulatorOptions } = options;
  // The device grant's interval is 0 here: conformance checks what goes on the wire, not the pace (test/device does).
  const emulator = await startEmulator(manifest, { device: { interval: 0 }, ...emulatorOptions });
  // A provider with dynamic registration: the app registers first, and signs in with what it got.
  const credentials = manifest.registration ? await closingOnError(emulator, () => registered(emulator, clientManifest)) : emulator.credentials;
  // Built from the manifest itself, not through the registry: a mutant need not be a manifest the schema accepts.
  const client = closingOnError(emulator, () => new OAuthClient(clientManifest, {
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    ...(emulator.credentials.privateKey ? { privateKey: emulator.credentials.privateKey } : {}),
    redirectUri: REDIRECT_URI,
    vars: emulator.vars,
    endpoints: endpointsFor(emulator, manifest, clientManifest),
    origins: emulator.origins,
    http: { retries: 0, timeoutMs: 5000, fetch: loopbackOnlyFetch },
    ...(dpop ? { dpop } : {}),
  }));
  return { emulator, client };
}

/** A client that cannot even be built (a mutant missing a variable) must not leave its emulator listening. */
function closingOnError<T>(emulator: Emulator, build: () => T): T {
  try {
    const built = build();
    if (built instanceof Promise) return built.catch((error: unknown) => emulator.close().then(() => Promise.reject(error))) as T;
    return built;
  } catch (error) {
    void emulator.close();
    throw error;
  }
}

function registered(emulator: Emulator, clientManifest: ProviderManifest): Promise<RegisteredClient> {
  return registerClient(clientManifest, {
    vars: emulator.vars,
    redirectUri: REDIRECT_URI,
    clientName: 'oauth-registry conformance',
    ...(emulator.endpoints.registration ? { endpoint: emulator.endpoints.registration } : {}),
    origins: emulator.origins,
    http: { retries: 0, timeoutMs: 5000, fetch: loopbackOnlyFetch },
  });
}

/**
 * The emulator's endpoints as overrides for the client, without those the provider's manifest names but the
 * client's does not: a mutant that ignores endpoints.refresh must not get it back through its options.
 */
function endpointsFor(emulator: Emulator, manifest: ProviderManifest, clientManifest: ProviderManifest): Emulator['endpoints'] {
  const endpoints = { ...emulator.endpoints };
  for (const name of Object.keys(manifest.endpoints) as (keyof ProviderManifest['endpoints'])[]) {
    if (clientManifest.endpoints[name] === undefined) delete endpoints[name];
  }
  return endpoints;
}

/** Conformance never reaches the internet: a request that escapes the emulator fails the run. */
const loopbackOnlyFetch: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.hostname !== '127.0.0.1') return Promise.reject(new Error(`conformance: the client tried to reach ${url.origin}`));
  return fetch(input, init);
};

/** Follows the authorize URL like a browser that consents: returns the callback the browser would deliver. */
export async function consent(authorizeUrl: string): Promise<string | Record<string, string>> {
  let response = await fetch(authorizeUrl, { redirect: 'manual' });
  let html = response.headers.get('location') ? '' : await response.text();
  // A page that reads the URL's fragment (authorization.fragment): do what its script does in a browser.
  const echo = /<meta name="emulator-reads-fragment" content="([^"]+)">/.exec(html)?.[1];
  if (echo) {
    const next = new URL(authorizeUrl);
    const fragment = next.hash.slice(1);
    next.hash = '';
    next.searchParams.set(echo, fragment);
    response = await fetch(next, { redirect: 'manual' });
    html = response.headers.get('location') ? '' : await response.text();
  }
  const location = response.headers.get('location');
  if (location) return location;
  if (response.status !== 200 || !html.includes('<form')) throw new Error(`authorize answered HTTP ${response.status} without a redirect`);
  // form_post response mode: the hidden inputs are the callback parameters.
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[name!] = decodeHtml(value!);
  return fields;
}

function decodeHtml(value: string): string {
  return value.replace(/&#(\d+);/g, (_all, code: string) => String.fromCharCode(Number(code)));
}

/**
 * A value for each required parameter of an operation: the token answer's own field of that name when it has
 * one (WeChat's openid names the signed-in user), else a stand-in of the declared type.
 */
export function sampleArguments(operation: OperationSpec, token: TokenSet): Record<string, string | number | boolean> {
  const args: Record<string, string | number | boolean> = {};
  for (const [name, param] of Object.entries(operation.params)) {
    if (!param.required && param.in !== 'path') continue;
    const own = token.raw[name];
    args[name] = typeof own === 'string' || typeof own === 'number' ? own : param.type === 'boolean' ? true : param.type === 'string' ? 'emulated' : 1;
  }
  return args;
}

/** Calls every operation of the manifest through `client.api`, each with stand-in arguments; returns their names. */
async function callEveryOperation(client: OAuthClient, manifest: ProviderManifest, token: TokenSet): Promise<string[]> {
  const called: string[] = [];
  for (const [name, operation] of Object.entries(manifest.operations)) {
    const { status } = await client.api[name]!(token, sampleArguments(operation, token));
    if (status >= 300) throw new Error(`operation ${name} answered HTTP ${status}`);
    called.push(name);
  }
  return called;
}

/** Scopes for a sign-in: the defaults, topped up to two so the delimiter is on the wire. */
export function twoOrMoreScopes(manifest: ProviderManifest): string[] {
  const scopes = [...manifest.authorization.scope.default];
  for (const extra of ['emulator_read', 'emulator_write']) if (scopes.length < 2) scopes.push(extra);
  return scopes;
}

/** The whole flow a signed-in app runs; returns the steps it completed. */
export async function fullFlow(setup: FlowSetup, manifest: ProviderManifest): Promise<string[]> {
  const { client, emulator } = setup;
  const steps: string[] = [];
  const scopable = manifest.protocol !== 'oauth1' || manifest.oauth1?.scopeParam;
  const scope = scopable ? twoOrMoreScopes(manifest) : undefined;
  const { url } = await client.authorize(scope ? { scope } : {});
  const token = await client.callback(await consent(url));
  checkTokenFields(manifest, token, scope);
  steps.push('token');
  for (const name of await callEveryOperation(client, manifest, token)) steps.push(`api:${name}`);
  // OIDC providers without a profile section read the standard claims from userinfo or the id_token.
  if (manifest.profile || manifest.protocol === 'oidc') {
    const profile = await client.profile(token);
    // The emulator answers one user everywhere: any other value means the client read the wrong data.
    if (profile.id !== EMULATED_USER.id) throw new Error(`profile id ${profile.id} is not the emulated user`);
    for (const field of checkableProfileFields(manifest)) {
      const expected = field === 'emailVerified' ? true : EMULATED_USER[field];
      if (profile[field] !== expected) throw new Error(`profile ${field} is ${JSON.stringify(profile[field])}, not the emulated user's`);
    }
    steps.push('profile');
  }
  if (manifest.grants.includes('refresh_token') && token.refreshToken) {
    const fresh = await client.refresh(token);
    if (!fresh.accessToken) throw new Error('refresh gave no access token');
    steps.push('refresh');
  }
  if (manifest.grants.includes('device_code')) steps.push(...(await deviceSignIn(client)));
  if (emulator.endpoints.revoke) {
    await client.revoke(token);
    steps.push('revoke');
  }
  return steps;
}

/**
 * The token as the client read it: the lifetime and the granted scope the emulator issued (an hour; the
 * scopes asked for), where the manifest says the provider puts them, in its delimiter.
 */
function checkTokenFields(manifest: ProviderManifest, token: TokenSet, scope: string[] | undefined): void {
  if (manifest.protocol === 'oauth1') return;
  const { defaults, expiresInZeroMeansNever } = manifest.token.response;
  if (!('expires_in' in defaults) && !expiresInZeroMeansNever) {
    const left = (token.expiresAt ?? 0) - Math.floor(Date.now() / 1000);
    if (left < 3500 || left > 3700) throw new Error(`token expiry read as ${token.expiresAt === undefined ? 'none' : `${left} s away`}, not the hour the emulator issued`);
  }
  if (scope && !('scope' in defaults)) {
    const asked = new Set(manifest.protocol === 'oidc' && !scope.includes('openid') ? ['openid', ...scope] : scope);
    const granted = new Set(token.scope ?? []);
    if (granted.size !== asked.size || [...asked].some((item) => !granted.has(item))) throw new Error(`granted scope read as ${JSON.stringify(token.scope)}, not the scopes asked for`);
  }
}

type MappedField = 'username' | 'name' | 'email' | 'avatar' | 'emailVerified';

const OIDC_FIELDS = { id: 'sub', username: 'preferred_username', name: 'name', email: 'email', avatar: 'picture', emailVerified: 'email_verified' };

/**
 * The mapped profile fields whose first path no other field shares: the emulator writes the user's value
 * there, so the client must read exactly that. (Two fields on one path hold whichever was written last.)
 */
export function checkableProfileFields(manifest: ProviderManifest): MappedField[] {
  const fields: Partial<Record<string, string | string[]>> = manifest.profile?.fields ?? (manifest.protocol === 'oidc' ? OIDC_FIELDS : {});
  const first = (paths: string | string[] | undefined) => (Array.isArray(paths) ? paths[0] : paths);
  const all = Object.values(fields).map(first);
  return (['username', 'name', 'email', 'avatar', 'emailVerified'] as const).filter((field) => {
    const path = first(fields[field]);
    return path !== undefined && all.filter((other) => other === path).length === 1;
  });
}

/** A copy of the manifest under another id (and without aliases, which stay the original's), for a client-side variant. */
export function renamed(manifest: ProviderManifest, id: string): ProviderManifest {
  return { ...structuredClone(manifest), id, aliases: [] };
}
