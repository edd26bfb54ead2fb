// The modules that span every provider: the ProviderId union, the precompiled registry, and createClient.
import type { ProviderManifest } from '../manifest/schema.ts';
import { optionsAreOptional, providerNames } from './emit-provider.ts';
import { propertyKey, quote } from './names.ts';

/** `provider-ids.ts`: the union of generated ids and the same ids as a sorted array. */
export function emitProviderIds(ids: readonly string[], header: string): string {
  const union = ids.length ? ids.map((id) => `\n  | ${quote(id)}`).join('') : ' never';
  return [
    header,
    `export type ProviderId =${union};`,
    '',
    `export const PROVIDER_IDS: readonly ProviderId[] = [${ids.map(quote).join(', ')}];`,
    '',
  ].join('\n');
}

/** `registry.ts`: every manifest as plain data, already validated, keyed by id. */
export function emitRegistry(ids: readonly string[], header: string, runtime: string): string {
  return [
    header,
    `import type { ProviderManifest } from ${quote(runtime)};`,
    `import type { ProviderId } from './provider-ids.js';`,
    ...ids.map((id) => `import { ${providerNames(id).manifest} } from ${quote(`./manifests/${id}.js`)};`),
    '',
    '/** The generated manifests by id; importing this parses no YAML and runs no schema validation. */',
    `export const manifests: Readonly<Record<ProviderId, ProviderManifest>> = {${ids.map((id) => `\n  ${propertyKey(id)}: ${providerNames(id).manifest},`).join('')}${ids.length ? '\n' : ''}};`,
    '',
  ].join('\n');
}

/** `clients.ts`: one createClient overload per provider, so the id picks the client type and unknown ids do not compile. */
export function emitClients(manifests: readonly ProviderManifest[], header: string, runtime: string): string {
  const ids = manifests.map((m) => m.id);
  const overloads = manifests.map((manifest) => {
    const names = providerNames(manifest.id);
    return `export function createClient(id: ${quote(manifest.id)}, options${optionsAreOptional(manifest) ? '?' : ''}: ${names.options}): ${names.client};`;
  });
  return [
    header,
    `import { UnknownProviderError, closestMatches } from ${quote(runtime)};`,
    `import type { ClientOptions, OAuthClient } from ${quote(runtime)};`,
    `import { PROVIDER_IDS, type ProviderId } from './provider-ids.js';`,
    ...manifests.map((manifest) => {
      const names = providerNames(manifest.id);
      return `import { ${names.client}, type ${names.options} } from ${quote(`./providers/${manifest.id}.js`)};`;
    }),
    '',
    `export type { ProviderId } from './provider-ids.js';`,
    ...manifests.map((manifest) => `export * from ${quote(`./providers/${manifest.id}.js`)};`),
    '',
    `const CLIENTS = {${ids.map((id) => `\n  ${propertyKey(id)}: ${providerNames(id).client},`).join('')}${ids.length ? '\n' : ''}};`,
    '',
    'type IsUnion<T, All = T> = T extends unknown ? ([All] extends [T] ? false : true) : never;',
    '/**',
    ' * Ids known only at run time: a plain `string`, or a union of generated ids. A single literal id is left',
    ' * to its typed overload, so a misspelt one does not compile.',
    ' */',
    'export type ListedProviderId<Id extends string> = string extends Id ? string : true extends IsUnion<Id> ? Id & ProviderId : never;',
    '',
    '/**',
    ' * A typed client by provider id. An id from a list (`ProviderId`, or any `string`) gets the generic client;',
    ' * an id that is not generated throws UnknownProviderError naming close ids.',
    ' */',
    'export function createClient<Id extends string>(id: ListedProviderId<Id>, options?: ClientOptions): OAuthClient;',
    ...overloads,
    'export function createClient(id: string, options?: object): OAuthClient {',
    '  if (!Object.hasOwn(CLIENTS, id)) throw new UnknownProviderError(id, closestMatches(id, PROVIDER_IDS));',
    '  const Client = CLIENTS[id as ProviderId];',
    '  return new Client(options as never);',
    '}',
    '',
  ].join('\n');
}
