// The modules that span every provider: the ProviderId union, the precompiled registry, and createClient.
import { ProviderRetiredError } from '../errors.ts';
import { aliasTable } from '../manifest/provider-aliases.ts';
import type { AnyProviderManifest, ProviderManifest, RetiredProviderManifest } from '../manifest/schema.ts';
import { compare, optionsAreOptional, providerNames } from './emit-provider.ts';
import { commentText, propertyKey, quote } from './names.ts';

/**
 * `provider-ids.ts`: the union of generated ids (retired ones included, so their ids still compile), the
 * same ids as a sorted array, and the aliases. ConfigError when a name would stand for two providers.
 */
export function emitProviderIds(manifests: readonly AnyProviderManifest[], header: string): string {
  const ids = manifests.map((m) => m.id);
  const aliases = [...aliasTable(manifests)].sort(([a], [b]) => compare(a, b));
  const union = ids.length ? ids.map((id) => `\n  | ${quote(id)}`).join('') : ' never';
  return [
    header,
    `export type ProviderId =${union};`,
    '',
    `export const PROVIDER_IDS: readonly ProviderId[] = [${ids.map(quote).join(', ')}];`,
    '',
    '/** Other ids that stand for a provider (e.g. its id before a rename); using one warns once. */',
    `export const PROVIDER_ALIASES: Readonly<Record<string, ProviderId>> = {${aliases.map(([alias, id]) => `\n  ${propertyKey(alias)}: ${quote(id)},`).join('')}${aliases.length ? '\n' : ''}};`,
    '',
  ].join('\n');
}

/** `registry.ts`: every manifest as plain data, already validated, keyed by id. */
export function emitRegistry(manifests: readonly AnyProviderManifest[], header: string, runtime: string): string {
  const ids = manifests.map((m) => m.id);
  const anyRetired = manifests.some((m) => m.status === 'retired');
  return [
    header,
    `import type { ProviderManifest${anyRetired ? ', RetiredProviderManifest' : ''} } from ${quote(runtime)};`,
    `import type { ProviderId } from './provider-ids.js';`,
    ...ids.map((id) => `import { ${providerNames(id).manifest} } from ${quote(`./manifests/${id}.js`)};`),
    '',
    '/** The generated manifests by id; importing this parses no YAML and runs no schema validation. */',
    `export const manifests: Readonly<Record<ProviderId, ProviderManifest${anyRetired ? ' | RetiredProviderManifest' : ''}>> = {${ids.map((id) => `\n  ${propertyKey(id)}: ${providerNames(id).manifest},`).join('')}${ids.length ? '\n' : ''}};`,
    '',
  ].join('\n');
}

/**
 * `clients.ts`: one createClient overload per provider, so the id picks the client type and unknown ids do
 * not compile. A retired id's overload returns `never` (it throws ProviderRetiredError); an alias's returns
 * its target's client. Both are marked @deprecated, so editors strike them through.
 */
export function emitClients(manifests: readonly AnyProviderManifest[], header: string, runtime: string): string {
  const usable = manifests.filter((m): m is ProviderManifest => m.status !== 'retired');
  const retired = manifests.filter((m): m is RetiredProviderManifest => m.status === 'retired');
  const aliases = [...aliasTable(manifests)].sort(([a], [b]) => compare(a, b));
  const byId = new Map(manifests.map((m) => [m.id, m]));
  const key = aliases.length ? 'target' : 'id';
  const runtimeValues = [...(retired.length ? ['ProviderRetiredError'] : []), 'UnknownProviderError', 'closestMatches', ...(aliases.length ? ['followAlias'] : [])];
  return [
    header,
    `import { ${runtimeValues.join(', ')} } from ${quote(runtime)};`,
    `import type { ClientOptions, OAuthClient } from ${quote(runtime)};`,
    `import { ${aliases.length ? 'PROVIDER_ALIASES, ' : ''}PROVIDER_IDS, type ProviderId } from './provider-ids.js';`,
    ...usable.map((manifest) => {
      const names = providerNames(manifest.id);
      return `import { ${names.client}, type ${names.options} } from ${quote(`./providers/${manifest.id}.js`)};`;
    }),
    ...retired.map((manifest) => `import { ${providerNames(manifest.id).manifest} } from ${quote(`./manifests/${manifest.id}.js`)};`),
    '',
    `export type { ProviderId } from './provider-ids.js';`,
    ...usable.map((manifest) => `export * from ${quote(`./providers/${manifest.id}.js`)};`),
    '',
    `const CLIENTS = {${usable.map((m) => `\n  ${propertyKey(m.id)}: ${providerNames(m.id).client},`).join('')}${usable.length ? '\n' : ''}};`,
    ...(retired.length ? ['', `const RETIRED = {${retired.map((m) => `\n  ${propertyKey(m.id)}: ${providerNames(m.id).manifest},`).join('')}\n};`] : []),
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
    ...manifests.flatMap((manifest) => overload(manifest.id, manifest)),
    ...aliases.flatMap(([alias, id]) => overload(alias, byId.get(id)!, `"${alias}" is an alias of "${id}"`)),
    'export function createClient(id: string, options?: object): OAuthClient {',
    ...(aliases.length ? ['  const target = Object.hasOwn(PROVIDER_ALIASES, id) ? followAlias(id, PROVIDER_ALIASES[id]!) : id;'] : []),
    ...(retired.length ? [`  if (Object.hasOwn(RETIRED, ${key})) throw new ProviderRetiredError(RETIRED[${key} as keyof typeof RETIRED]);`] : []),
    `  if (!Object.hasOwn(CLIENTS, ${key})) throw new UnknownProviderError(id, closestMatches(id, PROVIDER_IDS));`,
    `  const Client = CLIENTS[${key} as keyof typeof CLIENTS];`,
    '  return new Client(options as never);',
    '}',
    '',
  ].join('\n');
}

/** The overload `name` (an id or an alias) gets: `manifest`'s client, or `never` when it is retired. */
function overload(name: string, manifest: AnyProviderManifest, aliasNote?: string): string[] {
  if (manifest.status === 'retired') {
    const note = [aliasNote, new ProviderRetiredError(manifest).message].filter(Boolean).join('; ');
    return [`/** @deprecated ${commentText(`${note}.`)} */`, `export function createClient(id: ${quote(name)}, options?: ClientOptions): never;`];
  }
  const names = providerNames(manifest.id);
  const signature = `export function createClient(id: ${quote(name)}, options${optionsAreOptional(manifest) ? '?' : ''}: ${names.options}): ${names.client};`;
  return aliasNote ? [`/** @deprecated ${commentText(`${aliasNote}; use createClient('${manifest.id}').`)} */`, signature] : [signature];
}
