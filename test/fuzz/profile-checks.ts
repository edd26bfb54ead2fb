// What profile() and userinfo() must give, whatever the provider answered.
import { expect } from 'vitest';
import type { OAuthClient } from '../../src/client.ts';
import type { TokenSet } from '../../src/types.ts';
import { expectTypedError } from './helpers.ts';

/** profile() gives a normalised profile, or fails with a typed error that shows none of the planted secrets. */
export async function expectProfileOrTypedError(client: OAuthClient, token: TokenSet | string, call: 'profile' | 'userinfo' = 'profile'): Promise<void> {
  if (call === 'userinfo') {
    let claims: Record<string, unknown>;
    try {
      claims = await client.userinfo(token);
    } catch (error) {
      expectTypedError(error);
      return;
    }
    expect(typeof claims === 'object' && claims !== null && !Array.isArray(claims)).toBe(true);
    expect(typeof JSON.stringify(claims)).toBe('string');
    return;
  }
  let profile: Awaited<ReturnType<OAuthClient['profile']>>;
  try {
    profile = await client.profile(token);
  } catch (error) {
    expectTypedError(error);
    return;
  }
  expect(typeof profile.id === 'string' && profile.id !== '').toBe(true);
  expect(profile.socialId).toBe(`${client.id}$${profile.id}`);
  for (const field of ['username', 'name', 'email', 'avatar'] as const) {
    expect(profile[field] === undefined || (typeof profile[field] === 'string' && profile[field] !== '')).toBe(true);
  }
  expect(typeof JSON.stringify(profile)).toBe('string');
}
