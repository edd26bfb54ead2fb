// The registry against its lead list: for every manifest the candidate list (test/fixtures/candidate-hosts.json,
// from peers' provider data) also names, each endpoint whose host differs from the peers' is reported, and must
// be explained in the manifest's evidence, which names the peers' host and says why the docs differ.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProviderManifest } from '../../src/manifest/schema.ts';
import { loadProviderManifests } from '../provider-manifests.ts';

type EndpointKind = 'authorize' | 'token' | 'requestToken' | 'revoke' | 'profile' | 'issuer';

interface Candidate {
  hosts: Partial<Record<EndpointKind, string>>;
  aliases?: string[];
}

const { candidates } = JSON.parse(readFileSync(new URL('../fixtures/candidate-hosts.json', import.meta.url), 'utf8')) as {
  candidates: Record<string, Candidate>;
};

/** The candidate for an id, or for one of its aliases (peers often know a provider by its former name). */
function candidateFor(manifest: ProviderManifest): Candidate | undefined {
  for (const id of [manifest.id, ...manifest.aliases]) {
    const direct = candidates[id] ?? Object.values(candidates).find((candidate) => candidate.aliases?.includes(id));
    if (direct) return direct;
  }
  return undefined;
}

/** The host of an absolute URL, placeholders kept (`{tenant}.auth0.com`); undefined for a relative or templated-origin URL. */
function hostOf(url: string | undefined): string | undefined {
  const match = url ? /^https?:\/\/([^/?#]+)/.exec(url) : null;
  return match?.[1];
}

/** Hosts compare without case, and any placeholder (`{x}`, `{{vars.x}}`) stands for any label. */
function sameHost(a: string, b: string): boolean {
  const normal = (host: string) => host.toLowerCase().replace(/\{\{?[^}]*\}?\}/g, '*');
  return normal(a) === normal(b);
}

function manifestHosts(manifest: ProviderManifest): Partial<Record<EndpointKind, string>> {
  const { endpoints } = manifest;
  const profileUrl = manifest.profile?.url;
  const profile = hostOf(profileUrl) ?? (profileUrl ? hostOf(endpoints.api) : undefined);
  return {
    authorize: hostOf(endpoints.authorize),
    token: hostOf(endpoints.token),
    requestToken: hostOf(endpoints.requestToken),
    revoke: hostOf(endpoints.revoke),
    profile,
    issuer: hostOf(manifest.oidc?.issuer),
  };
}

interface HostDifference {
  endpoint: EndpointKind;
  manifest: string;
  peers: string;
  explained: boolean;
}

/** Each endpoint both sides name whose hosts differ; explained when an evidence note names the peers' host. */
function hostDifferences(manifest: ProviderManifest, candidate: Candidate): HostDifference[] {
  const evidence = (manifest.evidence ?? []).map((entry) => `${entry.note ?? ''} ${entry.url}`).join('\n').toLowerCase();
  const mine = manifestHosts(manifest);
  return Object.entries(candidate.hosts).flatMap(([endpoint, peers]) => {
    const own = mine[endpoint as EndpointKind];
    if (!own || !peers || sameHost(own, peers)) return [];
    return [{ endpoint: endpoint as EndpointKind, manifest: own, peers, explained: evidence.includes(peers.toLowerCase()) }];
  });
}

const providers = loadProviderManifests().map(({ id, manifest }) => ({ id, manifest, candidate: candidateFor(manifest) }));

describe('hosts against the candidate list', () => {
  it('compares most of the registry: the list is matched by id and alias', () => {
    expect(providers.filter(({ candidate }) => candidate).length).toBeGreaterThan(200);
  });

  describe.each(providers)('$id', ({ manifest, candidate }) => {
    it.runIf(candidate)("differs from the peers' hosts only where its evidence says why", () => {
      const unexplained = hostDifferences(manifest, candidate!).filter((difference) => !difference.explained);
      expect(unexplained).toEqual([]);
    });

    // No peer backs a provider the lead list lacks: the provider's own docs must.
    it.runIf(!candidate)('is not on the candidate list, so its evidence cites its own docs', () => {
      expect(manifest.evidence?.some((entry) => entry.kind === 'docs')).toBe(true);
    });
  });
});

describe('hostDifferences', () => {
  const base = loadProviderManifests()[0]!.manifest;
  const manifest = { ...base, endpoints: { ...base.endpoints, authorize: 'https://api.x.com/oauth/authenticate', token: 'https://{tenant}.auth.example/token' } } as ProviderManifest;

  it('reports a moved host, and accepts it once an evidence note names the old one', () => {
    const candidate: Candidate = { hosts: { authorize: 'api.twitter.com', token: '{domain}.auth.example' } };
    expect(hostDifferences({ ...manifest, evidence: [] }, candidate)).toEqual([{ endpoint: 'authorize', manifest: 'api.x.com', peers: 'api.twitter.com', explained: false }]);
    const explained = { ...manifest, evidence: [{ url: 'https://docs.example/', checked: '2026-12-06', kind: 'docs' as const, note: 'Peers still use API.twitter.com.' }] };
    expect(hostDifferences(explained, candidate)).toEqual([{ endpoint: 'authorize', manifest: 'api.x.com', peers: 'api.twitter.com', explained: true }]);
  });

  it('treats differently named placeholders as the same host, and a fixed host against a placeholder as different', () => {
    expect(hostDifferences({ ...manifest, evidence: [] }, { hosts: { token: '{domain}.auth.example' } })).toEqual([]);
    expect(hostDifferences({ ...manifest, evidence: [] }, { hosts: { authorize: '{host}' } })).toHaveLength(1);
  });
});
