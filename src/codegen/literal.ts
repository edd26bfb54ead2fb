// Prints plain data (the validated manifests) as a TypeScript literal: two-space indentation, keys in the
// order the data has them, no trailing whitespace. Hand-written rather than JSON.stringify so the output
// reads like source and does not depend on a formatter.
import { propertyKey, quote } from './names.ts';

export function printLiteral(value: unknown, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot print the number ${value} as a literal`);
    return Object.is(value, -0) ? '0' : String(value);
  }
  if (typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${printLiteral(item, inner)},`).join('\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([key, item]) => `${inner}${propertyKey(key)}: ${printLiteral(item, inner)},`).join('\n')}\n${indent}}`;
  }
  throw new TypeError(`cannot print a ${typeof value} as a literal`);
}
