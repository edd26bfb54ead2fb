// The manifest layer's public surface: load and validate manifests, and look providers up by id.
export { loadManifest, loadManifestFile, parseManifestObject } from './load.ts';
export { getManifest, listProviders, registerProvider } from './registry.ts';
export { Manifest, EndpointUrl, URL_VARIABLE, isLoopbackHost } from './schema.ts';
export type { ContentTypeName, EndpointName, HeaderTransformSpec, ManifestInput, OperationSpec, ProfileRequestSpec, ProviderManifest } from './schema.ts';
