// `oauth-registry/manifest`: load and validate manifests (YAML or JSON), register private providers, and
// the zod schema itself. Kept out of the main entry, which never parses YAML nor loads zod.
export { loadAnyManifest, loadAnyManifestFile, loadManifest, loadManifestFile, parseAnyManifestObject, parseManifestObject } from './load.ts';
export { registerProvider } from './register.ts';
export { getManifest, listProviders } from './registry.ts';
export { AnyManifest, Manifest, RetiredManifest, EndpointUrl, URL_VARIABLE, isLoopbackHost } from './schema.ts';
export type {
  AnyProviderManifest,
  ContentTypeName,
  EndpointName,
  HeaderTransformSpec,
  ManifestInput,
  OperationSpec,
  ProfileRequestSpec,
  ProviderManifest,
  RetiredManifestInput,
  RetiredProviderManifest,
} from './schema.ts';
