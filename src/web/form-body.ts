// The form_post response mode (OAuth 2.0 Form Post Response Mode §2) delivers the callback parameters as an
// application/x-www-form-urlencoded POST body. A handful of short fields: anything large is not a callback.
import { readCappedText } from '../util/read-capped.ts';

/** Callback bodies are a code, a state and a few more short fields; this is generous. */
export const MAX_FORM_BYTES = 64 * 1024;

/** The body's fields, or undefined when it is not a form or is larger than MAX_FORM_BYTES. */
export async function readFormBody(request: Request): Promise<URLSearchParams | undefined> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' || !request.body) return undefined;
  const text = await readCappedText(request.body, MAX_FORM_BYTES);
  return text === undefined ? undefined : new URLSearchParams(text);
}
