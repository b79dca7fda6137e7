import { HpackError } from './hpackError';

/*
 * HPACK integers (RFC 7541 §5.1): a value that fits in the N-bit prefix of the first byte is
 * stored there; otherwise the prefix is all ones and the rest follows 7 bits per byte, least
 * significant group first, with the high bit set on every byte but the last.
 */

/** The largest integer the decoder accepts: a table index or string length beyond 2^32 - 1 is an attack, not a header. */
export const MAX_HPACK_INTEGER = 0xffffffff;

/** Appends `value` with an N-bit prefix; `flags` holds the representation's pattern in the bits above the prefix. */
export function writeInteger(out: number[], value: number, prefixBits: number, flags: number): void {
  const limit = (1 << prefixBits) - 1;
  if (value < limit) {
    out.push(flags | value);
    return;
  }
  out.push(flags | limit);
  let rest = value - limit;
  while (rest >= 128) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

/** Bytes `writeInteger` uses for `value` with an N-bit prefix. */
export function integerLength(value: number, prefixBits: number): number {
  const limit = (1 << prefixBits) - 1;
  if (value < limit) return 1;
  let length = 2;
  for (let rest = value - limit; rest >= 128; rest = Math.floor(rest / 128)) length++;
  return length;
}

/** Reads an integer whose N-bit prefix starts at `offset`; returns the value and the offset after it. */
export function readInteger(block: Uint8Array, offset: number, prefixBits: number): { value: number; next: number } {
  if (offset >= block.length) throw new HpackError('HPACK_ERR_TRUNCATED', 'header block ends inside an integer', 'RFC 7541 §5.1');
  const limit = (1 << prefixBits) - 1;
  let value = block[offset] & limit;
  let next = offset + 1;
  if (value < limit) return { value, next };
  let scale = 1;
  for (;;) {
    if (next >= block.length) throw new HpackError('HPACK_ERR_TRUNCATED', 'header block ends inside an integer', 'RFC 7541 §5.1');
    const byte = block[next++];
    value += (byte & 0x7f) * scale;
    if (value > MAX_HPACK_INTEGER) throw new HpackError('HPACK_ERR_INTEGER_OVERFLOW', `integer beyond ${MAX_HPACK_INTEGER}`, 'RFC 7541 §5.1');
    if ((byte & 0x80) === 0) return { value, next };
    scale *= 128;
  }
}
