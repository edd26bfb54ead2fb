// The main entry as an app imports it for a bundler: the whole namespace, then createClient from it.
import * as registry from 'oauth-registry';

const client = registry.createClient('github', { clientId: 'bench-client', clientSecret: 'bench-secret' });
console.log((await client.authorize({ redirectUri: 'https://app.example/callback' })).url);
