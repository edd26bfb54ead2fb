// Cold start, openid-client v6: server metadata given inline (no discovery request), then the same
// authorization URL ours builds (state + PKCE S256), then peak RSS.
import * as client from 'openid-client';

const server = {
  issuer: 'https://github.com/login/oauth',
  authorization_endpoint: 'https://github.com/login/oauth/authorize',
  token_endpoint: 'https://github.com/login/oauth/access_token',
};
const config = new client.Configuration(server, 'bench-client', 'bench-secret');
const verifier = client.randomPKCECodeVerifier();
const url = client.buildAuthorizationUrl(config, {
  redirect_uri: 'https://app.example/callback',
  scope: 'read:user user:email',
  state: client.randomState(),
  code_challenge: await client.calculatePKCECodeChallenge(verifier),
  code_challenge_method: 'S256',
});
console.log(url.href);
process.on('exit', () => console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })));
