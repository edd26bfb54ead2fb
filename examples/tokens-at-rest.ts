// Tokens at rest, runnable: a token store in PostgreSQL (through Keyv) that holds only sealed text, and a
// refresh lock on the same database. In an app, the imports are 'oauth-registry' and 'oauth-registry/keyv'.
//
//   bash .ci/postgres.sh start      # or any PostgreSQL; set POSTGRES_URL
//   npx tsx examples/tokens-at-rest.ts
import KeyvPostgres from '@keyv/postgres';
import { Keyv } from 'keyv';
import pg from 'pg';
import { createTokenManager } from '../src/tokens/index.ts';
import { TokenSet, type TokenData } from '../src/types.ts';
import { KeyvStore, PostgresLock } from '../src/stores/keyv.ts';

const url = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5439/postgres';
// In production: a secret of 32+ characters from your secret manager; to rotate, put the new one first.
const encryptionKey = process.env.TOKEN_ENCRYPTION_KEY ?? 'example-only-key-replace-me-0123456789';

const keyv = new Keyv({ store: new KeyvPostgres({ uri: url, table: 'oauth_tokens' }), namespace: 'tokens', throwOnErrors: true });
const tokenStore = new KeyvStore<TokenData>({ keyv, encryptionKey });
// A pool of its own: each held lock keeps one connection until it is released.
const lockPool = new pg.Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 5_000 });
const refreshLock = new PostgresLock({ pool: lockPool });

const tokens = createTokenManager({
  store: tokenStore,
  lock: (key) => refreshLock.lock(key),
  // Stands in for `(token) => client.refresh(token)`, so the example needs no provider.
  refresh: async (token) => new TokenSet({ ...token.toJSON(), accessToken: 'at-refreshed', expiresAt: Math.floor(Date.now() / 1000) + 3600 }),
});

try {
  await tokens.setToken('github', 'user-1', { accessToken: 'at-secret', refreshToken: 'rt-secret', tokenType: 'bearer', expiresAt: 0, raw: {} });
  const { rows } = await lockPool.query<{ value: string }>(`SELECT value FROM oauth_tokens WHERE key = 'tokens:token:github:user-1'`);
  console.log('in the database:', rows[0]?.value.slice(0, 40) + '…');
  console.log('token readable in the database:', /at-secret|rt-secret/.test(rows[0]?.value ?? ''));
  const token = await tokens.getToken('github', 'user-1'); // expired, so refreshed once under the lock
  console.log('getToken gives:', token?.accessToken);
} finally {
  await tokens.deleteToken('github', 'user-1');
  await lockPool.end();
  await keyv.disconnect();
}
