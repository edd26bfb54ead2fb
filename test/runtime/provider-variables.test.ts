// URL variables beyond the app's own vars: hosts the provider names in the callback or the token (checked
// against their patterns before anything is sent there), dotted host names, optional path segments, and token
// fields in URL paths. Each test fails when the runtime ignores its field.
import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { parseManifestObject } from '../../src/manifest/load.ts';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { TokenSet } from '../../src/types.ts';
import { baseManifest, clientFor, signIn, tokenReply, useNock } from './helpers.ts';

useNock();

const ZOHO_LIKE: Partial<ManifestInput> = {
  variables: {
    accounts: { description: 'accounts server', pattern: 'https://accounts\\.dc\\.(com|eu)', example: 'https://accounts.dc.eu', from: { callback: 'accounts-server' } },
  },
  endpoints: { authorize: 'https://accounts.dc.com/oauth/authorize', token: '{accounts}/oauth/token', revoke: '{accounts}/oauth/revoke', api: 'https://api.dc.example/' },
};

describe('variables.<name>.from: callback', () => {
  it('sends the code exchange to the host the callback names, and keeps it for refresh and revocation', async () => {
    const client = clientFor(baseManifest(ZOHO_LIKE));
    const { callback } = await signIn(client);
    nock('https://accounts.dc.eu').post('/oauth/token').reply(200, tokenReply());
    const token = await client.callback(`${callback}&accounts-server=${encodeURIComponent('https://accounts.dc.eu')}`);
    expect(token.raw['accounts-server']).toBe('https://accounts.dc.eu');
    nock('https://accounts.dc.eu').post('/oauth/token', (body) => body.grant_type === 'refresh_token').reply(200, tokenReply());
    const fresh = await client.refresh(token);
    nock('https://accounts.dc.eu').post('/oauth/revoke').reply(200, '');
    await client.revoke(fresh);
    expect(nock.isDone()).toBe(true);
  });

  it('refuses a forged host before the code (or the secret) goes anywhere', async () => {
    const client = clientFor(baseManifest(ZOHO_LIKE));
    for (const forged of ['https://accounts.evil.example', 'http://accounts.dc.eu', 'https://accounts.dc.eu/steal', 'https://accounts.dc.eu.evil.example']) {
      const { callback } = await signIn(client);
      const error = await client.callback(`${callback}&accounts-server=${encodeURIComponent(forged)}`).catch((caught: unknown) => caught);
      expect(error, forged).toMatchObject({ code: 'MISSING_VARIABLE' });
      expect(inspect(error)).not.toContain('auth-code-1');
    }
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('says which callback parameter is missing', async () => {
    const client = clientFor(baseManifest(ZOHO_LIKE));
    const { callback } = await signIn(client);
    await expect(client.callback(callback)).rejects.toMatchObject({ code: 'MISSING_VARIABLE', message: expect.stringContaining("the callback's accounts-server parameter") });
  });
});

const SALESFORCE_LIKE: Partial<ManifestInput> = {
  variables: { instance: { description: 'instance', pattern: 'https://[a-z0-9-]+\\.my\\.sf\\.example', example: 'https://acme.my.sf.example', from: { token: 'instance_url' } } },
  endpoints: { authorize: 'https://login.sf.example/authorize', token: 'https://login.sf.example/token', api: '{instance}/services/data/v62.0/' },
  profile: { url: 'chatter/users/me', fields: { id: 'id' } },
};

describe('variables.<name>.from: token', () => {
  it('sends API calls to the instance the token names, and refuses one that does not match the pattern', async () => {
    const client = clientFor(baseManifest(SALESFORCE_LIKE));
    const good = new TokenSet({ accessToken: 'at', tokenType: 'Bearer', raw: { instance_url: 'https://acme.my.sf.example' } });
    nock('https://acme.my.sf.example').get('/services/data/v62.0/chatter/users/me').reply(200, { id: 'u1' });
    expect((await client.profile(good)).id).toBe('u1');
    const forged = new TokenSet({ accessToken: 'at-secret', tokenType: 'Bearer', raw: { instance_url: 'https://evil.example' } });
    const error = await client.get('limits', { token: forged }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'MISSING_VARIABLE' });
    expect(inspect(error)).not.toContain('at-secret');
  });

  it('asks for the TokenSet when given a bare access token, which cannot name the instance', async () => {
    const client = clientFor(baseManifest(SALESFORCE_LIKE));
    await expect(client.get('limits', { token: 'bare-token' })).rejects.toMatchObject({ code: 'MISSING_VARIABLE', message: expect.stringContaining('pass the TokenSet') });
  });

  it('must be declared with a pattern and an example, and may not shape the authorization URL', () => {
    const noPattern = baseManifest({ ...SALESFORCE_LIKE, variables: { instance: { description: 'i', example: 'https://a.my.sf.example', from: { token: 'instance_url' } } } });
    expect(() => parseManifestObject(noPattern)).toThrow(/needs a pattern/);
    const early = baseManifest({ ...SALESFORCE_LIKE, endpoints: { authorize: '{instance}/authorize', token: 'https://login.sf.example/token' } });
    expect(() => parseManifestObject(early)).toThrow(/too late for endpoints.authorize/);
  });
});

describe('host variables with dots', () => {
  const selfHosted = (pattern?: string) =>
    baseManifest({
      variables: { host: { description: 'host', ...(pattern ? { pattern } : {}) } },
      endpoints: { authorize: 'https://{host}/oauth/authorize', token: 'https://{host}/oauth/token' },
    });

  it('take a whole host name when the variable has a pattern, and only then', async () => {
    const client = clientFor(selfHosted('[a-z0-9.-]+'), { vars: { host: 'sso.corp.example' } });
    expect((await client.authorize()).url).toMatch(/^https:\/\/sso\.corp\.example\/oauth\/authorize\?/);
    expect(() => clientFor(selfHosted(), { vars: { host: 'sso.corp.example' } })).toThrow(/one DNS label, unless the manifest gives it a pattern/);
    expect(() => clientFor(selfHosted('[a-z0-9.-]+'), { vars: { host: 'sso..example' } })).toThrow(/DNS labels/);
  });
});

describe('optional variables', () => {
  const okta = baseManifest({
    variables: { domain: { description: 'org' }, server: { description: 'custom server', optional: true } },
    endpoints: { authorize: 'https://{domain}.okta.example/oauth2/{server}/v1/authorize', token: 'https://{domain}.okta.example/oauth2/{server}/v1/token' },
  });

  it('drop their path segment when left out or empty, and fill it otherwise', async () => {
    const org = await clientFor(okta, { vars: { domain: 'acme' } }).authorize();
    expect(new URL(org.url).pathname).toBe('/oauth2/v1/authorize');
    const empty = await clientFor(okta, { vars: { domain: 'acme', server: '' } }).authorize();
    expect(new URL(empty.url).pathname).toBe('/oauth2/v1/authorize');
    const custom = await clientFor(okta, { vars: { domain: 'acme', server: 'aus9' } }).authorize();
    expect(new URL(custom.url).pathname).toBe('/oauth2/aus9/v1/authorize');
  });

  it('must fill a whole path segment', () => {
    const partial = baseManifest({ variables: { v: { description: 'v', optional: true } }, endpoints: { authorize: 'https://x.example/api-{v}/authorize', token: 'https://x.example/token' } });
    expect(() => parseManifestObject(partial)).toThrow(/must fill a whole path segment/);
  });
});

describe('{{token.x}} in URL paths', () => {
  it('fills a profile path from the token, URL-encoded as one segment', async () => {
    const client = clientFor(baseManifest({ profile: { url: 'users/{{token.user_id}}', fields: { id: 'id' } } }));
    nock('https://api.example.test').get('/v1/users/a%2Fb%20c').reply(200, { id: 'a/b c' });
    const token = new TokenSet({ accessToken: 'at', tokenType: 'Bearer', raw: { user_id: 'a/b c' } });
    expect((await client.profile(token)).id).toBe('a/b c');
  });

  it('refuses a value that would step out of the path', async () => {
    const client = clientFor(baseManifest({ profile: { url: 'users/{{token.user_id}}/info', fields: { id: 'id' } } }));
    for (const userId of ['..', '.', '']) {
      const token = new TokenSet({ accessToken: 'at', tokenType: 'Bearer', raw: { user_id: userId } });
      await expect(client.profile(token), JSON.stringify(userId)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    }
  });
});

