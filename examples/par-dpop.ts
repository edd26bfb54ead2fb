// Pushed authorization requests (RFC 9126) and DPoP (RFC 9449), runnable against a local emulator of a provider
// that requires both and asks for DPoP nonces. In an app, the imports are 'oauth-registry' and
// 'oauth-registry/emulator' (the emulator for tests only).
//
//   npx tsx examples/par-dpop.ts
import { OAuthClient } from '../src/client.ts';
import { exportDpopKeyPair, importDpopKeyPair } from '../src/dpop/keys.ts';
import { consent } from '../src/emulator/conformance/flow.ts';
import { startEmulator } from '../src/emulator/index.ts';
import { parseManifestObject } from '../src/manifest/load.ts';

const manifest = parseManifestObject({
  id: 'acme',
  name: 'Acme',
  protocol: 'oauth2',
  docs: 'https://acme.example/docs',
  lastVerified: '2026-12-06',
  endpoints: {
    authorize: 'https://id.acme.example/authorize',
    pushedAuthorization: 'https://id.acme.example/par',
    token: 'https://id.acme.example/token',
    api: 'https://api.acme.example/',
  },
  authorization: { par: 'required' },
  dpop: { required: true, nonce: true },
  profile: { url: 'me', fields: { id: 'id', name: 'name' } },
});

const emulator = await startEmulator(manifest);
try {
  const options = { ...emulator.credentials, endpoints: emulator.endpoints, redirectUri: 'http://127.0.0.1:3000/callback' };
  const client = new OAuthClient(manifest, options);

  // PAR: the parameters went to the provider over the back channel; the browser gets client_id and request_uri.
  const { url, transaction } = await client.authorize({ scope: ['profile'] });
  console.log('send the browser to', url);

  // DPoP: the token request carries a proof; the first answer asks for a nonce, the retry carries it.
  const token = await client.callback((await consent(url)) as string, transaction);
  console.log('token_type:', token.tokenType);

  // A web app keeps the key pair with the session (as secret as the tokens) and restores it later.
  const kept = await exportDpopKeyPair(await client.dpopKeyPair());
  const later = new OAuthClient(manifest, { ...options, dpop: { keyPair: await importDpopKeyPair(kept) } });
  const profile = await later.profile(token);
  console.log('signed in as', profile.name, `(key ${(await later.dpopKeyPair()).thumbprint})`);

  console.log('\nwhat the provider saw:');
  for (const request of emulator.requests) console.log(` ${request.method} ${request.path} → ${request.status}${request.rejection ? ` (${request.rejection})` : ''}`);
} finally {
  await emulator.close();
}
