import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadManifest, loadManifestFile, parseManifestObject } from '../../src/manifest/load.ts';
import { manifestErrorFrom, MINIMAL_MANIFEST, minimalManifestObject, positionOf, scratchDirectory } from './helpers.ts';

let scratch: ReturnType<typeof scratchDirectory>;
let file: string;

beforeEach(() => {
  scratch = scratchDirectory();
  file = `${scratch.dir}/acme.yaml`;
});
afterEach(() => scratch.cleanup());

/** Loads `text` as acme.yaml and returns its single issue. */
function onlyIssue(text: string) {
  const error = manifestErrorFrom(() => loadManifest(text, file));
  expect(error.issues).toHaveLength(1);
  return { error, issue: error.issues[0]! };
}

describe('loadManifest', () => {
  it('fills defaults into a minimal manifest', () => {
    const manifest = loadManifest(MINIMAL_MANIFEST, file);
    expect(manifest.id).toBe('acme');
    expect(manifest.authorization.scope.delimiter).toBe(' ');
    expect(manifest.token.clientAuth).toBe('post');
    expect(manifest.status).toBe('active');
  });

  it('points a wrong type at the value and names the expected type', () => {
    const text = MINIMAL_MANIFEST.replace('name: Acme', 'name: 42');
    const { error, issue } = onlyIssue(text);
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(issue).toMatchObject({ file, field: 'name', ...positionOf(text, '42') });
    expect(issue.message).toBe('expected string, got number 42');
  });

  it('points an unknown field at its key (no suggestion of a key the object already has)', () => {
    const text = `${MINIMAL_MANIFEST}  tokne: https://acme.example/oops\n`;
    const { issue } = onlyIssue(text);
    expect(issue).toMatchObject({ field: 'endpoints.tokne', message: 'unknown field "tokne"', ...positionOf(text, 'tokne') });
  });

  it('rejects an http:// endpoint but accepts http on loopback', () => {
    const text = MINIMAL_MANIFEST.replace('token: https://acme.example/oauth/token', 'token: http://acme.example/oauth/token');
    const { issue } = onlyIssue(text);
    expect(issue).toMatchObject({ field: 'endpoints.token', ...positionOf(text, 'http://acme') });
    expect(issue.message).toMatch(/expected an https:\/\/ URL/);

    const loopback = MINIMAL_MANIFEST.replace('https://acme.example/oauth/token', 'http://127.0.0.1:8080/token');
    expect(loadManifest(loopback, file).endpoints.token).toBe('http://127.0.0.1:8080/token');
  });

  it('reports YAML syntax errors with MANIFEST_SYNTAX and a position', () => {
    const text = MINIMAL_MANIFEST.replace('name: Acme', 'name: [Acme');
    const error = manifestErrorFrom(() => loadManifest(text, file));
    expect(error.code).toBe('MANIFEST_SYNTAX');
    expect(error.issues[0]).toMatchObject({ file, line: expect.any(Number), column: expect.any(Number) });
    expect(error.issues[0]!.line).toBeGreaterThanOrEqual(positionOf(text, '[Acme').line);
  });

  it('treats a duplicate key as a syntax error at the second occurrence', () => {
    const text = MINIMAL_MANIFEST.replace('protocol: oauth2', 'protocol: oauth2\nname: Again');
    const { error, issue } = onlyIssue(text);
    expect(error.code).toBe('MANIFEST_SYNTAX');
    expect(issue).toMatchObject(positionOf(text, 'name: Again'));
    expect(issue.message).toMatch(/unique.*"name"/);
  });

  it('lists the allowed values of an enum, the closest first as a suggestion', () => {
    const text = MINIMAL_MANIFEST.replace('protocol: oauth2', 'protocol: oauth3');
    const { issue } = onlyIssue(text);
    expect(issue).toMatchObject({ field: 'protocol', ...positionOf(text, 'oauth3') });
    expect(issue.message).toBe('expected one of "oauth1", "oauth2", "oidc", got "oauth3"; did you mean "oauth1" or "oauth2"?');
  });

  it('points a missing field at the object that lacks it', () => {
    const text = MINIMAL_MANIFEST.replace('protocol: oauth2', 'protocol: oidc') + 'oidc:\n  nonce: required\n';
    const { issue } = onlyIssue(text);
    expect(issue).toMatchObject({ field: 'oidc.issuer', message: 'missing required field "issuer"', ...positionOf(text, 'oidc:') });
  });

  it('points a missing top-level field at the document start', () => {
    const text = MINIMAL_MANIFEST.replace('name: Acme\n', '');
    const { issue } = onlyIssue(text);
    expect(issue).toMatchObject({ field: 'name', line: 1, column: 1, message: 'missing required field "name"' });
  });

  it('points a missing endpoint the protocol needs at endpoints', () => {
    const text = MINIMAL_MANIFEST.replace('  token: https://acme.example/oauth/token\n', '');
    const { issue } = onlyIssue(text);
    expect(issue).toMatchObject({ field: 'endpoints.token', ...positionOf(text, 'endpoints:') });
  });

  it('explains a value that fits no branch of a union', () => {
    const text = `${MINIMAL_MANIFEST}profile:\n  url: me\n  fields:\n    id: 5\n`;
    const { issue } = onlyIssue(text);
    expect(issue).toMatchObject({ field: 'profile.fields.id', message: 'expected string or array, got number 5', ...positionOf(text, '5\n') });
  });

  it('points an invalid record key at the key', () => {
    const text = `${MINIMAL_MANIFEST}operations:\n  Get_User:\n    path: user\n`;
    const { issue } = onlyIssue(text);
    expect(issue).toMatchObject({ field: 'operations.Get_User', ...positionOf(text, 'Get_User') });
    expect(issue.message).toMatch(/invalid name "Get_User": expected a camelCase name/);
  });

  it('requires the id to equal the file name', () => {
    const { issue } = onlyIssue(MINIMAL_MANIFEST.replace('id: acme', 'id: other'));
    expect(issue).toMatchObject({ field: 'id', line: 1, column: 5, message: 'id "other" must equal the file name "acme"' });
  });

  it('collects every issue, in source order, into one message', () => {
    const text = MINIMAL_MANIFEST.replace('name: Acme', 'name: 42').replace('protocol: oauth2', 'protocol: oauth3');
    const error = manifestErrorFrom(() => loadManifest(text, file));
    expect(error.issues.map((issue) => issue.field)).toEqual(['name', 'protocol']);
    const nameAt = positionOf(text, '42');
    expect(error.message.split('\n')[0]).toBe(`${file}:${nameAt.line}:${nameAt.column} name: expected string, got number 42`);
  });
});

