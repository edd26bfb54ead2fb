// Example values generated from a JSON Schema: the emulator answers API calls with data that satisfies the
// schemas a manifest declares (profile.schema, operations.*.response, token.response.schema).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

type Schema = Record<string, unknown>;

export interface ExampleOptions {
  /** Directory that `{$ref: file}` schemas are resolved against (the manifest's folder). */
  baseDir?: string;
}

const STRING_FORMATS: Record<string, string> = {
  email: 'ada@example.com',
  uri: 'https://example.com/resource',
  url: 'https://example.com/resource',
  'date-time': '2024-01-02T03:04:05Z',
  date: '2024-01-02',
  uuid: '00000000-0000-4000-8000-000000000001',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
};

export function exampleFromSchema(schema: unknown, options: ExampleOptions = {}): unknown {
  return generate(schema, { root: schema, baseDir: options.baseDir, depth: 0 });
}

interface Context {
  root: unknown;
  baseDir: string | undefined;
  depth: number;
}

function generate(input: unknown, context: Context): unknown {
  if (typeof input !== 'object' || input === null || context.depth > 12) return null;
  const schema = resolveRef(input as Schema, context);
  const inner = { ...context, depth: context.depth + 1, ...(schema.$$baseDir ? { baseDir: schema.$$baseDir as string } : {}) };
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if ('example' in schema) return schema.example;
  if ('default' in schema) return schema.default;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length) return generate(options.find((o) => (o as Schema)?.type !== 'null') ?? options[0], inner);
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((part) => generate(part, inner)).filter((v) => typeof v === 'object' && v !== null));
  }
  switch (schemaType(schema)) {
    case 'object':
      return objectExample(schema, inner);
    case 'array': {
      const count = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: count }, () => generate(schema.items ?? {}, inner));
    }
    case 'string':
      return stringExample(schema);
    case 'integer':
      return Math.max(1, Math.ceil(Number(schema.minimum ?? 1)));
    case 'number':
      return Math.max(1.5, Number(schema.minimum ?? 1.5));
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return 'example';
  }
}

/** The first non-null type of a schema; `object` when it has properties. */
export function schemaType(schema: Schema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (typeof type === 'string') return type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function objectExample(schema: Schema, context: Context): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  for (const [name, property] of Object.entries(properties)) result[name] = generate(property, context);
  return result;
}

function stringExample(schema: Schema): string {
  let value = (typeof schema.format === 'string' && STRING_FORMATS[schema.format]) || 'example';
  const min = Number(schema.minLength ?? 0);
  const max = Number(schema.maxLength ?? Infinity);
  if (value.length < min) value = value.padEnd(min, 'x');
  if (value.length > max) value = value.slice(0, max);
  return value;
}

/** Follows `#/definitions/x` pointers in the same document and `file.json` refs beside the manifest. */
export function resolveRef(schema: Schema, context: { root: unknown; baseDir: string | undefined }): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const [file, pointer = ''] = ref.split('#');
  let document: unknown = context.root;
  let baseDir = context.baseDir;
  if (file) {
    if (!baseDir) return {};
    const path = resolve(baseDir, file);
    document = JSON.parse(readFileSync(path, 'utf8'));
    baseDir = dirname(path);
  }
  let node: unknown = document;
  for (const part of pointer.split('/').filter(Boolean)) node = (node as Schema | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  const target = (node ?? {}) as Schema;
  return file ? { ...target, $$baseDir: baseDir } : target;
}

/** The sub-schema that describes the value at a field path, for choosing a number or a string. */
export function schemaAtPath(schema: unknown, segments: readonly string[], options: ExampleOptions = {}): Schema | undefined {
  let node = schema as Schema | undefined;
  const context = { root: schema, baseDir: options.baseDir };
  for (const segment of segments) {
    if (!node) return undefined;
    node = resolveRef(node, context);
    if (schemaType(node) === 'array') node = resolveRef((node.items ?? {}) as Schema, context);
    if (/^\d+$/.test(segment) || segment.includes('=')) continue;
    node = (node.properties as Record<string, Schema> | undefined)?.[segment];
  }
  return node ? resolveRef(node, context) : undefined;
}
