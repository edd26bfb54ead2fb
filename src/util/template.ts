// `{{scope.path}}` placeholders in manifest values (query parameters, headers), and `{name}` URL variables.
import { ConfigError } from '../errors.ts';
import { URL_VARIABLE } from './url.ts';
import { readPath } from './path.ts';

const PLACEHOLDER = /\{\{\s*([a-zA-Z_$][\w$]*)\.([^}\s]+)\s*\}\}/g;

export type TemplateScope = Record<string, unknown>;

/** Fills `{{token.uid}}`-style placeholders; a placeholder with no value is a ConfigError naming it. */
export function fillTemplate(value: string | number | boolean, scope: TemplateScope, where: string): string {
  if (typeof value !== 'string') return String(value);
  return value.replace(PLACEHOLDER, (whole, root: string, path: string) => {
    const found = readPath(scope[root], path);
    if (found === undefined || found === null || typeof found === 'object') {
      throw new ConfigError('CONFIG_INVALID', `${where}: ${whole} has no value (is "${path}" present in ${root}?)`);
    }
    return String(found);
  });
}

export function fillParams(params: Record<string, string | number | boolean>, scope: TemplateScope, where: string): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, fillTemplate(value, scope, `${where}.${key}`)]));
}

/** Replaces `{shop}` URL variables with URL-encoded values; each must be declared and, if a pattern is set, match it. */
export function fillUrlVariables(
  url: string,
  declared: Record<string, { pattern?: string | undefined; default?: string | undefined }>,
  values: Record<string, string>,
): string {
  return url.replace(URL_VARIABLE, (_whole, name: string) => {
    const spec = declared[name];
    const value = values[name] ?? spec?.default;
    if (value === undefined) throw new ConfigError('MISSING_VARIABLE', `the endpoint ${url} needs vars.${name}`);
    if (spec?.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(value)) {
      throw new ConfigError('MISSING_VARIABLE', `vars.${name} does not match the pattern ${spec.pattern}`);
    }
    return encodeURIComponent(value);
  });
}
