// Manifests written to break the loader or the runtime: each must fail at load with a located ManifestError,
// never with another error, a hang, or a manifest that loads and crashes on first use.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load.ts';
import { manifestErrorFrom, MINIMAL_MANIFEST, positionOf, scratchDirectory } from './helpers.ts';

let scratch: ReturnType<typeof scratchDirectory>;
let file: string;

beforeEach(() => {
  scratch = scratchDirectory();
  file = `${scratch.dir}/acme.yaml`;
});
afterEach(() => scratch.cleanup());

function onlyIssue(text: string) {
  const error = manifestErrorFrom(() => loadManifest(text, file));
  expect(error.issues).toHaveLength(1);
  return { error, issue: error.issues[0]! };
}

describe('YAML aliases', () => {
  it('refuses an alias bomb (billion laughs) as a syntax error at the first alias', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefg') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const text = `${MINIMAL_MANIFEST}${levels.join('\n')}\n`;
    const { error, issue } = onlyIssue(text);
    expect(error.code).toBe('MANIFEST_SYNTAX');
    expect(issue).toMatchObject({ file, ...positionOf(text, '*a, *a, *a, *a, *a, *a, *a, *a, *a]') });
    expect(issue.message).toMatch(/alias bomb/);
  });

  it('still resolves a few aliases', () => {
    const text = MINIMAL_MANIFEST.replace('name: Acme', 'name: &name Acme') + 'profile:\n  url: me\n  fields:\n    id: id\n    name: *name\n';
    expect(loadManifest(text, file).profile?.fields.name).toBe('Acme');
  });

  it('refuses an alias to no anchor at the alias', () => {
    const text = `${MINIMAL_MANIFEST}profile:\n  url: me\n  fields:\n    id: *nowhere\n`;
    const { error, issue } = onlyIssue(text);
    expect(error.code).toBe('MANIFEST_SYNTAX');
    expect(issue).toMatchObject({ ...positionOf(text, '*nowhere'), message: 'alias *nowhere refers to no earlier anchor &nowhere' });
  });

  it('refuses an alias inside its own anchor, whose value would contain itself', () => {
    const text = `${MINIMAL_MANIFEST}profile:\n  url: me\n  fields: { id: id }\n  schema: &loop { items: *loop }\n`;
    const { error, issue } = onlyIssue(text);
    expect(error.code).toBe('MANIFEST_SYNTAX');
    expect(issue).toMatchObject(positionOf(text, '*loop'));
    expect(issue.message).toMatch(/inside its own anchor/);
  });
});

describe('values that loaded and then crashed the first request using them', () => {
  const cases: Array<{ name: string; yaml: string; needle: string; field: string; message: RegExp }> = [
    {
      name: 'a variable pattern that is no regular expression',
      yaml: "variables:\n  shop:\n    description: Shop\n    pattern: '['\n",
      needle: "'['",
      field: 'variables.shop.pattern',
      message: /expected a regular expression, got "\[" \(Invalid regular expression/,
    },
    {
      name: 'a transform pattern that is no regular expression',
      yaml: "api:\n  transforms:\n    - header: Authorization\n      replace: { pattern: '(', with: 'OAuth2 ' }\n",
      needle: "'('",
      field: 'api.transforms[0].replace.pattern',
      message: /expected a regular expression, got "\("/,
    },
    {
      name: 'a header value outside Latin-1',
      yaml: 'api:\n  headers:\n    X-Currency: "€"\n',
      needle: '"€"',
      field: 'api.headers.X-Currency',
      message: /expected a header value of visible ASCII/,
    },
    {
      name: 'a non-ASCII header value',
      yaml: 'token:\n  headers:\n    X-Name: "é"\n',
      needle: '"é"',
      field: 'token.headers.X-Name',
      message: /expected a header value of visible ASCII/,
    },
    {
      name: 'a header value with a line break (header injection)',
      yaml: 'profile:\n  url: me\n  headers:\n    X-Note: "a\\r\\nSet-Cookie: x=1"\n  fields: { id: id }\n',
      needle: '"a\\r\\n',
      field: 'profile.headers.X-Note',
      message: /no line breaks/,
    },
    {
      name: 'a transform that sets a value with a line break',
      yaml: 'api:\n  transforms:\n    - { header: X-A, set: "a\\nb" }\n',
      needle: '"a\\nb"',
      field: 'api.transforms[0].set',
      message: /no line breaks/,
    },
    {
      name: 'an api.auth header name with a space',
      yaml: 'api:\n  auth: { in: header, name: "X Token" }\n',
      needle: '"X Token"',
      field: 'api.auth.name',
      message: /expected a header name/,
    },
    {
      name: 'a field path with a stray bracket',
      yaml: "profile:\n  url: me\n  fields:\n    id: 'a]b'\n",
      needle: "'a]b'",
      field: 'profile.fields.id',
      message: /invalid field path "a\]b": "a\]b" has a stray or unclosed bracket/,
    },
    {
      name: 'a field path that writes through __proto__',
      yaml: 'token:\n  response:\n    root: __proto__.polluted\n',
      needle: '__proto__.polluted',
      field: 'token.response.root',
      message: /"__proto__" is not a field name/,
    },
    {
      name: 'a catastrophic variable pattern (nested quantifiers)',
      yaml: "variables:\n  shop:\n    description: Shop\n    pattern: '(a+)+$'\n",
      needle: "'(a+)+$'",
      field: 'variables.shop.pattern',
      message: /unsafe regular expression: the repeated group \(a\+\) contains a quantifier/,
    },
    {
      name: 'a catastrophic transform pattern (overlapping alternatives)',
      yaml: "api:\n  transforms:\n    - header: Authorization\n      replace: { pattern: '^(a|a)*$', with: x }\n",
      needle: "'^(a|a)*$'",
      field: 'api.transforms[0].replace.pattern',
      message: /unsafe regular expression: the repeated group \(a\|a\) has alternatives that match the same text/,
    },
  ];

  for (const { name, yaml, needle, field, message } of cases) {
    it(`refuses ${name} at load, with its location`, () => {
      const text = MINIMAL_MANIFEST + yaml;
      const { error, issue } = onlyIssue(text);
      expect(error.code).toBe('MANIFEST_INVALID');
      expect(issue).toMatchObject({ file, field, ...positionOf(text, needle) });
      expect(issue.message).toMatch(message);
    });
  }

  it('points an invalid header name at the key', () => {
    const text = `${MINIMAL_MANIFEST}api:\n  headers:\n    "X Bad": v\n`;
    const { issue } = onlyIssue(text);
    expect(issue).toMatchObject({ field: 'api.headers.X Bad', ...positionOf(text, '"X Bad"') });
    expect(issue.message).toMatch(/^invalid name "X Bad": expected a header name/);
  });

  it('still accepts the patterns, headers and paths real manifests use', () => {
    const text = `${MINIMAL_MANIFEST}variables:
  version: { description: Graph API version, pattern: '^v\\d+\\.\\d+$' }
  shop: { description: Shop, pattern: '[a-z][a-z0-9-]*' }
api:
  auth: { in: query, name: 'access token' }
  headers: { Accept: application/vnd.github+json, X-GitHub-Api-Version: '2022-11-28', X-Id: '{{client.clientId}}' }
  transforms:
    - { header: Authorization, replace: { pattern: '^Bearer ', with: 'OAuth2 ' } }
profile:
  url: me
  unwrap: response[0]
  fields: { id: id, email: [email, '$emails[primary=true].email'], name: '$token.user.name' }
`;
    expect(() => loadManifest(text, file)).not.toThrow();
  });
});
