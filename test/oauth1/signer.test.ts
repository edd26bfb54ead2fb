import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createOAuth1Signer } from '../../src/oauth1/signer.ts';
import { oauth1Manifest } from './helpers.ts';

const PHOTOS = {
  client: { clientId: 'dpf43f3p2l4k3l03', clientSecret: 'kd94hf93k423kf44' },
  token: { key: 'nnch734d00sl2jdk', secret: 'pfkkdhi9sl3r4s00' },
  fixed: { nonce: () => 'kllo9940pd9333jh', timestamp: () => 1191242096 },
  url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
};

function signatureOf(header: string): string {
  const match = /oauth_signature="([^"]*)"/.exec(header);
  if (!match) throw new Error('no oauth_signature in header');
  return decodeURIComponent(match[1]!);
}

describe('createOAuth1Signer', () => {
  it('reproduces the photos.example.net HMAC-SHA1 example (OAuth Core 1.0 Appendix A.5, the RFC 5849 §1.2 scenario)', () => {
    const signer = createOAuth1Signer(oauth1Manifest(), PHOTOS.client, PHOTOS.fixed);
    const header = signer.sign({ method: 'GET', url: PHOTOS.url }, PHOTOS.token);
    expect(header).toBe(
      'OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_nonce="kllo9940pd9333jh", oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D", ' +
        'oauth_signature_method="HMAC-SHA1", oauth_timestamp="1191242096", oauth_token="nnch734d00sl2jdk", oauth_version="1.0"',
    );
  });

  it("reproduces Twitter's documented signing example, with a query parameter and a form body", () => {
    // https://dev.twitter.com/oauth/overview/creating-signatures and …/authorizing-a-request
    const signer = createOAuth1Signer(
      oauth1Manifest(),
      { clientId: 'xvz1evFS4wEEPTGEFPHBog', clientSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' },
      { nonce: () => 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', timestamp: () => 1318622958 },
    );
    const header = signer.sign(
      {
        method: 'post',
        url: 'https://api.twitter.com/1/statuses/update.json?include_entities=true',
        data: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
      },
      { key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' },
    );
    expect(header).toBe(
      'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", ' +
        'oauth_signature="tnnArxj06cWHq44gCs1OSKk%2FjLY%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", ' +
        'oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"',
    );
  });

  it('normalises parameters as RFC 5849 §3.4.1.3.2 shows: duplicates sorted by value, empty values kept, + decoded as a space', () => {
    const client = { clientId: '9djdj82h48djs9d2', clientSecret: 'j49sj3j29djd' };
    const token = { key: 'kkk9d7dh3k39sjv7', secret: 'dh893hdasih9' };
    const signer = createOAuth1Signer(oauth1Manifest(), client, { nonce: () => '7d8f3e4a', timestamp: () => 137131201 });
    const header = signer.sign(
      { method: 'POST', url: 'HTTP://Example.COM:80/request?b5=%3D%253D&a3=a&c%40=&a2=r+b#fragment', data: { c2: '', a3: '2 q' } },
      token,
    );
    // §3.4.1.3.2's normalized parameters, plus the oauth_version=1.0 this signer always sends.
    const normalized =
      'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a' +
      '&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7&oauth_version=1.0';
    const base = `POST&${encodeURIComponent('http://example.com/request')}&${encodeURIComponent(normalized)}`;
    const expected = createHmac('sha1', 'j49sj3j29djd&dh893hdasih9').update(base).digest('base64');
    expect(signatureOf(header)).toBe(expected);
  });

  it('signs HMAC-SHA256 over the same base string when the manifest asks for it', () => {
    const signer = createOAuth1Signer(oauth1Manifest({ signatureMethod: 'HMAC-SHA256' }), PHOTOS.client, PHOTOS.fixed);
    const header = signer.sign({ method: 'GET', url: PHOTOS.url }, PHOTOS.token);
    const base =
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03' +
      '%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1191242096' +
      '%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal';
    expect(header).toContain('oauth_signature_method="HMAC-SHA256"');
    expect(signatureOf(header)).toBe(createHmac('sha256', 'kd94hf93k423kf44&pfkkdhi9sl3r4s00').update(base).digest('base64'));
  });

  it('sends PLAINTEXT as the encoded client and token secrets joined by & (§3.4.4)', () => {
    const signer = createOAuth1Signer(oauth1Manifest({ signatureMethod: 'PLAINTEXT' }), { clientId: 'key', clientSecret: 's3cr&t' }, PHOTOS.fixed);
    expect(signatureOf(signer.sign({ method: 'POST', url: 'https://api.example.test/initiate' }))).toBe('s3cr%26t&');
    expect(signatureOf(signer.sign({ method: 'GET', url: PHOTOS.url }, { key: 'tok', secret: 'ts' }))).toBe('s3cr%26t&ts');
  });

  it('puts the realm first in the header and leaves it out of the signature (§3.5.1)', () => {
    const signer = createOAuth1Signer(oauth1Manifest({ realm: 'Photos' }), PHOTOS.client, PHOTOS.fixed);
    const header = signer.sign({ method: 'GET', url: PHOTOS.url }, PHOTOS.token);
    expect(header.startsWith('OAuth realm="Photos", oauth_consumer_key=')).toBe(true);
    expect(signatureOf(header)).toBe('tR3+Ty81lMeYAr/Fid0kMTYa/WM=');
  });

  it('signs extra protocol parameters and sends them in the header', () => {
    const signer = createOAuth1Signer(oauth1Manifest(), PHOTOS.client, PHOTOS.fixed);
    const plain = signer.sign({ method: 'POST', url: 'https://photos.example.net/initiate' });
    const withCallback = signer.sign({ method: 'POST', url: 'https://photos.example.net/initiate', oauthParams: { oauth_callback: 'http://printer.example.com/ready' } });
    expect(withCallback).toContain('oauth_callback="http%3A%2F%2Fprinter.example.com%2Fready"');
    expect(plain).not.toContain('oauth_token=');
    expect(signatureOf(withCallback)).not.toBe(signatureOf(plain));
  });

  it('uses a fresh random nonce and the current time by default', () => {
    const signer = createOAuth1Signer(oauth1Manifest(), PHOTOS.client);
    const nonces = [1, 2, 3].map(() => /oauth_nonce="([^"]*)"/.exec(signer.sign({ method: 'GET', url: PHOTOS.url }))![1]!);
    expect(new Set(nonces).size).toBe(3);
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    const timestamp = Number(/oauth_timestamp="(\d+)"/.exec(signer.sign({ method: 'GET', url: PHOTOS.url }))![1]);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(5);
  });

  it('draws every default nonce from unused random bytes, across pool refills', () => {
    const signer = createOAuth1Signer(oauth1Manifest(), PHOTOS.client);
    const nonces = Array.from({ length: 1_000 }, () => /oauth_nonce="([^"]*)"/.exec(signer.sign({ method: 'GET', url: PHOTOS.url }))![1]!);
    expect(new Set(nonces).size).toBe(1_000);
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    // 16 000 random bytes: each hex digit should appear about 2 000 times; a stuck or reused pool would not.
    const counts = new Map<string, number>();
    for (const digit of nonces.join('')) counts.set(digit, (counts.get(digit) ?? 0) + 1);
    expect(counts.size).toBe(16);
    for (const count of counts.values()) expect(count).toBeGreaterThan(1_500);
  });

  it('refuses missing credentials and never shows the client secret when inspected', () => {
    expect(() => createOAuth1Signer(oauth1Manifest(), { clientId: 'key', clientSecret: '' })).toThrow(expect.objectContaining({ code: 'MISSING_CREDENTIALS' }));
    const signer = createOAuth1Signer(oauth1Manifest(), PHOTOS.client);
    expect(inspect(signer, { depth: 5, showHidden: true })).not.toContain(PHOTOS.client.clientSecret);
  });
});
