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

/** `.` and `..` are dot-segments (RFC 3986 §5.2.4): in a path they would climb out of the manifest's prefix. */
const DOT_SEGMENT = /^\.{0,2}$/;
/** A variable inside the host must stay one DNS label (RFC 1035 §2.3.1), or it could change the site. */
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type DeclaredVariables = Record<string, { pattern?: string | undefined; default?: string | undefined }>;

/**
 * Replaces `{shop}` URL variables with URL-encoded values; each must be declared and, if a pattern is set,
 * match it. A value can never move the URL off the manifest's origin or out of its path prefix. With
 * `onlyDeclared`, undeclared placeholders are left for someone else to fill (issuers with id_token claims).
 * Messages name the variable, never its value.
 */
export function fillUrlVariables(url: string, declared: DeclaredVariables, values: Record<string, string>, options: { onlyDeclared?: boolean } = {}): string {
  const authorityEnd = endOfAuthority(url);
  return url.replace(URL_VARIABLE, (whole, name: string, offset: number) => {
    const spec = Object.hasOwn(declared, name) ? declared[name] : undefined;
    if (!spec && options.onlyDeclared) return whole;
    const value: unknown = Object.hasOwn(values, name) ? values[name] : spec?.default;
    if (value === undefined) throw new ConfigError('MISSING_VARIABLE', `the endpoint ${url} needs vars.${name}`);
    const problem = variableProblem(value, spec?.pattern, offset < authorityEnd);
    if (problem) throw new ConfigError('MISSING_VARIABLE', `vars.${name} ${problem}`);
    return encodeURIComponent(value as string);
  });
}

function variableProblem(value: unknown, pattern: string | undefined, inHost: boolean): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  // encodeURIComponent throws a URIError on a lone surrogate: no URL can carry it.
  if (LONE_SURROGATE.test(value)) return 'is not well-formed Unicode (it holds a lone surrogate)';
  if (pattern && !new RegExp(`^(?:${pattern})$`).test(value)) return `does not match the pattern ${pattern}`;
  if (DOT_SEGMENT.test(value)) return 'cannot be empty, "." or ".."';
  if (inHost && !HOST_LABEL.test(value)) return 'sits in the host name, so it must be one DNS label (letters, digits and inner hyphens)';
  return undefined;
}

/** Offset just past `scheme://host:port`; placeholders before it are in the authority. */
function endOfAuthority(url: string): number {
  const start = url.indexOf('://');
  if (start < 0) return 0;
  const end = url.slice(start + 3).search(/[/?#]/);
  return end < 0 ? url.length : start + 3 + end;
}
