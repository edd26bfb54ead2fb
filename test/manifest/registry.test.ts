import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnknownProviderError } from '../../src/errors.ts';
import { runtimeManifest } from '../../src/codegen/emit-provider.ts';
import { loadBuiltinManifest } from '../../src/manifest/builtin.ts';
import { registerProvider } from '../../src/manifest/register.ts';
import { getManifest, listProviders } from '../../src/manifest/registry.ts';
import { closestMatches, editDistance } from '../../src/manifest/suggest.ts';
import { manifestErrorFrom, MINIMAL_MANIFEST, minimalManifestObject, scratchDirectory } from './helpers.ts';

const SEEDS = ['facebook', 'github', 'google', 'twitter', 'weibo'];

const acme = minimalManifestObject;

function unknownProvider(id: string): UnknownProviderError {
  try {
    getManifest(id);
  } catch (error) {
    expect(error).toBeInstanceOf(UnknownProviderError);
    return error as UnknownProviderError;
  }
  throw new Error(`expected "${id}" to be unknown`);
}

describe('built-in providers', () => {
  it('lists the seed providers, sorted', () => {
    expect(listProviders()).toEqual(expect.arrayContaining(SEEDS));
    const ids = listProviders();
    expect(ids).toEqual([...ids].sort());
  });

  it('loads a built-in manifest once and hands out the same frozen object', () => {
    const first = getManifest('github');
    expect(first.id).toBe('github');
    expect(getManifest('github')).toBe(first);
    expect(Object.isFrozen(first.endpoints)).toBe(true);
  });

  it.each(listProviders())('%s at run time is its manifest file without schemas and descriptions', (id) => {
    const full = loadBuiltinManifest(id);
    const runtime = getManifest(id);
    expect(runtime).toEqual(runtimeManifest(full));
    expect(JSON.stringify(runtime)).not.toContain('"schema"');
    for (const operation of Object.values(runtime.operations)) expect(Object.keys(operation)).not.toEqual(expect.arrayContaining(['response']));
    expect(JSON.stringify(runtime.operations)).not.toContain('"description"');
  });

  it('reads a built-in manifest file only for a real provider id', () => {
    expect(() => loadBuiltinManifest('../package')).toThrow(UnknownProviderError);
    expect(() => loadBuiltinManifest('githb')).toThrow(/Did you mean "github"/);
  });
});

describe('unknown providers', () => {
  it('suggests the closest ids', () => {
    const error = unknownProvider('githb');
    expect(error.code).toBe('UNKNOWN_PROVIDER');
    expect(error.suggestions).toEqual(['github']);
    expect(error.message).toBe('Unknown provider "githb". Did you mean "github"?');
  });

  it('suggests nothing when no id is close', () => {
    expect(unknownProvider('salesforce-sandbox').suggestions).toEqual([]);
  });
});

describe('registerProvider', () => {
  let scratch: ReturnType<typeof scratchDirectory>;
  beforeEach(() => (scratch = scratchDirectory()));
  afterEach(() => scratch.cleanup());

  it('validates and registers a manifest object', () => {
    const manifest = registerProvider(acme());
    expect(manifest).toMatchObject({ token: { method: 'POST' } });
    expect(getManifest('acme')).toBe(manifest);
    expect(listProviders()).toContain('acme');
  });

  it('replaces an earlier registration with the same id', () => {
    registerProvider(acme());
    registerProvider(acme({ name: 'Acme 2' }));
    expect(getManifest('acme').name).toBe('Acme 2');
  });

  it('registers a manifest file by path', () => {
    const path = scratch.write('acme.yaml', MINIMAL_MANIFEST.replace('name: Acme', 'name: Acme from a file'));
    registerProvider(path);
    expect(getManifest('acme').name).toBe('Acme from a file');
  });

  it('lets a private manifest shadow a built-in one', () => {
    registerProvider(acme({ id: 'github', name: 'GitHub Enterprise' }));
    expect(getManifest('github').name).toBe('GitHub Enterprise');
  });

  it('rejects an invalid manifest and keeps the registry unchanged', () => {
    const before = listProviders();
    const error = manifestErrorFrom(() => registerProvider(acme({ id: 'broken', protocol: 'oauth3' })));
    expect(error.issues[0]).toMatchObject({ field: 'protocol' });
    expect(listProviders()).toEqual(before);
  });

  it('includes registered ids in suggestions', () => {
    registerProvider(acme({ id: 'acme-corp' }));
    expect(unknownProvider('acme-crop').suggestions).toContain('acme-corp');
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
