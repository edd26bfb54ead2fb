import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeEmulator, parseEmulateArgs, startFromArgs } from '../../src/cli/emulate.ts';
import { OAuthRegistryError } from '../../src/errors.ts';

describe('oauth-registry emulate', () => {
  it('parses the provider, port, deny and consent flags', () => {
    expect(parseEmulateArgs(['weibo', '--port', '4000', '--deny', '--consent', 'auto'])).toEqual({ provider: 'weibo', port: 4000, deny: true, consent: 'auto' });
    expect(parseEmulateArgs(['weibo'])).toEqual({ provider: 'weibo', port: 0, deny: false, consent: 'page' });
    expect(parseEmulateArgs(['--help'])).toBe('help');
  });

  it('refuses a bad port, an unknown consent mode and a missing provider', () => {
    expect(() => parseEmulateArgs(['weibo', '--port', 'http'])).toThrow(OAuthRegistryError);
    expect(() => parseEmulateArgs(['weibo', '--consent', 'maybe'])).toThrow(/page or auto/);
    expect(() => parseEmulateArgs([])).toThrow(/one provider/);
  });

  it('starts a provider by id or by manifest path and prints what a client needs', async () => {
    const byId = await startFromArgs({ provider: 'weibo', port: 0, deny: false, consent: 'page' });
    try {
      const printed = describeEmulator(byId);
      expect(printed).toContain(byId.endpoints.token!);
      expect(printed).toContain(byId.credentials.clientSecret);
      expect(byId.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await byId.close();
    }
    const path = fileURLToPath(new URL('./fixtures/quirky.yaml', import.meta.url));
    const byPath = await startFromArgs({ provider: path, port: 0, deny: false, consent: 'auto' });
    try {
      expect(describeEmulator(byPath)).toMatch(/shop\s+demo-shop/);
    } finally {
      await byPath.close();
    }
  });
});

describe('emulator handle', () => {
  it('keeps the client secret out of util.inspect output', async () => {
    const { inspect } = await import('node:util');
    const emulator = await startFromArgs({ provider: 'weibo', port: 0, deny: false, consent: 'auto' });
    try {
      const shown = inspect(emulator);
      expect(shown).toContain(emulator.credentials.clientId);
      expect(shown).not.toContain(emulator.credentials.clientSecret);
    } finally {
      await emulator.close();
    }
  });
});
