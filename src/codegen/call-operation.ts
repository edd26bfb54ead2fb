// The body of every generated `api.<operation>` method: splits the caller's parameters into path, query
// and body as the manifest's operation declares, then sends them through OAuthClient.request.
import type { OAuthClient } from '../client.ts';
import { ConfigError } from '../errors.ts';
import type { OperationSpec } from '../manifest/schema.ts';
import type { ApiResponse, TokenSet } from '../types.ts';

type ParamValue = string | number | boolean;

export async function callOperation<T>(client: OAuthClient, name: string, token: TokenSet | string, params: object = {}): Promise<ApiResponse<T>> {
  const spec = client.manifest.operations[name];
  if (!spec) throw new ConfigError('CONFIG_INVALID', `${client.id} has no operation "${name}"`);
  const { path, query, body } = splitParams(`${client.id}.api.${name}`, spec, params as Record<string, unknown>);
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
