// docs/providers.md: the registry as people read it, made from the manifest files (`npm run catalogue`).
// One row per provider, with its quirks in words, so a reader can tell what sets it apart without opening
// the YAML; counts on top. Deterministic: sorted by id, no dates but the manifests' own.
import type { AnyProviderManifest, ProviderManifest } from '../manifest/schema.ts';
import { compare } from './emit-provider.ts';

export interface CatalogueEntry {
  manifest: AnyProviderManifest;
  /** The manifest file name, for the link. */
  file: string;
}

export function renderCatalogue(entries: readonly CatalogueEntry[], header: string): string {
  const sorted = [...entries].sort((a, b) => compare(a.manifest.id, b.manifest.id));
  const usable = sorted.filter((e): e is CatalogueEntry & { manifest: ProviderManifest } => e.manifest.status !== 'retired');
  const retired = sorted.filter((e) => e.manifest.status === 'retired');
  const counts = catalogueCounts(sorted.map((e) => e.manifest));
  const lines = [
    header,
    '',
    '# Providers',
    '',
    `${counts.active} active and ${counts.deprecated} deprecated providers (${counts.oauth2} OAuth 2.0, ${counts.oidc} OpenID Connect, ${counts.oauth1} OAuth 1.0a), and ${counts.retired} retired ones kept so their ids explain themselves. ${counts.profile} map the signed-in user (${counts.profileSchema} with a profile schema), ${counts.operations} have typed operations, and ${counts.docs} were checked against the provider's own documentation (the rest against at least two maintained peer libraries).`,
    '',
    'Each provider is one file in [`providers/`](../providers/); `npx oauth-registry check providers/<id>.yaml` proves it against the emulator.',
    '',
    '| id | name | protocol | PKCE | URL variables | quirks | profile | operations | checked | verified | docs |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...usable.map(({ manifest, file }) => {
      const variables = Object.keys(manifest.variables).map((name) => `\`${name}\``).join(' ') || '—';
      const profile = manifest.profile || manifest.protocol === 'oidc' ? mappedFields(manifest) : '—';
      const operations = Object.keys(manifest.operations).length || '—';
      const status = manifest.status === 'deprecated' ? ` (deprecated${manifest.replacedBy ? `: use ${manifest.replacedBy}` : ''})` : '';
      return `| [${manifest.id}](../providers/${file}) | ${cell(manifest.name)}${status} | ${manifest.protocol} | ${pkceWord(manifest)} | ${variables} | ${cell(quirksInWords(manifest).join('; ') || '—')} | ${profile} | ${operations} | ${basis(manifest)} | ${manifest.lastVerified} | [docs](${manifest.docs}) |`;
    }),
    '',
    '## Retired',
    '',
    '| id | name | retired on | use instead |',
    '| --- | --- | --- | --- |',
    ...retired.map(({ manifest, file }) => {
      const m = manifest as Extract<AnyProviderManifest, { status: 'retired' }>;
      return `| [${m.id}](../providers/${file}) | ${cell(m.name)} | ${m.retiredOn} | ${m.replacedBy ?? '—'} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

export interface CatalogueCounts {
  active: number;
  deprecated: number;
  retired: number;
  oauth1: number;
  oauth2: number;
  oidc: number;
  profile: number;
  profileSchema: number;
  operations: number;
  docs: number;
}

export function catalogueCounts(manifests: readonly AnyProviderManifest[]): CatalogueCounts {
  const usable = manifests.filter((m): m is ProviderManifest => m.status !== 'retired');
  return {
    active: usable.filter((m) => m.status === 'active').length,
    deprecated: usable.filter((m) => m.status === 'deprecated').length,
    retired: manifests.length - usable.length,
    oauth1: usable.filter((m) => m.protocol === 'oauth1').length,
    oauth2: usable.filter((m) => m.protocol === 'oauth2').length,
    oidc: usable.filter((m) => m.protocol === 'oidc').length,
    profile: usable.filter((m) => m.profile || m.protocol === 'oidc').length,
    profileSchema: usable.filter((m) => m.profile?.schema).length,
    operations: usable.filter((m) => Object.keys(m.operations).length > 0).length,
    docs: usable.filter((m) => basis(m) === 'docs').length,
  };
}

/** `docs` when an evidence entry is the provider's own documentation, `peers` otherwise. */
function basis(manifest: ProviderManifest): 'docs' | 'peers' {
  return (manifest.evidence ?? []).some((entry) => entry.kind === 'docs' || entry.kind === 'changelog') ? 'docs' : 'peers';
}

function pkceWord(manifest: ProviderManifest): string {
  if (manifest.protocol === 'oauth1') return '—';
  const { pkce, pkceMethod } = manifest.authorization;
  return pkce === 'unsupported' ? 'no' : `${pkce === 'required' ? 'required' : 'yes'}${pkceMethod === 'plain' ? ' (plain)' : ''}`;
}

function mappedFields(manifest: ProviderManifest): string {
  const fields = manifest.profile?.fields ?? { id: 'sub', username: 'preferred_username', name: 'name', email: 'email', avatar: 'picture', emailVerified: 'email_verified' };
  return Object.keys(fields).join(', ');
}

/** What sets the provider apart from RFC 6749 defaults, in words. */
export function quirksInWords(m: ProviderManifest): string[] {
  const words: string[] = [];
  const { authorization: a, token: t, api, profile } = m;
  if (a.scope.delimiter !== ' ') words.push(`scopes joined by "${a.scope.delimiter}"${a.scope.encodeDelimiter ? '' : ' (unencoded)'}`);
  if (Object.keys(a.rename).length) words.push(`authorize params renamed (${Object.entries(a.rename).map(([k, v]) => `${k}→${v}`).join(', ')})`);
  if (Object.keys(a.params).length) words.push(`fixed authorize params (${Object.keys(a.params).join(', ')})`);
  if (a.responseMode === 'form_post') words.push('callback posted (form_post)');
  if (Object.keys(a.responseParams).length) words.push(`callback names ${Object.entries(a.responseParams).map(([k, v]) => `${k} "${v}"`).join(', ')}`);
  if (a.callbackSignature) words.push('signed callback (HMAC)');
  if (a.fragment) words.push(`authorize URL ends #${a.fragment}`);
  if (a.issuer) words.push('RFC 9207 iss on the callback');
  if (t.clientAuth !== 'post') words.push(`client auth: ${t.clientAuth.replace(/_/g, ' ')}`);
  if (t.clientSecretJwt) words.push('client secret is a signed JWT');
  if (t.method === 'GET') words.push('token request by GET');
  else if (t.encoding !== 'form') words.push(`token request as ${t.encoding}`);
  if (Object.keys(t.rename).length) words.push(`token params renamed (${Object.entries(t.rename).map(([k, v]) => `${k}→${v}`).join(', ')})`);
  if (t.omit.length) words.push(`no ${t.omit.join(', ')} on token requests`);
  if (Object.keys(t.params).length || Object.keys(t.grantParams).length) words.push('extra token params');
  if (m.endpoints.refresh) words.push('separate refresh endpoint');
  if (t.response.contentType) words.push(`token answer parsed as ${t.response.contentType}`);
  if (t.response.root || Object.keys(t.response.fields).length) words.push('token answer reshaped');
  if (t.response.error.when) words.push('errors inside HTTP 200');
  if (t.lookup) words.push('a lookup call after the token');
  if (t.signing || api.signing) words.push('signed requests');
  if (api.auth.in !== 'header') words.push(`API token in the ${api.auth.in}${api.auth.name ? ` (${api.auth.name})` : ''}`);
  else if (api.auth.name || api.auth.scheme !== 'Bearer') words.push(`API token header "${api.auth.name ?? 'Authorization'}: ${api.auth.scheme ? `${api.auth.scheme} ` : ''}…"`);
  if (Object.keys(api.headers).length || Object.keys(api.query).length) words.push('fixed API headers or params');
  if (Object.values(m.variables).some((v) => v.from)) words.push('host sent by the provider');
  if (profile?.jwt) words.push(profile.jwt.from === 'accessToken' ? 'user from the access token (JWT)' : 'signed profile (JWT)');
  if (profile?.body) words.push('profile request with a body');
  if (profile?.before.length || profile?.after.length) words.push('multi-step profile');
  if (m.registration) words.push('dynamic client registration');
  if (a.par) words.push(a.par === 'required' ? 'pushed authorization requests required' : 'pushed authorization requests');
  if (m.dpop) words.push(`DPoP${m.dpop.required ? ' required' : ''}${m.dpop.nonce ? ' (server nonces)' : ''}`);
  if (m.oauth1?.scopeOn === 'authorize') words.push('OAuth 1 scopes on the authorize URL');
  if (m.oauth1 && m.oauth1.signatureMethod !== 'HMAC-SHA1') words.push(`${m.oauth1.signatureMethod} signatures`);
  if (m.oidc?.nonce === 'unsupported') words.push('no nonce');
  if (m.oidc && !m.oidc.userinfo) words.push('no userinfo');
  return words;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
