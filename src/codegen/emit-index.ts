// The modules that span every provider: the ProviderId union, the precompiled registry, and createClient.
import { ProviderRetiredError } from '../errors.ts';
import { aliasTable } from '../manifest/provider-aliases.ts';
import type { AnyProviderManifest, ProviderManifest, RetiredProviderManifest } from '../manifest/schema.ts';
import { compare, optionsAreOptional, providerNames, runtimeManifest } from './emit-provider.ts';
import { printLiteral } from './literal.ts';
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

/**
 * `registry.ts`: the provider index: ids, aliases, one lazy loader per usable manifest (a bundler makes each its
 * own chunk) and the retired manifests inline (a few metadata fields each, so their ids fail at once). Importing
 * it loads no manifest.
 */
export function emitRegistry(manifests: readonly AnyProviderManifest[], header: string, runtime: string): string {
  const usable = manifests.filter((m): m is ProviderManifest => m.status !== 'retired');
  const retired = manifests.filter((m): m is RetiredProviderManifest => m.status === 'retired');
  const loader = (m: ProviderManifest) => `\n    ${propertyKey(m.id)}: () => import(${quote(`./manifests/${m.id}.js`)}).then((m) => m.${providerNames(m.id).manifest}),`;
  const retiredEntry = (m: RetiredProviderManifest) => `\n    ${propertyKey(m.id)}: ${printLiteral(runtimeManifest(m))},`;
  return [
    header,
    `import type { ProviderIndex } from ${quote(runtime)};`,
    `import { PROVIDER_ALIASES, PROVIDER_IDS } from './provider-ids.js';`,
    '',
    '/** Every generated provider; a manifest is imported only when a client of its provider is first used. */',
    'export const providerIndex: ProviderIndex = {',
    '  ids: PROVIDER_IDS,',
    '  aliases: PROVIDER_ALIASES,',
    `  loaders: {${usable.map(loader).join('')}${usable.length ? '\n  ' : ''}},`,
    `  retired: {${retired.map(retiredEntry).join('')}${retired.length ? '\n  ' : ''}},`,
    '};',
    '',
  ].join('\n');
}

/**
 * `clients.ts`: one createClient overload per provider, so the id picks the client type and unknown ids do
 * not compile. A retired id's overload returns `never` (it throws ProviderRetiredError); an alias's returns
 * its target's client. Both are marked @deprecated, so editors strike them through. At run time it is one
 * generic function over the provider index: no provider module is imported until its client is used.
 */
export function emitClients(manifests: readonly AnyProviderManifest[], header: string, runtime: string): string {
  const usable = manifests.filter((m): m is ProviderManifest => m.status !== 'retired');
  const aliases = [...aliasTable(manifests)].sort(([a], [b]) => compare(a, b));
  const byId = new Map(manifests.map((m) => [m.id, m]));
  return [
    header,
    `import { clientFromIndex } from ${quote(runtime)};`,
    `import type { ClientOptions, OAuthClient } from ${quote(runtime)};`,
    `import type { ProviderId } from './provider-ids.js';`,
    `import { providerIndex } from './registry.js';`,
    ...usable.map((manifest) => {
      const names = providerNames(manifest.id);
      return `import type { ${names.client}, ${names.options} } from ${quote(`./providers/${manifest.id}.js`)};`;
    }),
    '',
    `export type { ProviderId } from './provider-ids.js';`,
    ...usable.map((manifest) => `export type * from ${quote(`./providers/${manifest.id}.js`)};`),
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
    '  return clientFromIndex(providerIndex, id, options as ClientOptions);',
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
