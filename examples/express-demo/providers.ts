// The seed providers' showcase API calls, one per signed-in page. This is app code, so it may name providers;
// every other provider shows an operation of its manifest or its raw profile (connect.ts).
import type { OAuthClient } from '../../src/client.ts';
import type { GithubClient } from '../../src/generated/providers/github.ts';
import type { FacebookClient } from '../../src/generated/providers/facebook.ts';
import type { TwitterClient } from '../../src/generated/providers/twitter.ts';
import type { WeiboClient } from '../../src/generated/providers/weibo.ts';
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

type Build = (client: OAuthClient, vars: Record<string, string>) => ProviderShowcase;

export const SEED_PROVIDERS: Readonly<Record<string, Build>> = {
  github: (client) => {
    const github = client as unknown as GithubClient;
    return { client, apiCall: 'api.listUserEmails (GET user/emails)', callApi: (token) => github.api.listUserEmails(token, { per_page: 5 }) };
  },
  // client.userinfo, not api.getUserinfo: it follows the userinfo endpoint the client was given (discovery,
  // or the emulator), where the operation's absolute URL always names Google's host.
  google: (client) => ({ client, apiCall: 'client.userinfo (OpenID Connect userinfo)', callApi: async (token) => ({ data: await client.userinfo(token) }) }),
  facebook: (client) => {
    const facebook = client as unknown as FacebookClient;
    return { client, apiCall: 'api.listPermissions (GET me/permissions)', callApi: (token) => facebook.api.listPermissions(token) };
  },
  twitter: (client) => {
    const twitter = client as unknown as TwitterClient;
    return { client, apiCall: 'api.verifyCredentials (GET account/verify_credentials.json)', callApi: (token) => twitter.api.verifyCredentials(token, { skip_status: true, include_entities: false }) };
  },
  weibo: (client) => {
    const weibo = client as unknown as WeiboClient;
    return { client, apiCall: 'api.statusesHomeTimeline (GET statuses/home_timeline.json)', callApi: (token) => weibo.api.statusesHomeTimeline(token, { count: 5 }) };
  },
};
