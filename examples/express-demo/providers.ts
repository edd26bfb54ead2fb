// The five seed providers of the demo, each with the one API call its signed-in page shows. This is app
// code, so it may name providers; the typed clients come from the manifests (src/generated).
import type { ClientOptions } from '../../src/client.ts';
import { createClient } from '../../src/generated/clients.ts';
import type { OAuthClient } from '../../src/client.ts';
import type { TokenSet } from '../../src/types.ts';

/** An API answer; `status` is absent when the client method returns only the body. */
export interface ApiAnswer {
  status?: number;
  data: unknown;
}

export interface ProviderShowcase {
  client: OAuthClient;
  /** What the page calls, as the manifest names it. */
  apiCall: string;
  callApi(token: TokenSet): Promise<ApiAnswer>;
}

type BaseOptions = Omit<ClientOptions, 'vars'>;
type Build = (options: BaseOptions, vars: Record<string, string>) => ProviderShowcase;

export const SEED_PROVIDERS: Readonly<Record<string, Build>> = {
  github: (options) => {
    const client = createClient('github', options);
    return { client, apiCall: 'api.listUserEmails (GET user/emails)', callApi: (token) => client.api.listUserEmails(token, { per_page: 5 }) };
  },
  google: (options) => {
    const client = createClient('google', options);
    // client.userinfo, not api.getUserinfo: it follows the userinfo endpoint the client was given (discovery,
    // or the emulator), where the operation's absolute URL always names Google's host.
    return { client, apiCall: 'client.userinfo (OpenID Connect userinfo)', callApi: async (token) => ({ data: await client.userinfo(token) }) };
  },
  facebook: (options, vars) => {
    const client = createClient('facebook', { ...options, vars });
    return { client, apiCall: 'api.listPermissions (GET me/permissions)', callApi: (token) => client.api.listPermissions(token) };
  },
  twitter: (options) => {
    const client = createClient('twitter', options);
    return {
      client,
      apiCall: 'api.verifyCredentials (GET account/verify_credentials.json)',
      callApi: (token) => client.api.verifyCredentials(token, { skip_status: true, include_entities: false }),
    };
  },
  weibo: (options) => {
    const client = createClient('weibo', options);
    return { client, apiCall: 'api.statusesHomeTimeline (GET statuses/home_timeline.json)', callApi: (token) => client.api.statusesHomeTimeline(token, { count: 5 }) };
  },
};
