// URL facts shared by the manifest schema and the runtime, kept free of zod so the runtime need not load it.

/** `{name}` placeholders in endpoint URLs, filled from the caller's `vars`. */
export const URL_VARIABLE = /\{([a-zA-Z][a-zA-Z0-9_]*)\}/g;

/** Plain http is allowed only towards these: the machine itself. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
