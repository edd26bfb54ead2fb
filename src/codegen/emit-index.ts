// The modules that span every provider: the ProviderId union, the precompiled registry, and createClient.
import type { ProviderManifest } from '../manifest/schema.ts';
import { GENERATED_HEADER, optionsAreOptional, providerNames } from './emit-provider.ts';
import { propertyKey, quote } from './names.ts';

/** `provider-ids.ts`: the union of generated ids and the same ids as a sorted array. */
export function emitProviderIds(ids: readonly string[]): string {
  const union = ids.length ? ids.map((id) => `\n  | ${quote(id)}`).join('') : ' never';
  return [
    GENERATED_HEADER,
    `export type ProviderId =${union};`,
    '',
    `export const PROVIDER_IDS: readonly ProviderId[] = [${ids.map(quote).join(', ')}];`,
    '',
  ].join('\n');
}

/** `registry.ts`: every manifest as plain data, already validated, keyed by id. */
export function emitRegistry(ids: readonly string[], runtime: string): string {
  return [
    GENERATED_HEADER,
    `import type { ProviderManifest } from ${quote(runtime)};`,
    `import type { ProviderId } from './provider-ids.ts';`,
    ...ids.map((id) => `import { ${providerNames(id).manifest} } from ${quote(`./manifests/${id}.ts`)};`),
    '',
    '/** The generated manifests by id; importing this parses no YAML and runs no schema validation. */',
    `export const manifests: Readonly<Record<ProviderId, ProviderManifest>> = {${ids.map((id) => `\n  ${propertyKey(id)}: ${providerNames(id).manifest},`).join('')}${ids.length ? '\n' : ''}};`,
    '',
  ].join('\n');
}

/** `clients.ts`: one createClient overload per provider, so the id picks the client type and unknown ids do not compile. */
export function emitClients(manifests: readonly ProviderManifest[], runtime: string): string {
  const ids = manifests.map((m) => m.id);
  const overloads = manifests.map((manifest) => {
    const names = providerNames(manifest.id);
    return `export function createClient(id: ${quote(manifest.id)}, options${optionsAreOptional(manifest) ? '?' : ''}: ${names.options}): ${names.client};`;
  });
  return [
    GENERATED_HEADER,
    `import { UnknownProviderError, closestMatches } from ${quote(runtime)};`,
    `import type { OAuthClient } from ${quote(runtime)};`,
    `import { PROVIDER_IDS, type ProviderId } from './provider-ids.ts';`,
    ...manifests.map((manifest) => {
      const names = providerNames(manifest.id);
      return `import { ${names.client}, type ${names.options} } from ${quote(`./providers/${manifest.id}.ts`)};`;
    }),
    '',
    `export type { ProviderId } from './provider-ids.ts';`,
    ...manifests.map((manifest) => `export * from ${quote(`./providers/${manifest.id}.ts`)};`),
    '',
    `const CLIENTS = {${ids.map((id) => `\n  ${propertyKey(id)}: ${providerNames(id).client},`).join('')}${ids.length ? '\n' : ''}};`,
    '',
    '/** A typed client by provider id; an id that is not generated throws UnknownProviderError naming close ids. */',
    ...overloads,
    'export function createClient(id: string, options?: object): OAuthClient {',
    '  if (!Object.hasOwn(CLIENTS, id)) throw new UnknownProviderError(id, closestMatches(id, PROVIDER_IDS));',
    '  const Client = CLIENTS[id as ProviderId];',
    '  return new Client(options as never);',
    '}',
    '',
  ].join('\n');
}
