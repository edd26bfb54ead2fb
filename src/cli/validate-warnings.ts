// What a valid manifest may still get wrong: facts that go stale, a missing profile map, and an endpoint on a
// host nothing else in the manifest uses (a typo, or a look-alike domain) with no cited source for it.
import type { FieldPath, Target } from '../manifest/locate.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import { URL_VARIABLE } from '../util/url.ts';

export interface ManifestWarning {
  path: FieldPath;
  target: Target;
  message: string;
}

/** Providers change their endpoints and quirks; a manifest unchecked for this long may no longer match. */
const STALE_AFTER_MONTHS = 12;

export function manifestWarnings(manifest: ProviderManifest, today: Date): ManifestWarning[] {
  return [...staleVerification(manifest, today), ...missingProfile(manifest), ...oddHosts(manifest)];
}

function staleVerification(manifest: ProviderManifest, today: Date): ManifestWarning[] {
  const cutoff = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - STALE_AFTER_MONTHS, today.getUTCDate());
  if (Date.parse(`${manifest.lastVerified}T00:00:00Z`) >= cutoff) return [];
  const message = `last verified ${manifest.lastVerified}, more than ${STALE_AFTER_MONTHS} months ago: check the manifest against ${manifest.docs} and update lastVerified`;
  return [{ path: ['lastVerified'], target: 'value', message }];
}

/** OIDC providers fall back to the standard claims (OIDC Core §5.1); others have no way to tell who signed in. */
function missingProfile(manifest: ProviderManifest): ManifestWarning[] {
  if (manifest.profile || manifest.protocol === 'oidc') return [];
  return [{ path: ['profile'], target: 'parent', message: 'no profile section, so client.profile() cannot say who signed in: add profile.url and profile.fields' }];
}

/**
 * An endpoint whose domain no other endpoint shares needs an `evidence` entry (a cited source) whose url or
 * note names its host. Domains, not hosts, are compared: api.acme.example and acme.example are one provider.
 */
function oddHosts(manifest: ProviderManifest): ManifestWarning[] {
  const endpoints = Object.entries(manifest.endpoints).flatMap(([name, url]) => {
    const host = typeof url === 'string' ? hostOf(url) : undefined;
    return host ? [{ name, host, domain: domainOf(host) }] : [];
  });
  if (endpoints.length < 2) return [];
  const cited = evidenceTexts(manifest);
  return endpoints
    .filter(({ domain }) => endpoints.filter((other) => other.domain === domain).length === 1)
    .filter(({ host }) => !cited.some((text) => text.includes(host)))
    .map(({ name, host }) => {
      const others = [...new Set(endpoints.filter((other) => other.name !== name).map((other) => other.host))].join(', ');
      const message = `host ${host} is on a different domain from the other endpoints (${others}): add an evidence entry whose url or note names ${host}, citing where the provider documents it`;
      return { path: ['endpoints', name], target: 'value' as const, message };
    });
}

const PLACEHOLDER = 'placeholder-variable';

/** The lower-case host, or undefined when a `{variable}` decides the domain (it is only known at run time). */
function hostOf(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url.replace(URL_VARIABLE, PLACEHOLDER)).hostname;
  } catch {
    return undefined;
  }
  return domainOf(host).includes(PLACEHOLDER) ? undefined : host;
}

// Second-level labels under which countries register names (acme.co.uk): a small stand-in for the public
// suffix list, enough here because a wrong guess only costs a warning.
const SECOND_LEVEL = new Set(['ac', 'co', 'com', 'edu', 'gov', 'net', 'or', 'org']);

/** The registrable domain, approximately: api.acme.example → acme.example, login.acme.co.uk → acme.co.uk. */
export function domainOf(host: string): string {
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return host;
  const labels = host.split('.');
  const tld = labels[labels.length - 1] ?? '';
  const keep = tld.length === 2 && SECOND_LEVEL.has(labels[labels.length - 2] ?? '') ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The url and note of each evidence entry, lower-cased; entries of any other shape are ignored. */
function evidenceTexts(manifest: ProviderManifest): string[] {
  const evidence = (manifest as { evidence?: unknown }).evidence;
  if (!Array.isArray(evidence)) return [];
  return evidence.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { url, note } = entry as { url?: unknown; note?: unknown };
    return [url, note].filter((text): text is string => typeof text === 'string').map((text) => text.toLowerCase());
  });
}
