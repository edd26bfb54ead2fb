// Aliases of built-in providers come from the generated PROVIDER_ALIASES. The seeds declare none, so this
// file gives the generated module one (github-classic → github) and checks the registry and createClient
// honour it: resolved with one warning, and never taken by a registered manifest.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createClient, createProviderClient } from '../../src/create-client.ts';
import { ConfigError } from '../../src/errors.ts';
import { registerProvider } from '../../src/manifest/register.ts';
import { getManifest } from '../../src/manifest/registry.ts';

vi.mock('../../src/generated/provider-ids.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/generated/provider-ids.ts')>()),
  PROVIDER_ALIASES: { 'github-classic': 'github' },
}));

const CREDENTIALS = { clientId: 'id', clientSecret: 'secret' };

let warn: MockInstance<typeof process.emitWarning>;
beforeEach(() => {
  warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

describe('a built-in alias', () => {
  it('resolves to its provider, with the typed client from createClient, warning once', async () => {
    expect(await getManifest('github-classic')).toBe(await getManifest('github'));
    const typed = createClient('github-classic' as string, CREDENTIALS);
    expect(typed.id).toBe('github');
    expect((await typed.ready()).manifest).toBe(await getManifest('github'));
    expect(createProviderClient('github-classic', CREDENTIALS).id).toBe('github');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('"github-classic" is an alias of the github provider; use "github"', { code: 'OAUTH_REGISTRY_PROVIDER_ALIAS' });
  });

  it('cannot become a registered id, nor another provider alias', () => {
    const manifest = (id: string, aliases: string[] = []) => ({
      id,
      name: id,
      protocol: 'oauth2',
      docs: 'https://acme.example/docs',
      lastVerified: '2026-11-23',
      aliases,
      endpoints: { authorize: 'https://acme.example/authorize', token: 'https://acme.example/token' },
    });
    expect(() => registerProvider(manifest('github-classic'))).toThrow(new ConfigError('CONFIG_INVALID', 'cannot add provider "github-classic": it is already an alias of github'));
    expect(() => registerProvider(manifest('acme', ['github-classic']))).toThrow('acme: alias "github-classic" is already an alias of github');
  });

  it('stays with its id when a registered manifest replaces the built-in one', async () => {
    registerProvider({ ...(await getManifest('github')), name: 'GitHub Enterprise', aliases: ['github-classic'] });
    expect((await getManifest('github-classic')).name).toBe('GitHub Enterprise');
    expect(createClient('github-classic' as string, CREDENTIALS).manifest.name).toBe('GitHub Enterprise');
  });
});
