// What "a valid manifest" means to the fuzz suites: not only that the schema accepted it, but that the
// runtime can use every string it holds: header records, regular expressions and field paths.
import type { ProviderManifest } from '../../src/manifest/schema.ts';
import { readPath } from '../../src/util/path.ts';

export function expectUsable(manifest: ProviderManifest): void {
  const headerRecords = [manifest.token.headers, manifest.api.headers, manifest.profile?.headers, ...(manifest.profile?.before ?? []).map((s) => s.headers), ...(manifest.profile?.after ?? []).map((s) => s.headers)];
  for (const headers of headerRecords) if (headers) new Headers(headers);
  for (const transform of manifest.api.transforms) {
    const headers = new Headers({ [transform.header]: 'x' });
    if ('replace' in transform) headers.set(transform.header, 'Bearer x'.replace(new RegExp(transform.replace.pattern), transform.replace.with));
    if ('set' in transform) headers.set(transform.header, transform.set);
  }
  for (const variable of Object.values(manifest.variables)) if (variable.pattern) new RegExp(`^(?:${variable.pattern})$`);
  for (const path of fieldPaths(manifest)) readPath({}, path.replace(/^\$\w+\.?/, ''));
}

function fieldPaths(manifest: ProviderManifest): string[] {
  const { response, lookup } = manifest.token;
  const profile = manifest.profile;
  const paths = [response.root, ...Object.values(response.fields), response.error.code, response.error.description, response.error.when?.path];
  paths.push(...Object.values(lookup?.fields ?? {}));
  if (profile) {
    paths.push(profile.unwrap, ...[...profile.before, ...profile.after].map((step) => step.unwrap));
    paths.push(...Object.values(profile.fields).flatMap((value) => (Array.isArray(value) ? value : [value])));
  }
  return paths.filter((path): path is string => typeof path === 'string' && path !== '');
}