describe('schema $ref files', () => {
  const withProfileRef = (ref: string) => `${MINIMAL_MANIFEST}profile:\n  url: me\n  fields:\n    id: id\n  schema:\n    $ref: ${ref}\n    description: Overrides the file's.\n`;

  it('inlines a JSON Schema file beside the manifest, keys beside $ref winning', () => {
    scratch.write('acme.user.schema.json', JSON.stringify({ type: 'object', title: 'AcmeUser', description: 'from the file' }));
    const manifest = loadManifest(withProfileRef('acme.user.schema.json'), file);
    expect(manifest.profile?.schema).toEqual({ type: 'object', title: 'AcmeUser', description: "Overrides the file's." });
  });

  it('reports a missing ref file at the $ref value', () => {
    const text = withProfileRef('missing.json');
    const { issue } = onlyIssue(text);
    expect(issue).toMatchObject({ field: 'profile.schema.$ref', ...positionOf(text, 'missing.json') });
    expect(issue.message).toMatch(/cannot read "missing.json": no such file/);
  });

  it('refuses a ref outside the manifest directory', () => {
    const { issue } = onlyIssue(withProfileRef('../elsewhere.json'));
    expect(issue.message).toMatch(/must name a file beside the manifest/);
  });

  it('reports a ref file that is not JSON', () => {
    scratch.write('broken.json', '{ nope');
    const { issue } = onlyIssue(withProfileRef('broken.json'));
    expect(issue.message).toMatch(/"broken.json" is not valid JSON/);
  });

  it('resolves refs in operation responses and leaves in-document refs alone', () => {
    scratch.write('item.json', JSON.stringify({ type: 'object', properties: { id: { type: 'string' } } }));
    const text = `${MINIMAL_MANIFEST}operations:\n  getItem:\n    path: items/{id}\n    response:\n      $ref: item.json\n  listItems:\n    path: items\n    response:\n      $ref: '#/$defs/items'\n`;
    const manifest = loadManifest(text, file);
    expect(manifest.operations.getItem?.response).toEqual({ type: 'object', properties: { id: { type: 'string' } } });
    expect(manifest.operations.listItems?.response).toEqual({ $ref: '#/$defs/items' });
  });
});

describe('JSON manifests', () => {
  const json = JSON.stringify(minimalManifestObject(), null, 2);

  it('loads a .json manifest file', () => {
    const path = scratch.write('acme.json', json);
    expect(loadManifestFile(path).endpoints.token).toBe('https://acme.example/oauth/token');
  });

  it('locates errors in JSON too', () => {
    const text = json.replace('"protocol": "oauth2"', '"protocol": "oauth3"');
    const path = scratch.write('acme.json', text);
    const error = manifestErrorFrom(() => loadManifestFile(path));
    expect(error.issues[0]).toMatchObject({ file: path, field: 'protocol', ...positionOf(text, '"oauth3"') });
  });

  it('reports an unreadable manifest file', () => {
    const error = manifestErrorFrom(() => loadManifestFile(`${scratch.dir}/absent.yaml`));
    expect(error.issues[0]!.message).toBe('cannot read the manifest (ENOENT)');
  });
});

describe('parseManifestObject', () => {
  it('validates an object and names the field without a line', () => {
    const error = manifestErrorFrom(() =>
      parseManifestObject(minimalManifestObject({ docs: 'not a url' })),
    );
    expect(error.issues).toEqual([{ file: '<manifest object>', field: 'docs', message: 'expected an absolute URL, got "not a url"' }]);
  });

  it('rejects file refs, which need a manifest file to resolve against', () => {
    const error = manifestErrorFrom(() =>
      parseManifestObject(minimalManifestObject({ profile: { url: 'me', fields: { id: 'id' }, schema: { $ref: 'user.json' } } })),
    );
    expect(error.issues[0]).toMatchObject({ field: 'profile.schema.$ref' });
  });
});
