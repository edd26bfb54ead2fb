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
    if (root === 'now') return formatNow(path, whole, where);
    const found = readPath(scope[root], path);
    if (found === undefined || found === null || typeof found === 'object') {
      throw new ConfigError('CONFIG_INVALID', `${where}: ${whole} has no value (is "${path}" present in ${root}?)`);
    }
    return String(found);
  });
}

/**
 * `{{token.user_id}}` in a manifest URL path (a profile or operation path): the value URL-encoded, so it stays
 * one segment, and never "", "." or "..", which would step out of the path the manifest names.
 */
export function fillPathTemplate(path: string, scope: TemplateScope, where: string): string {
  if (!path.includes('{{')) return path;
  return path.replace(PLACEHOLDER, (whole, root: string, field: string) => {
    const value = fillTemplate(whole, scope, where);
    if (DOT_SEGMENT.test(value)) throw new ConfigError('CONFIG_INVALID', `${where}: ${whole} is empty, "." or "..", which a URL path cannot hold`);
    void root;
    void field;
    return encodeURIComponent(value);
  });
}

/**
 * `{{now.<format>}}`, for signed requests that carry their time: unix (seconds), unixMs, iso (UTC), or
 * datetime (`YYYY-MM-DD HH:mm:ss`), in UTC or at a fixed offset (`datetime+08:00`).
 */
function formatNow(format: string, whole: string, where: string, now = new Date()): string {
  if (format === 'unix') return String(Math.floor(now.getTime() / 1000));
  if (format === 'unixMs') return String(now.getTime());
  if (format === 'iso') return now.toISOString();
  const datetime = /^datetime(?:([+-])(\d{2}):(\d{2}))?$/.exec(format);
  if (!datetime) throw new ConfigError('CONFIG_INVALID', `${where}: ${whole} is not a time format (unix, unixMs, iso, datetime, datetime+HH:MM)`);
  const [, sign, hours, minutes] = datetime;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) : 0;
  return new Date(now.getTime() + offset * 60_000).toISOString().replace('T', ' ').slice(0, 19);
}

export function fillParams(params: Record<string, string | number | boolean>, scope: TemplateScope, where: string): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, fillTemplate(value, scope, `${where}.${key}`)]));
}

/** `.` and `..` are dot-segments (RFC 3986 §5.2.4): in a path they would climb out of the manifest's prefix. */
const DOT_SEGMENT = /^\.{0,2}$/;
/** A variable inside the host must stay one DNS label (RFC 1035 §2.3.1), or it could change the site. */
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface DeclaredVariable {
  pattern?: string | undefined;
  default?: string | undefined;
  /** An empty value drops the path segment the variable fills. */
  optional?: boolean | undefined;
}
type DeclaredVariables = Record<string, DeclaredVariable>;

export interface FillOptions {
  /** Leave undeclared placeholders for someone else to fill (issuers with id_token claims). */
  onlyDeclared?: boolean;
  /** Leave these placeholders as they are: variables whose value comes later (from the callback or token). */
  leave?: ReadonlySet<string>;
}

/**
 * Replaces `{shop}` URL variables; each must be declared and, if a pattern is set, match it. Where a variable
 * stands decides what it may hold, so that no value can move the URL off the manifest's site or out of its
 * path prefix: at the start of the URL, a whole https origin; in the host, one DNS label (several, dotted,
 * only when the manifest gives the variable a pattern); in the path or query, any text, URL-encoded, but never
 * "", "." or "..", except that an optional variable left empty removes its path segment. Messages name the
 * variable, never its value.
 */
export function fillUrlVariables(url: string, declared: DeclaredVariables, values: Record<string, string>, options: FillOptions = {}): string {
  const authorityEnd = endOfAuthority(url);
  const filled = url.replace(URL_VARIABLE, (whole, name: string, offset: number) => {
    const spec = Object.hasOwn(declared, name) ? declared[name] : undefined;
    if ((!spec && options.onlyDeclared) || options.leave?.has(name)) return whole;
    const value: unknown = Object.hasOwn(values, name) ? values[name] : spec?.default;
    if (value === undefined && spec?.optional) return OMITTED;
    if (value === undefined) throw new ConfigError('MISSING_VARIABLE', `the endpoint ${url} needs vars.${name}`);
    const position = offset === 0 ? 'origin' : offset < authorityEnd ? 'host' : 'path';
    if (value === '' && spec?.optional && position === 'path') return OMITTED;
    const problem = variableProblem(value, spec, position);
    if (problem) throw new ConfigError('MISSING_VARIABLE', `vars.${name} ${problem}`);
    if (position === 'origin') return new URL(value as string).origin;
    return position === 'host' ? (value as string).toLowerCase() : encodeURIComponent(value as string);
  });
  return filled.includes(OMITTED) ? filled.replace(OMITTED_SEGMENT, '') : filled;
}

/** Marks an empty optional variable; its segment (with the slash before it) is cut once every value is in. */
const OMITTED = '\u0000omitted\u0000';
const OMITTED_SEGMENT = /\/?\u0000omitted\u0000/g;

function variableProblem(value: unknown, spec: DeclaredVariable | undefined, position: 'origin' | 'host' | 'path'): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  // encodeURIComponent throws a URIError on a lone surrogate: no URL can carry it.
  if (LONE_SURROGATE.test(value)) return 'is not well-formed Unicode (it holds a lone surrogate)';
  if (spec?.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(value)) return `does not match the pattern ${spec.pattern}`;
  if (position === 'origin') return originProblem(value);
  if (DOT_SEGMENT.test(value)) return 'cannot be empty, "." or ".."';
  if (position === 'host') {
    const labels = value.split('.');
    if (labels.length > 1 && !spec?.pattern) return 'sits in the host name, so it must be one DNS label, unless the manifest gives it a pattern';
    if (!labels.every((label) => HOST_LABEL.test(label))) {
      return labels.length > 1 ? 'sits in the host name, so it must be DNS labels (letters, digits and inner hyphens) joined by dots' : 'sits in the host name, so it must be one DNS label (letters, digits and inner hyphens)';
    }
  }
  return undefined;
}

/** A variable that opens the URL is a whole origin: https (http on loopback), no path, query or credentials. */
function originProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'opens the URL, so it must be an absolute https origin';
  }
  const loopback = url.protocol === 'http:' && /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname);
  if (url.protocol !== 'https:' && !loopback) return 'opens the URL, so it must be an https origin';
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return 'opens the URL, so it must be an origin only (no path, query or credentials)';
  return undefined;
}

/** Offset just past `scheme://host:port`; placeholders before it are in the authority. */
function endOfAuthority(url: string): number {
  const start = url.indexOf('://');
  if (start < 0) return url.startsWith('{') ? url.indexOf('}') + 1 : 0;
  const end = url.slice(start + 3).search(/[/?#]/);
  return end < 0 ? url.length : start + 3 + end;
}
