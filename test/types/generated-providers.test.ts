// The generated code of every manifest in providers/ compiles, and its types hold what the README promises:
// createClient('<id>') and create<Id>Client() are typed as the provider's client, which takes the
// provider's URL variables, and ProviderId is exactly the ids of providers/ (retired ones too: they still
// compile, and explain themselves with ProviderRetiredError). One program checks them all;
// the per-provider checks are sources held in memory, written from each manifest.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pascalCase, propertyKey, quote } from '../../src/codegen/names.ts';
import { exampleVars } from '../../src/emulator/layout.ts';
import type { ProviderManifest } from '../../src/manifest/schema.ts';
import { listManifestFiles, loadProviderManifests } from '../provider-manifests.ts';
import { compileWithVirtualFiles, errorsIn, ROOT } from './virtual-program.ts';

const GENERATED = join(ROOT, 'src/generated');
const SHARED = ['clients.ts', 'registry.ts', 'provider-ids.ts'].map((name) => join(GENERATED, name));
const providers = loadProviderManifests();

/** The client options a caller would write, as source: URL variables exactly when the provider has some. */
function optionsSource(manifest: ProviderManifest): string {
  const vars = Object.entries(exampleVars(manifest)).map(([name, value]) => `${propertyKey(name)}: ${quote(value)}`);
  return `{ clientId: 'id', clientSecret: 'secret'${vars.length > 0 ? `, vars: { ${vars.join(', ')} }` : ''} }`;
}

function checkSource(id: string, manifest: ProviderManifest): string {
  const name = pascalCase(id);
  const options = optionsSource(manifest);
  return `import { expectTypeOf } from 'vitest';
import { createClient } from '../../src/generated/clients.ts';
import { type ${name}Client, create${name}Client } from '../../src/generated/providers/${id}.ts';

expectTypeOf(createClient(${quote(id)}, ${options})).toEqualTypeOf<${name}Client>();
expectTypeOf(create${name}Client(${options})).toEqualTypeOf<${name}Client>();
`;
}

const checks = providers.map(({ id, manifest }) => ({ id, path: join(ROOT, `test/types/generated-${id}.check.ts`), source: checkSource(id, manifest) }));
const idsCheck = {
  path: join(ROOT, 'test/types/generated-ids.check.ts'),
  source: `import { expectTypeOf } from 'vitest';
import type { ProviderId } from '../../src/generated/clients.ts';

expectTypeOf<ProviderId>().toEqualTypeOf<${listManifestFiles().map(({ id }) => quote(id)).join(' | ') || 'never'}>();
`,
};

describe('generated code of providers/', () => {
  const program = compileWithVirtualFiles(new Map([...checks, idsCheck].map((check) => [check.path, check.source])), SHARED);

  it('has ProviderId naming exactly the manifest files, and shared modules that compile', () => {
    expect(errorsIn(program, idsCheck.path)).toEqual([]);
    for (const file of SHARED) expect(errorsIn(program, file), file).toEqual([]);
  });

  it.each(checks)('$id: compiles, and createClient gives its typed client', ({ id, path }) => {
    expect(errorsIn(program, join(GENERATED, 'providers', `${id}.ts`)), 'the generated client (npm run codegen?)').toEqual([]);
    expect(errorsIn(program, join(GENERATED, 'manifests', `${id}.ts`)), 'the generated manifest').toEqual([]);
    expect(errorsIn(program, path)).toEqual([]);
  });
});
