// The seed article's user table: a user is registered the first time a social id signs in, and found by
// that social id every time after. Kept in a Store, so it is in Redis when the demo runs on Redis.
import { randomUUID } from 'node:crypto';
import type { NormalizedProfile, Store } from '../../src/types.ts';

export interface DemoUser {
  id: string;
  /** `provider$id`, e.g. `github$4815162342`: unique across providers. */
  socialId: string;
  provider: string;
  /** The normalised profile from the latest sign-in, without the provider's raw body. */
  profile: Omit<NormalizedProfile, 'raw'>;
  registeredAt: string;
  lastSignInAt: string;
}

export class UserDirectory {
  constructor(readonly store: Store<unknown>) {}

  /** Finds the user with this profile's social id, or registers one; either way records the sign-in. */
  async signIn(profile: NormalizedProfile): Promise<DemoUser> {
    const { raw: _raw, ...normalised } = profile;
    const now = new Date().toISOString();
    const knownId = await this.store.get(socialKey(profile.socialId));
    const existing = typeof knownId === 'string' ? await this.get(knownId) : undefined;
    const user: DemoUser = existing
      ? { ...existing, profile: normalised, lastSignInAt: now }
      : { id: randomUUID(), socialId: profile.socialId, provider: profile.provider, profile: normalised, registeredAt: now, lastSignInAt: now };
    await this.store.set(userKey(user.id), user);
    if (!existing) await this.store.set(socialKey(user.socialId), user.id);
    return user;
  }

  async get(id: string): Promise<DemoUser | undefined> {
    return (await this.store.get(userKey(id))) as DemoUser | undefined;
  }
}

const userKey = (id: string) => `user:${id}`;
const socialKey = (socialId: string) => `social-id:${socialId}`;
