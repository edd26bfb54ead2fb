// A one-provider app, ours: authorize, callback, one API GET, against the endpoints in EMULATOR.
import { createGithubClient } from 'oauth-registry/providers/github';

const emulator = JSON.parse(process.env.EMULATOR ?? '{}');
const github = createGithubClient({ ...emulator.credentials, endpoints: emulator.endpoints, redirectUri: 'http://127.0.0.1:9/cb' });
const { url } = await github.authorize();
const consent = await fetch(url, { redirect: 'manual' });
const token = await github.callback(consent.headers.get('location'));
const { data } = await github.get('user', { token });
console.log(JSON.stringify({ login: typeof data.login }));
