// Reads a body stream as UTF-8 text, giving up (and cancelling the stream) past a byte limit, so a hostile
// peer cannot make us buffer without bound.

/** The text, or undefined when the stream holds more than `maxBytes`. Stream errors propagate. */
export async function readCappedText(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string | undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}
