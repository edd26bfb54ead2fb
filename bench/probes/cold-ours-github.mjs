// Cold start, ours through the one-provider entry: one authorization URL (state + PKCE S256), then peak RSS.
import { createGithubClient } from 'oauth-registry/providers/github';

const { url } = await createGithubClient({ clientId: 'bench-client', clientSecret: 'bench-secret' }).authorize({ redirectUri: 'https://app.example/callback' });
console.log(url);
process.on('exit', () => console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })));
