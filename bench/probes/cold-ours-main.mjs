// Cold start, ours through the main entry: one authorization URL (state + PKCE S256), then peak RSS.
import { createClient } from 'oauth-registry';

const { url } = await createClient('github', { clientId: 'bench-client', clientSecret: 'bench-secret' }).authorize({ redirectUri: 'https://app.example/callback' });
console.log(url);
process.on('exit', () => console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })));
