// Reads a body stream as UTF-8 text, giving up (and cancelling the stream) past a byte limit, so a hostile
// peer cannot make us buffer without bound.

/** The text, or undefined when the stream holds more than `maxBytes`. Stream errors propagate. */
export async function readCappedText(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString('utf8');
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
}
