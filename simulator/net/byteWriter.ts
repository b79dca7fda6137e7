/** A growable big-endian byte builder for the wire formats the protocols and the exporter write (network byte order). */
export class ByteWriter {
  private buffer = new Uint8Array(256);
  private used = 0;

  get length(): number {
    return this.used;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.used + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.used));
    this.buffer = next;
  }

  u8(value: number): this {
    this.reserve(1);
    this.buffer[this.used++] = value & 0xff;
    return this;
  }

  u16(value: number): this {
    return this.u8(value >>> 8).u8(value);
  }

  u24(value: number): this {
    return this.u8(value >>> 16).u16(value & 0xffff);
  }

  u32(value: number): this {
    return this.u16(value >>> 16).u16(value & 0xffff);
  }

  bytes(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.used);
    this.used += data.length;
    return this;
  }

  /** A vector with a length prefix of `prefixBytes` (1, 2 or 3), as TLS and DNS write them. */
  vector(prefixBytes: 1 | 2 | 3, data: Uint8Array): this {
    if (prefixBytes === 1) this.u8(data.length);
    else if (prefixBytes === 2) this.u16(data.length);
    else this.u24(data.length);
    return this.bytes(data);
  }

  /** Overwrites a 16-bit field already written (checksums). */
  setU16(offset: number, value: number): void {
    this.buffer[offset] = (value >>> 8) & 0xff;
    this.buffer[offset + 1] = value & 0xff;
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.used);
  }
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}
