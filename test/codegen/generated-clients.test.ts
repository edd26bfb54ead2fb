// The generated clients of providers/ (src/generated, `npm run codegen`), one provider at a time:
// createClient(id) and the provider module's factory build a client that carries its manifest and one method
// per operation, and a near miss of the id is answered with the id. Their types: test/types/generated-providers.test.ts.
import { describe, expect, it } from 'vitest';
import { pascalCase } from '../../src/codegen/names.ts';
import { runtimeManifest } from '../../src/codegen/emit-provider.ts';
import { exampleVars } from '../../src/emulator/layout.ts';
import { OAuthClient } from '../../src/client.ts';
import { UnknownProviderError } from '../../src/errors.ts';
import { createClient } from '../../src/generated/clients.ts';
import { loadProviderManifests, typoOf } from '../provider-manifests.ts';

/** createClient as untyped callers see it: any id, any options. */
const create = createClient as (id: string, options: object) => OAuthClient;

describe.each(loadProviderManifests())('$name', ({ id, manifest }) => {
  const options = { clientId: 'id', clientSecret: 'secret', vars: exampleVars(manifest) };

  it('has a generated module whose factory builds its client with the manifest at hand', async () => {
    const module = (await import(`../../src/generated/providers/${id}.ts`)) as Record<string, unknown>;
    const createProviderClient = module[`create${pascalCase(id)}Client`] as (options: object) => OAuthClient;
    const client = createProviderClient(options);
    expect(client).toBeInstanceOf(OAuthClient);
    expect(client.manifest).toEqual(runtimeManifest(manifest));
  });

  it('is built by createClient, which loads its manifest on first use, with one API method per operation', async () => {
    const client = create(id, options);
    expect(client.id).toBe(id);
    expect(() => client.manifest).toThrow(expect.objectContaining({ code: 'NOT_READY' }));
    expect((await client.ready()).manifest).toEqual(runtimeManifest(manifest));
    for (const operation of Object.keys(manifest.operations)) expect(typeof (client.api as Record<string, unknown>)[operation]).toBe('function');
    await expect(client.api.noSuchOperation!('token')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('answers a near miss of its id with the id', () => {
    expect(() => create(typoOf(id), options)).toThrow(UnknownProviderError);
    expect(() => create(typoOf(id), options)).toThrow(`Did you mean "${id}"`);
  });
});
