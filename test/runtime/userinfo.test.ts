// client.userinfo() returns the claims object of OIDC Core §5.3.2, or says the endpoint answered none.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { baseManifest, clientFor, ORIGIN, useNock } from './helpers.ts';

useNock();

const client = clientFor(baseManifest({ endpoints: { authorize: `${ORIGIN}/authorize`, token: `${ORIGIN}/token`, userinfo: `${ORIGIN}/userinfo` } }));

describe('userinfo()', () => {
  it('returns the claims object', async () => {
    nock(ORIGIN).get('/userinfo').reply(200, { sub: 'user-1', email: 'a@example.test' });
    expect(await client.userinfo('at-1')).toEqual({ sub: 'user-1', email: 'a@example.test' });
  });

  it.each([
    ['no body', 204, undefined, {}],
    ['a JSON list', 200, '[{"sub":"user-1"}]', { 'content-type': 'application/json' }],
    ['text', 200, 'sub=user-1', { 'content-type': 'text/plain' }],
    ['JSON null', 200, 'null', { 'content-type': 'application/json' }],
  ])('refuses an answer with %s instead of a claims object', async (_, status, body, headers) => {
    nock(ORIGIN).get('/userinfo').reply(status, body, headers);
    await expect(client.userinfo('at-1')).rejects.toMatchObject({ name: 'ResponseError', code: 'UNEXPECTED_RESPONSE', status });
  });
});
