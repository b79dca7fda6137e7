import { DynamicTable } from './dynamicTable';
import { decodeHuffman } from './huffman';
import { HpackError } from './hpackError';
import { readInteger } from './integer';
import { STATIC_TABLE, STATIC_TABLE_LENGTH } from './staticTable';

/** A decoded field: name and value as octet strings (one character per octet). */
export type HeaderField = readonly [string, string];

/*
 * The five representations of RFC 7541 §6, told apart by their first bits:
 *
 *   1xxxxxxx  indexed field (§6.1)                   7-bit index
 *   01xxxxxx  literal with incremental indexing (§6.2.1)  6-bit name index, 0 = literal name
 *   001xxxxx  dynamic table size update (§6.3)       5-bit size
 *   0001xxxx  literal never indexed (§6.2.3)         4-bit name index
 *   0000xxxx  literal without indexing (§6.2.2)      4-bit name index
 */

/**
 * An HPACK decoder: one per direction of a connection, holding that direction's dynamic table.
 * `settingsLimit` is the SETTINGS_HEADER_TABLE_SIZE this side announced, the most a size update may ask for (§4.2).
 */
export class HpackDecoder {
  readonly table: DynamicTable;

  constructor(private settingsLimit = 4096) {
    this.table = new DynamicTable(settingsLimit);
  }

  /** Decodes one complete header block (the fragments of HEADERS and its CONTINUATIONs joined). */
  decode(block: Uint8Array): HeaderField[] {
    const fields: HeaderField[] = [];
    let offset = 0;
    while (offset < block.length) {
      const first = block[offset];
      if (first & 0x80) {
        const { value: index, next } = readInteger(block, offset, 7);
        fields.push(this.field(index));
        offset = next;
      } else if ((first & 0xe0) === 0x20) {
        // A size update must come before the first field of a block (RFC 7541 §4.2).
        if (fields.length > 0) throw new HpackError('HPACK_ERR_TABLE_SIZE_UPDATE', 'dynamic table size update after a header field', 'RFC 7541 §4.2');
        const { value: size, next } = readInteger(block, offset, 5);
        if (size > this.settingsLimit) throw new HpackError('HPACK_ERR_TABLE_SIZE_UPDATE', `table size ${size} above the SETTINGS_HEADER_TABLE_SIZE of ${this.settingsLimit}`, 'RFC 7541 §6.3');
        this.table.setMaxSize(size);
        offset = next;
      } else {
        const indexing = (first & 0xc0) === 0x40;
        const { value: nameIndex, next } = readInteger(block, offset, indexing ? 6 : 4);
        offset = next;
        let name: string;
        if (nameIndex === 0) {
          const literal = readString(block, offset);
          name = literal.text;
          offset = literal.next;
        } else {
          name = this.field(nameIndex)[0];
        }
        const value = readString(block, offset);
        offset = value.next;
        fields.push([name, value.text]);
        if (indexing) this.table.add(name, value.text);
      }
    }
    return fields;
  }

  /** This side announced a new SETTINGS_HEADER_TABLE_SIZE: the encoder must follow with a size update (RFC 7541 §4.2). */
  setSettingsLimit(limit: number): void {
    this.settingsLimit = limit;
  }

  private field(index: number): HeaderField {
    if (index === 0) throw new HpackError('HPACK_ERR_INDEX', 'index 0 is not a table entry', 'RFC 7541 §6.1');
    if (index <= STATIC_TABLE_LENGTH) return STATIC_TABLE[index - 1];
    const entry = this.table.at(index);
    if (!entry) throw new HpackError('HPACK_ERR_INDEX', `index ${index} beyond the ${STATIC_TABLE_LENGTH + this.table.length} entries of the tables`, 'RFC 7541 §2.3.3');
    return entry;
  }
}

/** A string literal (RFC 7541 §5.2): H bit, 7-bit-prefix length, then the octets, Huffman-coded when H is set. */
function readString(block: Uint8Array, offset: number): { text: string; next: number } {
  if (offset >= block.length) throw new HpackError('HPACK_ERR_TRUNCATED', 'header block ends before a string literal', 'RFC 7541 §5.2');
  const huffman = (block[offset] & 0x80) !== 0;
  const { value: length, next } = readInteger(block, offset, 7);
  const end = next + length;
  if (end > block.length) throw new HpackError('HPACK_ERR_TRUNCATED', `string literal of ${length} bytes runs past the block`, 'RFC 7541 §5.2');
  const text = huffman ? decodeHuffman(block, next, end) : latin1(block, next, end);
  return { text, next: end };
}

function latin1(block: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(block[i]);
  return text;
}
