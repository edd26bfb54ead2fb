// The demo's pages as plain HTML strings; every value from a provider or the user is escaped by html``.
import { Html, html } from './html.ts';
import type { DemoProvider, DemoProviderInfo } from './connect.ts';
import type { ApiAnswer } from './providers.ts';
import type { DemoUser } from './users.ts';

/** What the page shows of the API call: the answer, or why there is none. */
export type ApiOutcome = ApiAnswer | { error: string };

const API_PREVIEW_CHARS = 4000;

// Inline, so a page is one response; the Content-Security-Policy (app.ts) allows inline styles and nothing else.
const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
a.button,button{display:inline-block;padding:.45rem .9rem;border:1px solid #8c959f;border-radius:6px;background:#f6f8fa;color:inherit;text-decoration:none;font:inherit;cursor:pointer}
ul.providers{list-style:none;padding:0}ul.providers li{margin:.5rem 0}
.mode{color:#57606a;font-size:.85em;margin-left:.5rem}
table{border-collapse:collapse}th,td{text-align:left;padding:.2rem .8rem .2rem 0;vertical-align:top}
pre{background:#f6f8fa;padding:.8rem;overflow:auto;max-height:24rem}
footer{margin-top:2rem;color:#57606a;font-size:.85em}`;

function layout(title: string, body: Html, storage: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${new Html(STYLE)}</style></head>
<body>${body}
<footer>oauth-registry Express demo · users, tokens and sign-in transactions in ${storage}</footer></body></html>`.markup;
}

/** The home page: every provider, or those whose id or name holds `query` (the search box, a plain GET form). */
export function signedOutPage(providers: readonly DemoProviderInfo[], query: string, storage: string): string {
  const needle = query.trim().toLowerCase();
  const shown = needle ? providers.filter((provider) => provider.id.includes(needle) || provider.name.toLowerCase().includes(needle)) : providers;
  const items = shown.map(
    (provider) =>
      html`<li><a class="button" href="/auth/${provider.id}/login">Sign in with ${provider.name}</a><span class="mode">${provider.protocol} · ${provider.mode === 'emulator' ? 'local emulator' : 'real provider'}</span></li>`,
  );
  return layout(
    'oauth-registry demo',
    html`<h1>oauth-registry demo</h1>
<p>Sign in with any of the ${providers.length} providers of the registry. Those without <code>{ID}_CLIENT_ID</code> and <code>{ID}_CLIENT_SECRET</code> in the environment run against a local emulator, started on the first sign-in, which signs in its one test user.</p>
<form method="get" action="/" role="search"><input type="search" name="q" value="${query}" placeholder="Search providers" aria-label="Search providers"> <button type="submit">Search</button></form>
<p id="provider-count">${needle ? `${shown.length} of ${providers.length} providers match "${query}"` : `${providers.length} providers`}</p>
<p><a id="device-sign-in" href="/device">Sign in on another device</a> (a code to approve elsewhere, as on a TV)</p>
<ul class="providers">${items}</ul>`,
    storage,
  );
}

export function signedInPage(user: DemoUser, provider: DemoProvider | undefined, api: ApiOutcome, storage: string): string {
  const { profile } = user;
  const rows: Array<[string, string | undefined]> = [
    ['provider', profile.provider],
    ['id', profile.id],
    ['socialId', profile.socialId],
    ['username', profile.username],
    ['name', profile.name],
    ['email', profile.email],
    ['avatar', profile.avatar],
  ];
  return layout(
    `Signed in as ${displayName(user)}`,
    html`<h1>Signed in as <span id="user-name">${displayName(user)}</span></h1>
<p>Demo user <code id="user-id">${user.id}</code>, registered ${user.registeredAt} by social id <code>${user.socialId}</code>.</p>
<h2>Normalised profile</h2>
<table id="profile">${rows.map(([field, value]) => html`<tr><th>${field}</th><td>${value ?? '—'}</td></tr>`)}</table>
<h2>API call: ${provider?.apiCall ?? 'none'}</h2>
${apiSection(api)}
<form method="post" action="/logout"><button type="submit">Sign out</button></form>`,
    storage,
  );
}

function apiSection(api: ApiOutcome): Html {
  if ('error' in api) return html`<p id="api-error">${api.error}</p>`;
  let body = JSON.stringify(api.data, null, 2) ?? '';
  if (body.length > API_PREVIEW_CHARS) body = `${body.slice(0, API_PREVIEW_CHARS)}\n… (${body.length - API_PREVIEW_CHARS} more characters)`;
  return html`${api.status === undefined ? '' : html`<p>HTTP ${api.status}</p>`}<pre id="api-result">${body}</pre>`;
}

function displayName(user: DemoUser): string {
  return user.profile.name ?? user.profile.username ?? user.socialId;
}
