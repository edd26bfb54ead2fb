// The generated clients of providers/ (src/generated, `npm run codegen`), one provider at a time:
// createClient(id) builds the provider's own class, which carries its manifest and one method per
// operation, and a near miss of the id is answered with the id. Their types: test/types/generated-providers.test.ts.
import { describe, expect, it } from 'vitest';
import { pascalCase } from '../../src/codegen/names.ts';
import { runtimeManifest } from '../../src/codegen/emit-provider.ts';
import { exampleVars } from '../../src/emulator/layout.ts';
import { UnknownProviderError } from '../../src/errors.ts';
import { createClient } from '../../src/generated/clients.ts';
import { loadProviderManifests, typoOf } from '../provider-manifests.ts';

/** createClient as untyped callers see it: any id, any options. */
const create = createClient as (id: string, options: object) => { manifest: unknown; api?: Record<string, unknown> };

describe.each(loadProviderManifests())('$name', ({ id, manifest }) => {
  const options = { clientId: 'id', clientSecret: 'secret', vars: exampleVars(manifest) };

  it('has a generated module whose class createClient builds for its id', async () => {
    const module = (await import(`../../src/generated/providers/${id}.ts`)) as Record<string, unknown>;
    const name = pascalCase(id);
    const ProviderClient = module[`${name}Client`] as new (options: object) => object;
    const createProviderClient = module[`create${name}Client`] as (options: object) => object;
    expect(create(id, options)).toBeInstanceOf(ProviderClient);
    expect(createProviderClient(options)).toBeInstanceOf(ProviderClient);
  });

  it('carries its manifest and one API method per operation', () => {
    const client = create(id, options);
    expect(client.manifest).toEqual(runtimeManifest(manifest));
    const methods = Object.entries(client.api ?? {}).filter(([, value]) => typeof value === 'function');
    expect(methods.map(([name]) => name).sort()).toEqual(Object.keys(manifest.operations).sort());
  });

  it('answers a near miss of its id with the id', () => {
    expect(() => create(typoOf(id), options)).toThrow(UnknownProviderError);
    expect(() => create(typoOf(id), options)).toThrow(`Did you mean "${id}"`);
  });
});
