import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderRetiredError, UnknownProviderError } from '../../src/errors.ts';
import { runtimeManifest } from '../../src/codegen/emit-provider.ts';
import { PROVIDER_IDS } from '../../src/generated/provider-ids.ts';
import { loadBuiltinManifest } from '../../src/manifest/builtin.ts';
import { registerProvider } from '../../src/manifest/register.ts';
import { getManifest, listProviders } from '../../src/manifest/registry.ts';
import { closestMatches, editDistance } from '../../src/manifest/suggest.ts';
import { listManifestFiles, loadProviderManifests, loadRetiredManifests, typoOf } from '../provider-manifests.ts';
import { manifestErrorFrom, MINIMAL_MANIFEST, minimalManifestObject, scratchDirectory } from './helpers.ts';

const providers = loadProviderManifests();
const retired = loadRetiredManifests();
const fileIds = listManifestFiles().map((file) => file.id);

const acme = minimalManifestObject;

async function unknownProvider(id: string): Promise<UnknownProviderError> {
  try {
    await getManifest(id);
  } catch (error) {
    expect(error).toBeInstanceOf(UnknownProviderError);
    return error as UnknownProviderError;
  }
  throw new Error(`expected "${id}" to be unknown`);
}

describe('built-in providers', () => {
  it('are exactly the manifest files of providers/, listed sorted', () => {
    // A file the codegen has not seen (npm run codegen) is missing here.
    expect([...PROVIDER_IDS].sort()).toEqual([...fileIds].sort());
    const ids = listProviders();
    expect(ids).toEqual(expect.arrayContaining(fileIds));
    expect(ids).toEqual([...ids].sort());
  });

  describe.each(retired)('$name (retired)', ({ id, manifest }) => {
    it('is still a known id, failing with ProviderRetiredError naming its date and successor', async () => {
      const error = await getManifest(id).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProviderRetiredError);
      expect(error).toMatchObject({ providerId: id, retiredOn: manifest.retiredOn, replacedBy: manifest.replacedBy });
      if (manifest.replacedBy) expect(fileIds).toContain(manifest.replacedBy);
    });
  });

  describe.each(providers)('$name', ({ id, manifest }) => {
    it('is loaded once and handed out as the same frozen object', async () => {
      const first = await getManifest(id);
      expect(first.id).toBe(id);
      expect(await getManifest(id)).toBe(first);
      expect(Object.isFrozen(first.endpoints)).toBe(true);
    });

    it('at run time is its manifest file without schemas and descriptions', async () => {
      const runtime = await getManifest(id);
      expect(runtime).toEqual(runtimeManifest(manifest));
      // No JSON Schema: a query parameter may still be called `schema` (PayPal's userinfo?schema=openid).
      expect(runtime.profile?.schema).toBeUndefined();
      expect(runtime.token.response.schema).toBeUndefined();
      for (const operation of Object.values(runtime.operations)) expect(Object.keys(operation)).not.toEqual(expect.arrayContaining(['response']));
      expect(JSON.stringify(runtime.operations)).not.toContain('"description"');
    });

    it('is found by id as a built-in manifest file, and suggested for a near miss', async () => {
      expect(loadBuiltinManifest(id)).toEqual(manifest);
      expect((await unknownProvider(typoOf(id))).suggestions).toContain(id);
      expect(() => loadBuiltinManifest(typoOf(id))).toThrow(`Did you mean "${id}"`);
    });
  });

  it('reads a built-in manifest file only for a provider id', () => {
    expect(() => loadBuiltinManifest('../package')).toThrow(UnknownProviderError);
  });
});

describe('unknown providers', () => {
  // Registered ids stand in for built-in ones: these must not depend on which providers ship.
  beforeEach(() => registerProvider(acme({ id: 'zyx-acme' })));

  it('suggests the closest ids', async () => {
    const error = await unknownProvider('zyx-acne');
    expect(error.code).toBe('UNKNOWN_PROVIDER');
    expect(error.suggestions).toEqual(['zyx-acme']);
    expect(error.message).toBe('Unknown provider "zyx-acne". Did you mean "zyx-acme"?');
  });

  it('suggests nothing when no id is close', async () => {
    expect((await unknownProvider('zyx-no-such-provider-at-all')).suggestions).toEqual([]);
  });
});

describe('registerProvider', () => {
  let scratch: ReturnType<typeof scratchDirectory>;
  beforeEach(() => (scratch = scratchDirectory()));
  afterEach(() => scratch.cleanup());

  it('validates and registers a manifest object', async () => {
    const manifest = registerProvider(acme());
    expect(manifest).toMatchObject({ token: { method: 'POST' } });
    expect(await getManifest('acme')).toBe(manifest);
    expect(listProviders()).toContain('acme');
  });

  it('replaces an earlier registration with the same id', async () => {
    registerProvider(acme());
    registerProvider(acme({ name: 'Acme 2' }));
    expect((await getManifest('acme')).name).toBe('Acme 2');
  });

  it('registers a manifest file by path', async () => {
    const path = scratch.write('acme.yaml', MINIMAL_MANIFEST.replace('name: Acme', 'name: Acme from a file'));
    registerProvider(path);
    expect((await getManifest('acme')).name).toBe('Acme from a file');
  });

  it('lets a private manifest shadow a built-in one', async () => {
    const [builtin] = fileIds;
    registerProvider(acme({ id: builtin, name: 'Acme Enterprise' }));
    expect((await getManifest(builtin!)).name).toBe('Acme Enterprise');
  });

  it('rejects an invalid manifest and keeps the registry unchanged', () => {
    const before = listProviders();
    const error = manifestErrorFrom(() => registerProvider(acme({ id: 'broken', protocol: 'oauth3' })));
    expect(error.issues[0]).toMatchObject({ field: 'protocol' });
    expect(listProviders()).toEqual(before);
  });

  it('includes registered ids in suggestions', async () => {
    registerProvider(acme({ id: 'acme-corp' }));
    expect((await unknownProvider('acme-crop')).suggestions).toContain('acme-corp');
  });
});

describe('closestMatches', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('returns at most three matches, nearest first, ties alphabetical', () => {
    expect(closestMatches('goole', ['google', 'gitlab', 'goodle', 'github', 'gool', 'weibo'])).toEqual(['goodle', 'google', 'gool']);
  });

  it('ignores case', () => {
    expect(closestMatches('GitHub', ['github'])).toEqual(['github']);
  });
});
