/*
 * The classic hex view of a message's bytes, as hexdump -C and protocol analysers print it:
 * an offset, sixteen bytes in hex (two groups of eight) and the printable ASCII. A narrow
 * panel asks for eight bytes a line instead.
 */

export interface HexLine {
  /** Offset of the line's first byte, 8 hex digits. */
  offset: string;
  /** Space-separated byte values, padded to the full line width so columns align. */
  hex: string;
  /** Printable ASCII (0x20 to 0x7e), a dot for every other byte. */
  ascii: string;
}

export interface HexDump {
  lines: HexLine[];
  totalBytes: number;
  /** Bytes not shown because the dump stops at `maxBytes`. */
  omittedBytes: number;
}

/** Parses a hex string; anything that is not an even-length run of hex digits gives no bytes. */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return new Uint8Array(0);
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) bytes[index] = parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

/** Lays out the bytes of `payloadHex` as hex dump lines; at most `maxBytes` are shown. */
export function hexDump(payloadHex: string, maxBytes = 4096, bytesPerLine: 8 | 16 = 16): HexDump {
  const bytes = hexToBytes(payloadHex);
  const shown = Math.min(bytes.length, maxBytes);
  const lines: HexLine[] = [];
  // hexdump -C's extra space between the two groups of eight (none on an eight-byte line).
  const gapAt = bytesPerLine === 16 ? 8 : -1;
  const width = bytesPerLine * 3 - 1 + (gapAt > 0 ? 1 : 0);
  for (let start = 0; start < shown; start += bytesPerLine) {
    const end = Math.min(start + bytesPerLine, shown);
    let hex = '';
    let ascii = '';
    for (let index = start; index < start + bytesPerLine; index++) {
      if (index === start + gapAt) hex += ' ';
      if (index < end) {
        const byte = bytes[index];
        hex += `${byte.toString(16).padStart(2, '0')} `;
        ascii += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : '.';
      } else {
        hex += '   ';
      }
    }
    lines.push({ offset: start.toString(16).padStart(8, '0'), hex: hex.trimEnd().padEnd(width, ' '), ascii });
  }
  return { lines, totalBytes: bytes.length, omittedBytes: bytes.length - shown };
}

/** The whole dump as text, as hexdump -C prints it (`offset  bytes  |ascii|`), for the clipboard. */
export function hexDumpText(payloadHex: string): string {
  return hexDump(payloadHex, Number.POSITIVE_INFINITY).lines.map((line) => `${line.offset}  ${line.hex}  |${line.ascii}|`).join('\n');
}
