// What errors may show of a URL or of a foreign error: nothing that a request carried.

/**
 * The URL without what a request may carry in it, for messages and logs: every query value and the fragment
 * go, the parameter names stay. Which parameters hold credentials is the manifest's choice (token.rename,
 * api.auth.name, api.query templates), so no list of names could say which values are safe to show.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const names = [...parsed.searchParams.keys()];
    if (names.length) parsed.search = new URLSearchParams(names.map((name) => [name, '[redacted]'])).toString();
    parsed.hash = '';
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '[unparsable url]';
  }
}

/** The innermost string `code` along the cause chain (fetch's ECONNREFUSED sits on its cause). */
function innermostCode(cause: unknown, depth = 0): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  const inner = depth < 3 ? innermostCode(cause.cause, depth + 1) : undefined;
  const code = (cause as Error & { code?: unknown }).code;
  return inner ?? (typeof code === 'string' ? code : undefined);
}

/** The kind of failure, for a message: its code, else its class name. */
export function describeCause(cause: unknown): string {
  return innermostCode(cause) ?? (cause instanceof Error ? cause.name : 'unknown error');
}

/**
 * Stands in for a foreign error, which may hold what we sent (a fetch Request with its Authorization
 * header, a URL with a code in its query, a parser message quoting a stored value): its name, its string
 * `code` (as message too), its stack frames (code locations only; the first stack line repeats the
 * message) and, summarized the same way, its own cause.
 */
export function summarizeCause(cause: unknown, depth = 0): Error | undefined {
  if (cause === undefined) return undefined;
  if (!(cause instanceof Error)) return new Error('unknown error');
  const inner = depth < 3 && cause.cause !== undefined ? { cause: summarizeCause(cause.cause, depth + 1) } : undefined;
  const code = (cause as Error & { code?: unknown }).code;
  const summary = new Error(typeof code === 'string' ? code : 'message withheld', inner);
  summary.name = cause.name;
  if (typeof code === 'string') Object.assign(summary, { code });
  const frames = (cause.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  summary.stack = [`${summary.name}: ${summary.message}`, ...frames].join('\n');
  return summary;
}
