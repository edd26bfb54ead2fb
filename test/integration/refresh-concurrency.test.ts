// 200 concurrent API calls with an expired token cause exactly one refresh at the (emulated) provider:
// in one process through the token manager's single flight, and across two client instances and two
// token managers through a shared RedisStore and its lock. No token value is ever logged meanwhile.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProviderClient } from '../../src/create-client.ts';
import type { OAuthClient } from '../../src/client.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { RedisStore } from '../../src/stores/redis.ts';
import type { TokenUpdateEvent } from '../../src/tokens/index.ts';
import { createClientTokens, userApi } from '../../src/tokens/client-tokens.ts';
import { TokenSet, type TokenData } from '../../src/types.ts';
import { consent } from '../../src/emulator/conformance/flow.ts';
import { REDIS_URL, deleteKeysUnder, describeWithRedis, uniquePrefix } from '../stores/redis-env.ts';
import { emulatedProvider, type Provider } from './harness.ts';

const CALLS = 200;
const USER = 'user-1';

let github: Provider;

beforeAll(async () => {
  github = await emulatedProvider('github');
});
afterAll(() => github?.emulator.close());

/** A real token from the emulator (so its refresh token works there), stored as already expired. */
async function expiredToken(client: OAuthClient): Promise<TokenSet> {
  const { url } = await client.authorize({ redirectUri: 'http://127.0.0.1:9/callback' });
  const token = await client.callback(await consent(url));
  expect(token.refreshToken).toBeTruthy();
  return new TokenSet({ ...token.toJSON(), expiresAt: Math.floor(Date.now() / 1000) - 30 });
}

function countRequests(grant: 'refresh_token' | 'api'): number {
  return github.emulator.requests.filter((request) => (grant === 'api' ? request.route === 'api' : request.route === 'token' && request.params.grant_type === grant)).length;
}

/** Everything written to the console or the standard streams while a test runs. */
let logged: string[];
beforeEach(() => {
  logged = [];
  const capture = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) vi.spyOn(console, method).mockImplementation(capture);
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterEach(() => vi.restoreAllMocks());

function expectNotLogged(...secrets: (string | undefined)[]): void {
  const output = logged.join('\n');
  for (const secret of secrets) if (secret) expect(output).not.toContain(secret);
}

describe('refresh under 200 concurrent API calls', () => {
  it('one process, one token manager: exactly one refresh request', async () => {
    const updates: TokenUpdateEvent[] = [];
    const tokens = createClientTokens({ github: github.client }, { store: new MemoryStore(), onTokenUpdate: (event) => void updates.push(event) });
    const expired = await expiredToken(github.client);
    await tokens.setToken('github', USER, expired);
    const refreshesBefore = countRequests('refresh_token');
    const apiBefore = countRequests('api');

    const api = userApi(github.client, tokens, USER);
    const responses = await Promise.all(Array.from({ length: CALLS }, () => api.get('user')));

    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(countRequests('refresh_token') - refreshesBefore).toBe(1);
    expect(countRequests('api') - apiBefore).toBe(CALLS);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.oldToken.accessToken).toBe(expired.accessToken);
    const fresh = await tokens.getToken('github', USER);
    expect(fresh?.accessToken).toBe(updates[0]!.newToken.accessToken);
    expect(fresh?.accessToken).not.toBe(expired.accessToken);
    expectNotLogged(expired.accessToken, expired.refreshToken, fresh?.accessToken, fresh?.refreshToken);
  });

  it('fails with TOKEN_ERROR, naming no user token, when the user never signed in', async () => {
    const tokens = createClientTokens({ github: github.client }, { store: new MemoryStore() });
    await expect(userApi(github.client, tokens, 'nobody').get('user')).rejects.toMatchObject({ code: 'TOKEN_ERROR' });
  });

  it('refuses a provider it has no client for', async () => {
    const tokens = createClientTokens({ github: github.client }, { store: new MemoryStore() });
    await expect(tokens.getToken('weibo', USER)).rejects.toMatchObject({ code: 'UNKNOWN_PROVIDER' });
  });
});

describeWithRedis('refresh across two instances sharing Redis', () => {
  const prefix = uniquePrefix('client-tokens');
  const connections: Redis[] = [];

  afterAll(async () => {
    if (connections[0]) await deleteKeysUnder(connections[0], prefix);
    for (const connection of connections) connection.disconnect();
  });

  /** One "instance": its own client object, Redis connection, store and token manager. */
  function instance(updates: TokenUpdateEvent[]) {
    const connection = new Redis(REDIS_URL);
    connections.push(connection);
    const store = new RedisStore<TokenData>({ client: connection, prefix });
    const client = createProviderClient('github', {
      clientId: github.emulator.credentials.clientId,
      clientSecret: github.emulator.credentials.clientSecret,
      endpoints: github.emulator.endpoints,
      http: { retries: 0, timeoutMs: 5000 },
    });
    const tokens = createClientTokens({ github: client }, {
      store,
      lock: (key) => store.lock(key, 30_000),
      pollIntervalMs: 10,
      onTokenUpdate: (event) => void updates.push(event),
    });
    return { client, tokens };
  }

  it('200 calls split over two instances: exactly one refresh request', async () => {
    const updates: TokenUpdateEvent[] = [];
    const first = instance(updates);
    const second = instance(updates);
    const expired = await expiredToken(first.client);
    await first.tokens.setToken('github', USER, expired);
    const refreshesBefore = countRequests('refresh_token');

    const apis = [userApi(first.client, first.tokens, USER), userApi(second.client, second.tokens, USER)];
    const responses = await Promise.all(Array.from({ length: CALLS }, (_, i) => apis[i % 2]!.get('user')));

    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(countRequests('refresh_token') - refreshesBefore).toBe(1);
    expect(updates).toHaveLength(1);
    const [seenByFirst, seenBySecond] = await Promise.all([first.tokens.getToken('github', USER), second.tokens.getToken('github', USER)]);
    expect(seenByFirst?.accessToken).toBe(updates[0]!.newToken.accessToken);
    expect(seenBySecond?.accessToken).toBe(seenByFirst?.accessToken);
    expectNotLogged(expired.accessToken, expired.refreshToken, seenByFirst?.accessToken, seenByFirst?.refreshToken);
  });
});
