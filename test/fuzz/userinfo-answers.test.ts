// OIDC userinfo answers (OIDC Core §5.3) fuzzed through client.profile(), which maps the standard claims,
// and client.userinfo(), which returns them: from the endpoint that discovery names, or one the manifest
// sets with the token in the query. Same outcomes as profile-answers: a profile with an id, the claims,
// or a typed error that shows no planted secret.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { TokenSet } from '../../src/types.ts';
import { clientFor } from '../runtime/helpers.ts';
import { answerTemplate, type AnswerTemplate, ECHO, LEAF, objectAnswer } from './answers.ts';
import { checkProperty } from './budget.ts';
import { fakeFetch } from './fake-fetch.ts';
import { fuzzTimeout, HANG_MS, PLANTED } from './helpers.ts';
import { watchLogs } from './logs.ts';
import { expectProfileOrTypedError } from './profile-checks.ts';

watchLogs();

const OP = 'https://login.example.test';
const METADATA: AnswerTemplate = {
  status: 200,
  contentType: 'application/json',
  kind: 'json',
  value: { issuer: OP, authorization_endpoint: `${OP}/authorize`, token_endpoint: `${OP}/token`, userinfo_endpoint: `${OP}/userinfo`, jwks_uri: `${OP}/jwks` },
};

function oidcManifest(extra: Partial<ManifestInput> = {}): ManifestInput {
  return { id: 'acme-oidc', name: 'Acme OIDC', protocol: 'oidc', docs: 'https://docs.example.test/oidc', lastVerified: '2026-11-23', endpoints: {}, oidc: { issuer: OP }, ...extra };
}

let userinfo: AnswerTemplate | undefined;
const transport = fakeFetch((request) => (new URL(request.url).pathname === '/.well-known/openid-configuration' ? METADATA : userinfo));
const http = { retries: 0, timeoutMs: HANG_MS, maxBodyBytes: 64 * 1024, fetch: transport };
const clients = [
  clientFor(oidcManifest(), { clientSecret: PLANTED.clientSecret, http }),
  clientFor(oidcManifest({ endpoints: { userinfo: `${OP}/v2/userinfo` }, api: { auth: { in: 'query', name: 'auth' } } }), { clientSecret: PLANTED.clientSecret, http }),
];

const CLAIMS = objectAnswer(
  fc.record(
    { sub: LEAF, preferred_username: LEAF, name: LEAF, email: LEAF, picture: LEAF, email_verified: LEAF, error_description: fc.constantFrom(...Object.values(ECHO)) },
    { requiredKeys: [] },
  ),
);
const TOKEN = fc.constantFrom<TokenSet | string>(PLANTED.accessToken, new TokenSet({ accessToken: PLANTED.accessToken, refreshToken: PLANTED.refreshToken, tokenType: 'Bearer', raw: {} }));

describe('userinfo answers fuzz', () => {
  it('turns every answer into claims, a profile with an id, or a typed error that shows no secret', async () => {
    await checkProperty(
      'profile: OIDC userinfo through profile() and userinfo()',
      0x5eed32,
      fc.asyncProperty(fc.nat(clients.length - 1), answerTemplate(CLAIMS), TOKEN, fc.constantFrom('profile' as const, 'userinfo' as const), async (index, answer, token, call) => {
        userinfo = answer;
        await expectProfileOrTypedError(clients[index]!, token, call);
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());
});
