// The same app with arctic, for its bundle size only (never run): authorization URL, state check, code
// exchange, and a fetch of the user with the access token.
import { GitHub, generateState } from 'arctic';

const github = new GitHub(process.env.CLIENT_ID ?? 'id', process.env.CLIENT_SECRET ?? 'secret', 'http://127.0.0.1:9/cb');
const state = generateState();
const url = github.createAuthorizationURL(state, ['read:user', 'user:email']);
const callback = new URL(process.env.CALLBACK ?? `http://127.0.0.1:9/cb?code=code&state=${state}`);
if (callback.searchParams.get('state') !== state) throw new Error('state mismatch');
const tokens = await github.validateAuthorizationCode(callback.searchParams.get('code') ?? '');
const response = await fetch('https://api.github.com/user', {
  headers: { Authorization: `Bearer ${tokens.accessToken()}`, Accept: 'application/vnd.github+json', 'User-Agent': 'bench' },
});
if (!response.ok) throw new Error(`GET /user answered ${response.status}`);
const user = await response.json();
console.log(JSON.stringify({ url: url.href, login: typeof user.login }));
