import { describe, expect, it } from 'vitest';
import { SealError, sealCookieValue, unsealCookieValue } from '../../src/stores/seal.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0001';
const OLD_SECRET = 'an-older-secret-that-is-long-enough-002';

function flipCharAt(text: string, index: number): string {
  const char = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + char + text.slice(index + 1);
}

describe('sealCookieValue / unsealCookieValue', () => {
  it('round-trips a JSON value and hides it', () => {
    const value = { accessToken: 'AT-PLAINTEXT', scope: ['a'] };
    const sealed = sealCookieValue(value, { secrets: SECRET });
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('AT-PLAINTEXT');
    expect(Buffer.from(sealed.slice(3), 'base64url').toString('latin1')).not.toContain('AT-PLAINTEXT');
    expect(unsealCookieValue(sealed, { secrets: SECRET })).toEqual(value);
  });

  it('uses a fresh nonce each time', () => {
    expect(sealCookieValue('same', { secrets: SECRET })).not.toBe(sealCookieValue('same', { secrets: SECRET }));
  });

  it('rejects any altered byte as tampered', () => {
    const sealed = sealCookieValue({ userId: 1 }, { secrets: SECRET });
    for (const index of [3, 10, Math.floor(sealed.length / 2), sealed.length - 2]) {
      expect(() => unsealCookieValue(flipCharAt(sealed, index), { secrets: SECRET })).toThrowError(
        expect.objectContaining({ reason: 'tampered', code: 'COOKIE_INVALID' }),
      );
    }
  });

  it('rejects a value sealed for another context', () => {
    const sealed = sealCookieValue('v', { secrets: SECRET, context: 'oauth.tx' });
    expect(unsealCookieValue(sealed, { secrets: SECRET, context: 'oauth.tx' })).toBe('v');
    expect(() => unsealCookieValue(sealed, { secrets: SECRET, context: 'oauth.token' })).toThrowError(SealError);
  });

  it('rotates keys: the first secret seals, older ones still unseal, dropped ones do not', () => {
    const sealedWithOld = sealCookieValue('old', { secrets: OLD_SECRET });
    expect(unsealCookieValue(sealedWithOld, { secrets: [SECRET, OLD_SECRET] })).toBe('old');
    const sealedNow = sealCookieValue('new', { secrets: [SECRET, OLD_SECRET] });
    expect(unsealCookieValue(sealedNow, { secrets: SECRET })).toBe('new');
    expect(() => unsealCookieValue(sealedWithOld, { secrets: SECRET })).toThrowError(expect.objectContaining({ reason: 'tampered' }));
  });

  it('enforces the expiry sealed inside the value', () => {
    let now = 1_000_000;
    const options = { secrets: SECRET, now: () => now };
    const sealed = sealCookieValue('v', { ...options, ttlMs: 1000 });
    now += 999;
    expect(unsealCookieValue(sealed, options)).toBe('v');
    now += 1;
    expect(() => unsealCookieValue(sealed, options)).toThrowError(expect.objectContaining({ reason: 'expired', code: 'COOKIE_EXPIRED' }));
  });

  it('reports values it never sealed as malformed', () => {
    for (const input of ['', 'plain', 'v1.', 'v1.!!!', 'v2.AAAA', `v1.${Buffer.alloc(28).toString('base64url')}`]) {
      expect(() => unsealCookieValue(input, { secrets: SECRET })).toThrowError(expect.objectContaining({ reason: 'malformed' }));
    }
  });

  it('refuses short secrets without echoing them', () => {
    const attempt = () => sealCookieValue('v', { secrets: [SECRET, 'short-secret-xyz'] });
    expect(attempt).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(attempt).toThrowError(/secret #2 has 16 characters/);
    expect(attempt).not.toThrowError(/short-secret-xyz/);
    expect(() => sealCookieValue('v', { secrets: [] })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
