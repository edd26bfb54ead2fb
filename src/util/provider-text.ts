// Text a provider (or whoever forged a callback) chose ends up in error messages, logs and the sign-in
// routes' error pages. It is shown bounded and on one line, so it can neither flood a log or a page nor
// fake extra log lines or reorder text with bidirectional controls.

/** Most characters of provider text shown; OAuth error descriptions are a sentence or two. */
export const MAX_PROVIDER_TEXT = 200;

/** C0 and C1 controls (newlines included) and the bidirectional embedding, override and isolate marks. */
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with unshowable characters replaced by spaces, cut to MAX_PROVIDER_TEXT characters. */
export function providerText(text: string): string {
  const head = text.length > MAX_PROVIDER_TEXT ? text.slice(0, MAX_PROVIDER_TEXT + 1) : text;
  let shown = head.replace(UNSHOWABLE, ' ');
  if (shown.length <= MAX_PROVIDER_TEXT) return shown;
  shown = shown.slice(0, MAX_PROVIDER_TEXT);
  // Do not end on half of a surrogate pair.
  if (/[\ud800-\udbff]$/.test(shown)) shown = shown.slice(0, -1);
  return `${shown}…`;
}
