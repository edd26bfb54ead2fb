// Codegen and registry metadata, on the fixtures in fixtures/lifecycle/: acme (alias acme-classic), oldco
// (retired, replaced by acme, alias oldco-legacy) and sunset (deprecated, replaced by acme). A retired id
// and every alias still compile; an alias gives its target's client type, a retired id `never`, and at run
// time ProviderRetiredError names the date and the successor. The output is regenerated with:
//   oauth-registry codegen --providers test/manifest/fixtures/lifecycle/providers \
//     --out test/manifest/fixtures/lifecycle/generated --runtime ../../../../../src/codegen/runtime.ts
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi, type MockInstance } from 'vitest';
import { loadManifestDirectory } from '../../src/codegen/command.ts';
import { generate } from '../../src/codegen/generate.ts';
import { findDrift } from '../../src/codegen/output.ts';
import { ProviderRetiredError } from '../../src/errors.ts';
import { parseAnyManifestObject } from '../../src/manifest/load.ts';
import { OAuthClient } from '../../src/client.ts';
import { createClient, type AcmeClient, type ProviderId } from './fixtures/lifecycle/generated/clients.ts';
import { PROVIDER_ALIASES } from './fixtures/lifecycle/generated/provider-ids.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROVIDERS = join(ROOT, 'test/manifest/fixtures/lifecycle/providers');
const OUT = join(ROOT, 'test/manifest/fixtures/lifecycle/generated');
const OPTIONS = {
  runtime: '../../../../../src/codegen/runtime.ts',
  command: 'oauth-registry codegen --providers test/manifest/fixtures/lifecycle/providers --out test/manifest/fixtures/lifecycle/generated --runtime ../../../../../src/codegen/runtime.ts',
};
const CREDENTIALS = { clientId: 'id', clientSecret: 'secret' };

let warn: MockInstance<typeof process.emitWarning>;
beforeEach(() => {
  warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

describe('the generated fixture', () => {
  it('is what codegen makes of the fixture manifests: the retired one only in the index, with no module of its own', async () => {
    const files = await generate(loadManifestDirectory(PROVIDERS), OPTIONS);
    expect(await findDrift(OUT, files)).toEqual({ stale: [], extra: [] });
    expect([...files.keys()]).not.toContain('manifests/oldco.ts');
    expect([...files.keys()]).not.toContain('providers/oldco.ts');
    expect(files.get('registry.ts')).toContain("retiredOn: '2026-09-30'");
  });

  it('lists the retired id in ProviderId and the aliases in PROVIDER_ALIASES', () => {
    expectTypeOf<'oldco'>().toExtend<ProviderId>();
    expectTypeOf<'acme-classic'>().not.toExtend<ProviderId>();
    expect(PROVIDER_ALIASES).toEqual({ 'acme-classic': 'acme', 'oldco-legacy': 'oldco' });
  });
});

describe('generated createClient', () => {
  it('types an alias as its target client and builds it, warning once per alias', () => {
    const first = createClient('acme-classic', CREDENTIALS);
    const second = createClient('acme-classic', CREDENTIALS);
    expectTypeOf(first).toEqualTypeOf<AcmeClient>();
    expect(first).toBeInstanceOf(OAuthClient);
    expect(first.id).toBe('acme');
    expect(second.id).toBe('acme');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('"acme-classic" is an alias of the acme provider; use "acme"', { code: 'OAUTH_REGISTRY_PROVIDER_ALIAS' });
  });

  it('types a retired id (and its alias) as never, and throws ProviderRetiredError naming the date and the successor', () => {
    const retired = () => createClient('oldco', CREDENTIALS);
    const retiredAlias = () => createClient('oldco-legacy');
    expectTypeOf(retired).returns.toBeNever();
    expectTypeOf(retiredAlias).returns.toBeNever();
    for (const make of [retired, retiredAlias]) {
      expect(make).toThrow(ProviderRetiredError);
      expect(make).toThrow('oldco was retired on 2026-09-30; use acme instead');
    }
  });

  it('builds a deprecated provider, whose one warning names its successor', async () => {
    await createClient('sunset', CREDENTIALS).ready();
    expect(warn).toHaveBeenCalledWith('the sunset manifest is deprecated; use acme instead, see https://sunset.example/docs', { code: 'OAUTH_REGISTRY_DEPRECATED_PROVIDER' });
  });
});

describe('codegen refuses a name that stands for two providers', () => {
  const manifest = (id: string, aliases: string[]) =>
    parseAnyManifestObject({ id, name: id, docs: 'https://acme.example/docs', status: 'retired', lastVerified: '2026-11-23', retiredOn: '2026-09-30', aliases });

  it.each([
    ['an alias shared by two manifests', [manifest('one', ['old']), manifest('two', ['old'])], 'two: alias "old" is already an alias of one'],
    ['an alias equal to another id', [manifest('one', ['two']), manifest('two', [])], 'one: alias "two" is already the id of a provider'],
  ])('%s', async (_, manifests, message) => {
    await expect(generate(manifests, OPTIONS)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message });
  });
});
