// Turning manifest names (provider ids, operation and parameter names) into TypeScript names and source text.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `acme-cloud` → `AcmeCloud`, `userShow` → `UserShow`. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** `acme-cloud` → `acmeCloud`: a provider id as a variable name. */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal[0]!.toLowerCase() + pascal.slice(1);
}

/** An object key as written in source: bare when it is an identifier, quoted otherwise (`'user.fields'`). */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : quote(name);
}

/** A single-quoted string literal. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

/** Text made safe to sit inside a `/** … *\/` comment. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();
}
