// The same one-provider app through the main entry: createClient('github') instead of the provider entry.
import { createClient } from 'oauth-registry';

const emulator = JSON.parse(process.env.EMULATOR ?? '{}');
const github = createClient('github', { ...emulator.credentials, endpoints: emulator.endpoints, redirectUri: 'http://127.0.0.1:9/cb' });
const { url } = await github.authorize();
const consent = await fetch(url, { redirect: 'manual' });
const token = await github.callback(consent.headers.get('location'));
const { data } = await github.get('user', { token });
console.log(JSON.stringify({ login: typeof data.login }));
