// Profile answers fuzzed through client.profile(): field maps with fallbacks, unwrapping, `$token.` and
// `$step.` paths, before/after requests, forced body types and tokens sent in the query under names of the
// manifest's choosing (userinfo-answers.test.ts does the OIDC userinfo endpoint). Each outcome is a profile
// with a non-empty string id or a typed error; neither the access token, the refresh token nor the client
// secret shows in an error, even when the API quotes back what it was sent.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { OAuthClient } from '../../src/client.ts';
import type { ManifestInput } from '../../src/manifest/schema.ts';
import { TokenSet } from '../../src/types.ts';
import { baseManifest, clientFor } from '../runtime/helpers.ts';
import { answerTemplate, type AnswerTemplate, ECHO, LEAF, objectAnswer } from './answers.ts';
import { checkProperty } from './budget.ts';
import { fakeFetch } from './fake-fetch.ts';
import { fuzzTimeout, HANG_MS, PLANTED } from './helpers.ts';
import { watchLogs } from './logs.ts';
import { expectProfileOrTypedError } from './profile-checks.ts';

watchLogs();

const FIELDS = { id: 'id', name: 'name', email: 'email', username: 'login', avatar: 'avatar_url' };
const PROFILES: Partial<ManifestInput>[] = [
  {},
  { api: { auth: { in: 'query', name: 'auth' } } },
  { api: { query: { at: '{{token.access_token}}', v: 2 } } },
  {
    profile: {
      url: 'users/me',
      unwrap: 'data[0]',
      fields: { id: ['id', 'uid', '$token.uid'], email: ['email', '$emails[primary=true].email'], name: 'profile.name', avatar: ['avatar_url', '$emails[0].avatar'] },
      after: [{ name: 'emails', url: 'emails', ifMissing: 'email' }],
    },
  },
  { profile: { before: [{ name: 'account', url: 'account', unwrap: 'account', optional: true }], url: 'me', query: { user: '{{steps.account.id}}' }, fields: { ...FIELDS, id: ['id', '$account.id'] } } },
  { profile: { url: 'me', contentType: 'xml', unwrap: 'response', fields: FIELDS } },
  { profile: { url: 'me', contentType: 'jsonp', fields: FIELDS } },
  { profile: { url: 'me', contentType: 'form', method: 'POST', fields: FIELDS } },
];

/** Answers by the last segment of the path: the profile itself, and the before/after steps. */
let answers: Record<string, AnswerTemplate> = {};
const transport = fakeFetch((request) => answers[new URL(request.url).pathname.split('/').pop()!] ?? answers.me);
const http = { retries: 0, timeoutMs: HANG_MS, maxBodyBytes: 64 * 1024, fetch: transport };
const clients: OAuthClient[] = PROFILES.map((profile) => clientFor(baseManifest(profile), { clientSecret: PLANTED.clientSecret, http }));

const USER = fc.record(
  {
    id: LEAF,
    uid: LEAF,
    login: LEAF,
    name: LEAF,
    email: LEAF,
    avatar_url: LEAF,
    profile: fc.record({ name: LEAF }, { requiredKeys: [] }),
    message: fc.constantFrom(...Object.values(ECHO)).map((marker) => `invalid token in ${marker}`),
  },
  { requiredKeys: [] },
);
const PROFILE_ANSWER = objectAnswer(
  fc.oneof(
    USER,
    USER.map((user) => ({ data: [user] })),
    fc.record({ account: fc.record({ id: LEAF }) }),
    fc.record({ response: USER }),
    fc.array(fc.record({ email: LEAF, primary: fc.oneof(fc.boolean(), LEAF), avatar: LEAF }, { requiredKeys: [] }), { maxLength: 3 }).map((emails) => ({ emails })),
  ),
);
const ANSWERS = fc.record({ me: answerTemplate(PROFILE_ANSWER), emails: answerTemplate(PROFILE_ANSWER), account: answerTemplate(PROFILE_ANSWER) });

/** The planted tokens, and a uid `$token.uid` may read. */
const TOKEN = fc.oneof(
  fc.constant<TokenSet | string>(PLANTED.accessToken),
  LEAF.map((uid) => new TokenSet({ accessToken: PLANTED.accessToken, refreshToken: PLANTED.refreshToken, tokenType: 'Bearer', raw: { uid } })),
);

describe('profile answers fuzz', () => {
  it('turns every answer into a profile with an id or a typed error that shows no secret', async () => {
    await checkProperty(
      'profile: answers through profile()',
      0x5eed31,
      fc.asyncProperty(fc.nat(clients.length - 1), ANSWERS, TOKEN, async (index, byPath, token) => {
        answers = byPath;
        await expectProfileOrTypedError(clients[index]!, token);
      }),
      { timeout: HANG_MS },
    );
  }, fuzzTimeout());
});
