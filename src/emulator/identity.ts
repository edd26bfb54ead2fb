// The one user every emulator signs in: the same id, name and email appear in the token response, the
// id_token, userinfo, the profile endpoint and its before/after requests, wherever the manifest's profile
// `fields` map says the client reads them.
import { exampleFromSchema, schemaAtPath, schemaType, type ExampleOptions } from './example-data.ts';
import { parseFieldPath, setAtPath } from './field-path.ts';

export const EMULATED_USER = {
  id: '4815162342',
  username: 'ada.emulated',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  avatar: 'https://example.com/avatars/ada.png',
  emailVerified: 'true',
} as const;

export type ProfileField = keyof typeof EMULATED_USER;
export const PROFILE_FIELDS = Object.keys(EMULATED_USER) as ProfileField[];

/** A field path split into the source it reads from (`$token`, `$emails`, or the main body) and the rest. */
export function splitSource(path: string): { source: string | undefined; path: string } {
  // `$emails.0.address` and `$emails[primary=true].address` both read the `emails` answer.
  const match = /^\$([a-zA-Z][a-zA-Z0-9_]*)(?:\.(.+)|(\[.+))$/.exec(path);
  return match ? { source: match[1], path: (match[2] ?? match[3])! } : { source: undefined, path };
}

/** The user's value for a field, as a number when the schema says the field is numeric. */
export function typedUserValue(field: ProfileField, schema: unknown, path: string, options: ExampleOptions): unknown {
  const segments = parseFieldPath(path).map((s) => ('key' in s ? s.key : 'index' in s ? String(s.index) : `${s.matchKey}=`));
  const node = schema ? schemaAtPath(schema, segments, options) : undefined;
  const type = node ? schemaType(node) : undefined;
  const value = EMULATED_USER[field];
  if (field === 'emailVerified') return type === 'integer' || type === 'number' ? 1 : type === 'string' ? value : true;
  return type === 'integer' || type === 'number' ? Number(value) : value;
}

/**
 * A body for `source` (undefined = the profile body itself): example data from the schema, then every
 * field path that reads from this source set to the emulated user's value. Only the first path of a
 * fallback list is written, so clients must honour the order.
 */
export function buildUserBody(
  fields: Partial<Record<ProfileField, string | string[]>>,
  source: string | undefined,
  schema: unknown,
  options: ExampleOptions,
): Record<string, unknown> {
  const example = schema ? exampleFromSchema(schema, options) : {};
  const body = (typeof example === 'object' && example !== null && !Array.isArray(example) ? example : {}) as Record<string, unknown>;
  return placeValues(body, userFieldValues(fields, source, schema, options)) as Record<string, unknown>;
}

/** [path, value] for every profile field whose first path reads from `source`, typed as `schema` says. */
export function userFieldValues(
  fields: Partial<Record<ProfileField, string | string[]>>,
  source: string | undefined,
  schema: unknown,
  options: ExampleOptions,
): Array<[path: string, value: unknown]> {
  const values: Array<[string, unknown]> = [];
  for (const field of PROFILE_FIELDS) {
    const paths = fields[field];
    const first = Array.isArray(paths) ? paths[0] : paths;
    if (!first) continue;
    const split = splitSource(first);
    if (split.source === source) values.push([split.path, typedUserValue(field, schema, split.path, options)]);
  }
  return values;
}

/**
 * Sets each value at its path inside `body`. A body that is no object or list (or none) is replaced by
 * the container the first path needs: a list when it starts with `[0]` or `[key=value]`.
 */
export function placeValues(body: unknown, values: ReadonlyArray<[path: string, value: unknown]>): Record<string, unknown> | unknown[] {
  let container = body;
  if (typeof container !== 'object' || container === null) container = values[0]?.[0].startsWith('[') ? [] : {};
  for (const [path, value] of values) setAtPath(container as Record<string, unknown>, path, value);
  return container as Record<string, unknown> | unknown[];
}

/** Token-response fields (`$token.uid`) that the profile reads: the emulator must put them in the token. */
export function tokenBorneFields(fields: Partial<Record<ProfileField, string | string[]>>): Array<{ field: ProfileField; path: string }> {
  const result: Array<{ field: ProfileField; path: string }> = [];
  for (const field of PROFILE_FIELDS) {
    const paths = fields[field];
    const first = Array.isArray(paths) ? paths[0] : paths;
    const split = first ? splitSource(first) : undefined;
    if (split?.source === 'token') result.push({ field, path: split.path });
  }
  return result;
}
