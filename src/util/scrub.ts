// Takes the credentials a request carried out of what came back, so an error can keep the provider's answer
// (its error text, its body) for the caller to read without also handing our secrets to whoever logs it.
import { asSent } from './unicode.ts';

const REDACTED = '[redacted]';
/** Shorter values are too likely to occur by chance (a "1", an "ok") to be worth replacing. */
const MIN_LENGTH = 6;
const MAX_DEPTH = 32;

/** `value` with every occurrence of each secret (raw, percent-encoded or form-encoded) replaced by [redacted]. */
export function scrubSecrets<T>(value: T, secrets: readonly (string | undefined)[]): T {
  const forms = secretForms(secrets);
  return forms.length ? (scrub(value, forms, 0) as T) : value;
}

function secretForms(secrets: readonly (string | undefined)[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_LENGTH) continue;
    // A lone surrogate (a code from a parsed query can hold one) goes on the wire as U+FFFD, so the provider
    // quotes that; and encodeURIComponent would throw on it.
    const sent = asSent(secret);
    forms.add(secret);
    forms.add(sent);
    forms.add(encodeURIComponent(sent));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  }
  // Longest first, so a secret is replaced whole before a shorter one that it contains.
  return [...forms].sort((a, b) => b.length - a.length);
}

function scrub(value: unknown, forms: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return scrubText(value, forms);
  if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, forms, depth + 1));
  // Keys too: a body read as a form (or mislabelled as one) turns whatever text it held into field names.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrubText(key, forms), scrub(item, forms, depth + 1)]));
}

function scrubText(text: string, forms: readonly string[]): string {
  return forms.reduce((scrubbed, form) => scrubbed.split(form).join(REDACTED), text);
}
