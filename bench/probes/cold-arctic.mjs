// Cold start, arctic: one authorization URL with a random state (its GitHub class takes no PKCE), then peak RSS.
import { GitHub, generateState } from 'arctic';

const github = new GitHub('bench-client', 'bench-secret', 'https://app.example/callback');
console.log(github.createAuthorizationURL(generateState(), ['read:user', 'user:email']).href);
process.on('exit', () => console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })));
