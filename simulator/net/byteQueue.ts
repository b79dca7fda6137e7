/**
 * Bytes received and not yet parsed, for the incremental frame parsers (WebSocket, HTTP/2):
 * chunks are appended as they arrive, split anywhere, and a parser takes a field only once all
 * of its bytes are there, so a header split across writes waits instead of being misread.
 */
export class ByteQueue {
  private buffered: Uint8Array = new Uint8Array(0);

  append(chunk: Uint8Array): void {
    if (this.buffered.length === 0) {
      this.buffered = chunk;
      return;
    }
    const joined = new Uint8Array(this.buffered.length + chunk.length);
    joined.set(this.buffered, 0);
    joined.set(chunk, this.buffered.length);
    this.buffered = joined;
  }

  /** The next `count` bytes, or undefined (and nothing taken) while fewer have arrived. */
  take(count: number): Uint8Array | undefined {
    if (this.buffered.length < count) return undefined;
    const taken = this.buffered.subarray(0, count);
    this.buffered = this.buffered.subarray(count);
    return taken;
  }
}
