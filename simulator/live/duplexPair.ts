import { Duplex } from 'node:stream';

/**
 * Two connected in-memory stream ends: what one writes, the other reads; ending one ends the
 * other's readable side. The emulator hands one end to its HTTP/WebSocket tier as the
 * connection, so the plaintext reaches it without a second trip through the kernel.
 */
class DuplexEnd extends Duplex {
  peer!: DuplexEnd;

  override _read(): void {
    // Data is pushed by the peer's writes.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.peer.push(chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.peer.destroyed) this.peer.destroy();
    callback(error);
  }
}

export function duplexPair(): [Duplex, Duplex] {
  const left = new DuplexEnd();
  const right = new DuplexEnd();
  left.peer = right;
  right.peer = left;
  return [left, right];
}
