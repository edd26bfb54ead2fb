// JSON Schema → TypeScript: names that cannot collide, stable indentation without prettier, and a clear
// error when two generated types would still share a name.
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/codegen/generate.ts';
import { schemaToTypeScript } from '../../src/codegen/schema-types.ts';
import { parseManifestObject } from '../../src/manifest/load.ts';

describe('schemaToTypeScript', () => {
  it('names the root as asked and prefixes titled and referenced sub-schemas with it', async () => {
    const text = await schemaToTypeScript(
      {
        title: 'Ignored',
        type: 'object',
        definitions: { Picture: { type: 'object', properties: { url: { type: 'string' } } } },
        properties: { picture: { $ref: '#/definitions/Picture' }, status: { title: 'Status', type: 'object', properties: {} } },
      },
      'AcmeProfile',
    );
    expect(text).toContain('export interface AcmeProfile {');
    expect(text).toContain('  picture?: AcmeProfilePicture;');
    expect(text).toContain('export interface AcmeProfileStatus {');
    expect(text).not.toContain('Ignored');
  });

  it('indents by braces only, ignoring brackets inside strings and comments, and ends members with ;', async () => {
    const text = await schemaToTypeScript(
      { oneOf: [{ type: 'object', required: ['a'], properties: { a: { enum: ['{', '}}'], description: 'has } and {' } } }, { type: 'string' }] },
      'AcmeUnion',
    );
    expect(text).toBe(
      [
        'export type AcmeUnion = ({',
        '  /**',
        '   * has } and {',
        '   */',
        '  a: ("{" | "}}");',
        '  [k: string]: unknown;',
        '} | string);',
        '',
      ].join('\n'),
    );
  });
});

describe('generated names', () => {
  it('refuses a manifest whose generated types would share a name', async () => {
    const manifest = parseManifestObject({
      id: 'acme',
      name: 'Acme',
      protocol: 'oauth2',
      docs: 'https://acme.example/docs',
      lastVerified: '2026-11-23',
      endpoints: { authorize: 'https://acme.example/a', token: 'https://acme.example/t', api: 'https://acme.example/api/' },
      profile: { url: 'me', fields: { id: 'id' }, schema: { type: 'object', properties: { r: { title: 'Response', type: 'object' } } } },
      operations: { profile: { path: 'me', response: { type: 'array' } } },
    });
    await expect(generate([manifest], { runtime: 'oauth-registry/codegen-runtime', command: 'oauth-registry codegen' })).rejects.toThrow('two generated types are both named AcmeProfileResponse');
  });
});
