// "Did you mean" in manifest errors: the closest allowed field name (read from the schema at the issue's
// level) for an unknown field, and the closest allowed option for a misspelt enum value.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Manifest } from '../../src/manifest/schema.ts';
import { loadManifest, parseManifestObject } from '../../src/manifest/load.ts';
import { registerProvider } from '../../src/manifest/register.ts';
import { allowedKeysAt } from '../../src/manifest/schema-keys.ts';
import { manifestErrorFrom, MINIMAL_MANIFEST, minimalManifestObject, positionOf, scratchDirectory } from './helpers.ts';

let scratch: ReturnType<typeof scratchDirectory>;
beforeEach(() => {
  scratch = scratchDirectory();
});
afterEach(() => scratch.cleanup());

function messagesFor(text: string): string[] {
  return manifestErrorFrom(() => loadManifest(text, `${scratch.dir}/acme.yaml`)).issues.map((issue) => `${issue.field}: ${issue.message}`);
}

describe('suggestions for unknown fields', () => {
  it('suggests the closest field at the top level and points at the misspelt key', () => {
    const text = `${MINIMAL_MANIFEST}profil:\n  url: user\n  fields: { id: id }\n`;
    const error = manifestErrorFrom(() => loadManifest(text, `${scratch.dir}/acme.yaml`));
    expect(error.issues).toEqual([expect.objectContaining({ field: 'profil', message: 'unknown field "profil"; did you mean "profile"?', ...positionOf(text, 'profil:') })]);
  });

  it('suggests from the level of the unknown key, nested objects included', () => {
    const text = `${MINIMAL_MANIFEST}profile:\n  url: user\n  fields:\n    id: id\n    usrname: login\nauthorization:\n  scope:\n    delimter: ','\n`;
    expect(messagesFor(text)).toEqual([
      'profile.fields.usrname: unknown field "usrname"; did you mean "username"?',
      'authorization.scope.delimter: unknown field "delimter"; did you mean "delimiter"?',
    ]);
  });

  it('suggests the keys of an enum-keyed map and of union branches inside lists', () => {
    const text = `${MINIMAL_MANIFEST}token:\n  rename:\n    client_idd: appid\napi:\n  transforms:\n    - heder: X-Acme\n      set: '1'\n`;
    expect(messagesFor(text)).toContain('token.rename.client_idd: unknown field "client_idd"; did you mean "client_id"?');
    expect(messagesFor(text)).toContain('api.transforms[0].heder: unknown field "heder"; did you mean "header"?');
  });

  it('says nothing more when no allowed field is close', () => {
    expect(messagesFor(`${MINIMAL_MANIFEST}frobnicate: true\n`)).toEqual(['frobnicate: unknown field "frobnicate"']);
  });

  it('reaches registerProvider users through manifest objects and files alike', () => {
    const object = manifestErrorFrom(() => parseManifestObject(minimalManifestObject({ protocol: 'oauth', profil: {} })));
    expect(object.message).toContain('protocol: expected one of "oauth1", "oauth2", "oidc", got "oauth"; did you mean "oauth1" or "oauth2"?');
    expect(object.message).toContain('profil: unknown field "profil"; did you mean "profile"?');
    const file = scratch.write('acme.yaml', MINIMAL_MANIFEST.replace('protocol: oauth2', 'protocol: oaut2'));
    expect(manifestErrorFrom(() => registerProvider(file)).message).toContain('got "oaut2"; did you mean "oauth2" or "oauth1"?');
  });
});

describe('suggestions for misspelt options', () => {
  it('suggests the closest allowed values of an enum, nested ones too', () => {
    const text = `${MINIMAL_MANIFEST}token:\n  clientAuth: basik\n`;
    expect(messagesFor(text)).toEqual(['token.clientAuth: expected one of "basic", "post", "basic_and_client_id", "none", "private_key_jwt", "client_secret_jwt", "secret_hash", got "basik"; did you mean "basic"?']);
  });

  it('offers none for a value of the wrong type', () => {
    expect(messagesFor(MINIMAL_MANIFEST.replace('protocol: oauth2', 'protocol: 2'))).toEqual(['protocol: expected one of "oauth1", "oauth2", "oidc", got number 2']);
  });
});

describe('allowedKeysAt', () => {
  it('reads the field names of the schema along a path, through defaults, optionals, lists and records', () => {
    expect(allowedKeysAt(Manifest, [])).toEqual(expect.arrayContaining(['id', 'endpoints', 'profile', 'operations']));
    expect(allowedKeysAt(Manifest, ['endpoints']).sort()).toEqual(['api', 'authorize', 'deviceAuthorization', 'jwks', 'pushedAuthorization', 'refresh', 'registration', 'requestToken', 'revoke', 'token', 'userinfo']);
    expect(allowedKeysAt(Manifest, ['profile', 'after', 3])).toContain('ifMissing');
    expect(allowedKeysAt(Manifest, ['operations', 'anyName', 'params', 'anyParam']).sort()).toEqual(['description', 'in', 'required', 'type']);
    expect(allowedKeysAt(Manifest, ['api', 'transforms', 0]).sort()).toEqual(['header', 'remove', 'replace', 'set']);
  });

  it('finds nothing where the schema has no object', () => {
    expect(allowedKeysAt(Manifest, ['id'])).toEqual([]);
    expect(allowedKeysAt(Manifest, ['nowhere', 'at', 'all'])).toEqual([]);
    expect(allowedKeysAt(Manifest, ['variables', 'x', 'pattern'])).toEqual([]);
  });
});
