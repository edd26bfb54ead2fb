// `client.api.<operation>(token, params)`: one method per manifest operation. It splits the caller's parameters
// into path, query and body as the operation declares, then sends them through OAuthClient.request. Generated
// types (`GithubApi`) name the methods and their parameter and response types; the methods themselves are
// the same generic code for every provider.
import type { OAuthClient } from '../client.ts';
import { ConfigError } from '../errors.ts';
import type { OperationSpec } from '../manifest/schema.ts';
import type { ApiResponse, TokenSet } from '../types.ts';
import { fillPathTemplate } from '../util/template.ts';
import { tokenFields } from './request.ts';

type ParamValue = string | number | boolean;

/**
 * What `client.api` offers when no generated type narrows it: any operation name, untyped. (The rest
 * parameter lets every generated api, whose methods take their own parameter types, fit this one.)
 */
export type OperationMethods = Record<string, (token: TokenSet | string, ...params: any[]) => Promise<ApiResponse>>;

/** Property reads that must not look like operations: awaiting `client.api`, or serialising it. */
const NOT_OPERATIONS = new Set(['then', 'toJSON', 'constructor']);

/**
 * `client.api`: a method for any name, resolved against the manifest's operations when called, so a client
 * whose manifest is still loading has its api already. An unknown name rejects with a ConfigError.
 */
export function operationMethods(client: OAuthClient<TokenSet, unknown, unknown>): OperationMethods {
  return new Proxy({} as OperationMethods, {
    get(target, name) {
      if (typeof name !== 'string' || NOT_OPERATIONS.has(name)) return undefined;
      return (target[name] ??= (token, params?: object) => callOperation(client, name, token, params));
    },
  });
}

export async function callOperation<T>(client: OAuthClient<TokenSet, unknown, unknown>, name: string, token: TokenSet | string, params: object = {}): Promise<ApiResponse<T>> {
  await client.ready();
  const spec = Object.hasOwn(client.manifest.operations, name) ? client.manifest.operations[name] : undefined;
  if (!spec) throw new ConfigError('UNSUPPORTED', `${client.id} has no operation "${name}"`);
  const split = splitParams(`${client.id}.api.${name}`, spec, params as Record<string, unknown>);
  const { query, body } = split;
  // `{{token.user_id}}` in an operation path names the signed-in user's own resource.
  const path = split.path.includes('{{') ? fillPathTemplate(split.path, { token: tokenFields(token) }, `${client.id}.api.${name}`) : split.path;
  const hasBody = Object.keys(body).length > 0;
  return client.request<T>(spec.method, path, {
    token,
    query,
    ...(hasBody ? (spec.bodyEncoding === 'form' ? { form: body } : { json: body }) : {}),
  });
}

/** Parameter values are checked for presence and type only; their values never appear in a message. */
export function splitParams(where: string, spec: OperationSpec, params: Record<string, unknown>) {
  for (const name of Object.keys(params)) {
    if (!Object.hasOwn(spec.params, name)) throw new ConfigError('CONFIG_INVALID', `${where}: unknown parameter "${name}"`);
  }
  let path = spec.path;
  const query: Record<string, ParamValue> = {};
  const body: Record<string, ParamValue> = {};
  for (const [name, param] of Object.entries(spec.params)) {
    const value = params[name];
    if (value === undefined || value === null) {
      if (param.required) throw new ConfigError('CONFIG_INVALID', `${where}: parameter "${name}" is required`);
      continue;
    }
    if (!matchesType(value, param.type)) throw new ConfigError('CONFIG_INVALID', `${where}: parameter "${name}" must be a ${param.type}`);
    if (param.in === 'path') path = path.replaceAll(`{${name}}`, encodeURIComponent(String(value)));
    else if (param.in === 'query') query[name] = value;
    else body[name] = value;
  }
  return { path, query, body };
}

function matchesType(value: unknown, type: OperationSpec['params'][string]['type']): value is ParamValue {
  if (type === 'string') return typeof value === 'string';
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'integer') return Number.isInteger(value);
  return typeof value === 'number' && Number.isFinite(value);
}
