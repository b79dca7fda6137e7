import { HpackError } from './hpackError';

/*
 * The HPACK Huffman code (RFC 7541 §5.2, Appendix B). The code is canonical: codes of one
 * length are consecutive and ordered by symbol, and each length starts where the previous one
 * ended, shifted left. So the 257 code lengths of Appendix B (256 octets and EOS) are enough to
 * rebuild every code; the table below is those lengths, symbol by symbol.
 */
const CODE_LENGTHS: readonly number[] = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,];

/** The end-of-string symbol: never encoded inside a string, and a decoding error if found (RFC 7541 §5.2). */
const EOS = 256;

/** Codes by symbol, and the canonical decoding tables by length. */
const CODES: number[] = new Array<number>(257).fill(0);
const FIRST_CODE: number[] = new Array<number>(31).fill(0);
const COUNT: number[] = new Array<number>(31).fill(0);
const FIRST_SLOT: number[] = new Array<number>(31).fill(0);
const SYMBOLS_BY_CODE: number[] = [];
{
  const order = [...CODE_LENGTHS.keys()].sort((a, b) => CODE_LENGTHS[a] - CODE_LENGTHS[b] || a - b);
  let code = 0;
  let length = CODE_LENGTHS[order[0]];
  for (let i = 0; i < order.length; i++) {
    const symbol = order[i];
    if (i > 0) code = (code + 1) * 2 ** (CODE_LENGTHS[symbol] - length);
    length = CODE_LENGTHS[symbol];
    CODES[symbol] = code;
    if (COUNT[length] === 0) {
      FIRST_CODE[length] = code;
      FIRST_SLOT[length] = SYMBOLS_BY_CODE.length;
    }
    COUNT[length]++;
    SYMBOLS_BY_CODE.push(symbol);
  }
}

function octet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code > 0xff) throw new RangeError(`HPACK strings are octets: character ${code} at ${index} is not one`);
  return code;
}

/** Bytes the Huffman coding of `text` (one octet per character) takes, padding included. */
export function huffmanLength(text: string): number {
  let bits = 0;
  for (let i = 0; i < text.length; i++) bits += CODE_LENGTHS[octet(text, i)];
  return Math.ceil(bits / 8);
}

/** Appends the Huffman coding of `text`, padded to a whole byte with the most significant bits of EOS: all ones. */
export function writeHuffman(out: number[], text: string): void {
  // At most 7 bits are pending between symbols. A code of up to 24 bits joins them within 31 bits,
  // so 32-bit integer operations serve; the rare longer codes (control and high octets) are fed in two halves.
  let pending = 0;
  let pendingBits = 0;
  const feed = (code: number, length: number): void => {
    pending = (pending << length) | code;
    pendingBits += length;
    while (pendingBits >= 8) {
      pendingBits -= 8;
      out.push((pending >>> pendingBits) & 0xff);
    }
    pending &= (1 << pendingBits) - 1;
  };
  for (let i = 0; i < text.length; i++) {
    const symbol = octet(text, i);
    const length = CODE_LENGTHS[symbol];
    if (length <= 24) feed(CODES[symbol], length);
    else {
      feed(Math.floor(CODES[symbol] / 2 ** 15), length - 15);
      feed(CODES[symbol] & 0x7fff, 15);
    }
  }
  if (pendingBits > 0) out.push((pending << (8 - pendingBits)) | ((1 << (8 - pendingBits)) - 1));
}

/**
 * Decodes `bytes[start, end)`. Errors, as RFC 7541 §5.2 requires: the EOS symbol inside the
 * string, padding longer than 7 bits, or padding that is not the most significant bits of EOS.
 */
export function decodeHuffman(bytes: Uint8Array, start: number, end: number): string {
  const out: number[] = [];
  let code = 0;
  let length = 0;
  for (let i = start; i < end; i++) {
    for (let bit = 7; bit >= 0; bit--) {
      code = code * 2 + ((bytes[i] >> bit) & 1);
      length++;
      if (length > 30) throw new HpackError('HPACK_ERR_HUFFMAN', 'no Huffman code is longer than 30 bits', 'RFC 7541 Appendix B');
      const slot = code - FIRST_CODE[length];
      if (COUNT[length] > 0 && slot >= 0 && slot < COUNT[length]) {
        const symbol = SYMBOLS_BY_CODE[FIRST_SLOT[length] + slot];
        if (symbol === EOS) throw new HpackError('HPACK_ERR_HUFFMAN', 'EOS symbol inside a Huffman string', 'RFC 7541 §5.2');
        out.push(symbol);
        code = 0;
        length = 0;
      }
    }
  }
  if (length > 7) throw new HpackError('HPACK_ERR_HUFFMAN', `Huffman padding of ${length} bits, more than 7`, 'RFC 7541 §5.2');
  if (code !== 2 ** length - 1) throw new HpackError('HPACK_ERR_HUFFMAN', 'Huffman padding is not the prefix of EOS', 'RFC 7541 §5.2');
  return String.fromCharCode(...out);
}
