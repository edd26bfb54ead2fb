// OAuth 1.0a HMAC-SHA1 signing throughput: ours (the signer in the installed dist/, with the built-in
// twitter manifest) against oauth-1.0a used directly with node:crypto and a fresh 16-byte nonce per
// request, both producing the Authorization header for the same GET with a query. Rounds alternate.
import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { getManifest } from 'oauth-registry';

// Not an export of the package: loaded by its path in the installed package, as the client loads it.
const { createOAuth1Signer } = await import(new URL('../node_modules/oauth-registry/dist/oauth1/signer.js', import.meta.url).href);

const [signaturesArg = '20000', roundsArg = '9'] = process.argv.slice(2);
const SIGNATURES = Number(signaturesArg);
const ROUNDS = Number(roundsArg);
const client = { clientId: 'bench-consumer-key', clientSecret: 'bench-consumer-secret' };
const token = { key: 'bench-token', secret: 'bench-token-secret' };
const url = 'https://api.x.com/1.1/account/verify_credentials.json?include_email=true&skip_status=true';
const manifest = getManifest('twitter');

function directSigner(options = {}) {
  const oauth = new OAuth({
    consumer: { key: client.clientId, secret: client.clientSecret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
  oauth.getNonce = options.nonce ?? (() => randomBytes(16).toString('hex'));
  if (options.timestamp) oauth.getTimeStamp = options.timestamp;
  return { sign: (request, credentials) => oauth.toHeader(oauth.authorize(request, credentials)).Authorization };
}

// Both sides must sign the same thing: with nonce and timestamp fixed, their headers carry the same values.
const fixed = { nonce: () => 'fixed-nonce', timestamp: () => 1700000000 };
const params = (header) => header.replace(/^OAuth /, '').split(', ').sort().join(', ');
const ours = createOAuth1Signer(manifest, client, fixed).sign({ method: 'GET', url }, token);
const theirs = directSigner(fixed).sign({ method: 'GET', url }, token);
if (params(ours) !== params(theirs)) throw new Error(`the two signers disagree:\n${ours}\n${theirs}`);

const signers = {
  ours: createOAuth1Signer(manifest, client),
  direct: directSigner(),
};
const names = Object.keys(signers);
let sink = 0;
const run = (signer, count) => {
  for (let i = 0; i < count; i++) sink += signer.sign({ method: 'GET', url }, token).length;
};

for (const name of names) run(signers[name], 5_000); // warm-up
const opsPerSecond = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const name of round % 2 ? [...names].reverse() : names) {
    const started = performance.now();
    run(signers[name], SIGNATURES);
    opsPerSecond[name].push(SIGNATURES / ((performance.now() - started) / 1000));
  }
}
if (!sink) throw new Error('no header was built');
console.log(JSON.stringify(opsPerSecond));
