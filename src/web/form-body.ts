// The form_post response mode (OAuth 2.0 Form Post Response Mode §2) delivers the callback parameters as an
// application/x-www-form-urlencoded POST body. A handful of short fields: anything large is not a callback.

/** Callback bodies are a code, a state and a few more short fields; this is generous. */
export const MAX_FORM_BYTES = 64 * 1024;

/** The body's fields, or undefined when it is not a form or is larger than MAX_FORM_BYTES. */
export async function readFormBody(request: Request): Promise<URLSearchParams | undefined> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' || !request.body) return undefined;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FORM_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
