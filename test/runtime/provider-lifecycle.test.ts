// Registry metadata at run time, with manifests registered by the app: an alias resolves to its provider
// with one warning, a retired id fails with ProviderRetiredError naming the date and the successor, a
// deprecated one names its successor, and no name may stand for two providers.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { OAuthClient } from '../../src/client.ts';
import { createClient, createProviderClient } from '../../src/create-client.ts';
import { ConfigError, ProviderRetiredError, UnknownProviderError } from '../../src/errors.ts';
import { registerProvider } from '../../src/manifest/register.ts';
import { getManifest, listProviders } from '../../src/manifest/registry.ts';

const CREDENTIALS = { clientId: 'id', clientSecret: 'secret' };

function usable(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: id,
    protocol: 'oauth2',
    docs: `https://${id}.example/docs`,
    lastVerified: '2026-11-23',
    endpoints: { authorize: `https://${id}.example/authorize`, token: `https://${id}.example/token` },
    ...extra,
  };
}

function retired(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: id, docs: `https://${id}.example/docs`, status: 'retired', lastVerified: '2026-11-23', retiredOn: '2026-09-30', ...extra };
}

/** Every way the app names a provider at run time (getManifest rejects, the client factories throw at once). */
const LOOKUPS: [string, (name: string) => unknown][] = [
  ['getManifest', (name) => getManifest(name)],
  ['createProviderClient', (name) => createProviderClient(name, CREDENTIALS)],
  ['createClient', (name) => createClient(name as string, CREDENTIALS)],
];

let warn: MockInstance<typeof process.emitWarning>;
beforeEach(() => {
  warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

/** What `call` threw, or what the promise it returned rejected with. */
async function failureOf(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

function warningsWith(code: string): string[] {
  return warn.mock.calls.filter(([, options]) => (options as { code?: string } | undefined)?.code === code).map(([message]) => String(message));
}

describe('aliases', () => {
  it('resolve to their provider through getManifest, createProviderClient and createClient, warning once per alias', async () => {
    registerProvider(usable('alias-target', { aliases: ['alias-old', 'alias-older'] }));
    const manifest = await getManifest('alias-target');
    expect(warn).not.toHaveBeenCalled();

    expect(await getManifest('alias-old')).toBe(manifest);
    const generic = createProviderClient('alias-old', CREDENTIALS);
    const typed = createClient('alias-old' as string, CREDENTIALS);
    for (const client of [generic, typed]) {
      expect(client).toBeInstanceOf(OAuthClient);
      expect(client.id).toBe('alias-target');
      expect(client.manifest).toBe(manifest);
    }
    expect(warningsWith('OAUTH_REGISTRY_PROVIDER_ALIAS')).toEqual(['"alias-old" is an alias of the alias-target provider; use "alias-target"']);

    await getManifest('alias-older');
    await getManifest('alias-older');
    expect(warningsWith('OAUTH_REGISTRY_PROVIDER_ALIAS')).toHaveLength(2);
    expect(warningsWith('OAUTH_REGISTRY_PROVIDER_ALIAS')[1]).toContain('"alias-older" is an alias of the alias-target provider');
  });

  it('are not listed as providers, and unknown names stay unknown', async () => {
    registerProvider(usable('listed-target', { aliases: ['listed-old'] }));
    expect(listProviders()).toContain('listed-target');
    expect(listProviders()).not.toContain('listed-old');
    await expect(getManifest('listed-older')).rejects.toThrow(UnknownProviderError);
  });

  it('follow a re-registered manifest: the aliases it drops stop resolving', async () => {
    registerProvider(usable('moving-target', { aliases: ['moving-old'] }));
    registerProvider(usable('moving-target', { name: 'Again', aliases: ['moving-old'] }));
    expect((await getManifest('moving-old')).name).toBe('Again');
    registerProvider(usable('moving-target', { aliases: [] }));
    await expect(getManifest('moving-old')).rejects.toThrow(UnknownProviderError);
  });

  it.each([
    ['an alias equal to a built-in id', () => registerProvider(usable('clash-one', { aliases: ['github'] })), 'clash-one: alias "github" is already the id of a provider'],
    ['an alias equal to a registered id', () => registerProvider(usable('clash-two', { aliases: ['clash-owner'] })), 'clash-two: alias "clash-owner" is already the id of a provider'],
    ['an alias another provider has', () => registerProvider(usable('clash-three', { aliases: ['clash-shared'] })), 'clash-three: alias "clash-shared" is already an alias of clash-owner'],
    ['an id that is an alias', () => registerProvider(usable('clash-shared')), 'cannot add provider "clash-shared": it is already an alias of clash-owner'],
  ])('refuse %s, and leave the registry as it was', async (_, register, message) => {
    registerProvider(usable('clash-owner', { aliases: ['clash-shared'] }));
    const before = listProviders();
    expect(register).toThrow(ConfigError);
    expect(register).toThrow(message);
    expect(listProviders()).toEqual(before);
    expect((await getManifest('clash-shared')).id).toBe('clash-owner');
  });
});

describe('retired providers', () => {
  it('fail with ProviderRetiredError naming the date and the successor, by id and by alias', async () => {
    registerProvider(usable('gone-successor'));
    registerProvider(retired('gone', { replacedBy: 'gone-successor', aliases: ['gone-old'] }));
    for (const name of ['gone', 'gone-old']) {
      for (const [, lookup] of LOOKUPS) {
        const failure = await failureOf(() => lookup(name));
        expect(failure).toBeInstanceOf(ProviderRetiredError);
        expect((failure as Error).message).toBe('gone was retired on 2026-09-30; use gone-successor instead');
      }
    }
    expect(listProviders()).toContain('gone');
  });

  it('name the date and the docs when nothing replaces them', () => {
    registerProvider(retired('gone-alone'));
    const error = (() => {
      try {
        createProviderClient('gone-alone', CREDENTIALS);
      } catch (caught) {
        return caught;
      }
      throw new Error('expected ProviderRetiredError');
    })();
    expect(error).toMatchObject({ name: 'ProviderRetiredError', code: 'PROVIDER_RETIRED', providerId: 'gone-alone', retiredOn: '2026-09-30', replacedBy: undefined });
    expect(String(error)).toBe('ProviderRetiredError: gone-alone was retired on 2026-09-30; it has no successor (see https://gone-alone.example/docs)');
  });

  it('make no client even when handed to OAuthClient directly by an untyped caller', () => {
    const manifest = registerProvider(retired('gone-direct', { replacedBy: 'github' }));
    expect(() => new OAuthClient(manifest as never, CREDENTIALS)).toThrow('gone-direct was retired on 2026-09-30; use github instead');
  });
});

describe('deprecated providers', () => {
  it('name their successor in the one warning', () => {
    registerProvider(usable('fading', { status: 'deprecated', replacedBy: 'github' }));
    createProviderClient('fading', CREDENTIALS);
    createProviderClient('fading', CREDENTIALS);
    expect(warningsWith('OAUTH_REGISTRY_DEPRECATED_PROVIDER')).toEqual(['the fading manifest is deprecated; use github instead, see https://fading.example/docs']);
  });
});
