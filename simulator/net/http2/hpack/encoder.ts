import { ParameterError } from '../../../errors';
import type { HeaderField } from './decoder';
import { DynamicTable, entrySize } from './dynamicTable';
import { huffmanLength, writeHuffman } from './huffman';
import { writeInteger } from './integer';
import { staticExactIndex, staticNameIndex } from './staticTable';

/** How a literal field is sent (RFC 7541 §6.2): added to the table, not added, or never to be added by any intermediary. */
export type IndexingMode = 'incremental' | 'without' | 'never';

/**
 * Whose encoder the bytes imitate:
 * - `nghttp2`: lib/nghttp2_hd.c (nghttp2 1.x, used by Node's http2 and by curl);
 * - `chromium`: quiche/http2/hpack/hpack_encoder.cc (Chromium's net/third_party/quiche).
 */
export type HpackStyle = 'nghttp2' | 'chromium';

export interface HpackEncoderOptions {
  style: HpackStyle;
  /**
   * The most this encoder lets its dynamic table grow to, whatever the peer allows: nghttp2's
   * `max_deflate_dynamic_table_size`, 4096 by default (NGHTTP2_HD_DEFAULT_MAX_DEFLATE_BUFFER_SIZE).
   */
  maxTableSize?: number;
  /**
   * A table size already in force when this encoder's first block is written, as if an earlier
   * block had announced it: RFC 7541 C.5 and C.6 start at 256 with no size update in their bytes.
   */
  agreedTableSize?: number;
  /** Replaces the style's indexing choice (RFC 7541 Appendix C indexes every literal, for example). */
  indexing?: (name: string, value: string, tableLimit: number) => IndexingMode;
  /**
   * `shorter` (both styles, the default): Huffman only when strictly shorter than the octets;
   * `always` and `never`: what RFC 7541 Appendix C.4/C.6 and C.3/C.5 do with every literal.
   */
  huffman?: 'shorter' | 'always' | 'never';
}

/** Header fields nghttp2 never adds to the table (hd_deflate_decide_indexing in lib/nghttp2_hd.c): values that change on every message. */
const NGHTTP2_WITHOUT_INDEXING = new Set([':path', 'age', 'content-length', 'etag', 'if-modified-since', 'if-none-match', 'location', 'set-cookie']);

/**
 * nghttp2's choice (deflate_nv and hd_deflate_decide_indexing in lib/nghttp2_hd.c):
 * - never indexed: `authorization` (it may hold a low-entropy secret), and `cookie` values under 20 bytes
 *   ("the same criteria used in Firefox codebase", says the source);
 * - without indexing: the names above, and any entry larger than 3/4 of the table;
 * - otherwise incremental indexing.
 */
export function nghttp2Indexing(name: string, value: string, tableLimit: number): IndexingMode {
  if (name === 'authorization' || (name === 'cookie' && value.length < 20)) return 'never';
  if (NGHTTP2_WITHOUT_INDEXING.has(name) || entrySize(name, value) > Math.floor((tableLimit * 3) / 4)) return 'without';
  return 'incremental';
}

/**
 * Chromium's DefaultPolicy (quiche hpack_encoder.cc): every regular header is indexed, with no
 * size limit and no exclusions (cookie and authorization included); of the pseudo-headers only
 * `:authority`, "always present and rarely changes". Fields that are not indexed go out without
 * indexing, never as never-indexed.
 */
export function chromiumIndexing(name: string): IndexingMode {
  if (name.startsWith(':')) return name === ':authority' ? 'incremental' : 'without';
  return 'incremental';
}

/**
 * Chromium's cookie crumbling (HpackEncoder::CookieToCrumbs, after RFC 9113 §8.2.3): the value is
 * trimmed of spaces and tabs and split at each `;`, one space after it dropped, so each crumb can be indexed on its own.
 */
export function cookieCrumbs(value: string): string[] {
  const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, '');
  const crumbs: string[] = [];
  for (let position = 0; ;) {
    const end = trimmed.indexOf(';', position);
    if (end === -1) {
      crumbs.push(trimmed.slice(position));
      return crumbs;
    }
    crumbs.push(trimmed.slice(position, end));
    position = end + 1;
    if (position !== trimmed.length && trimmed[position] === ' ') position++;
  }
}

/**
 * An HPACK encoder (RFC 7541) with the choices of nghttp2 or of Chromium: one per direction of
 * a connection, so that later header blocks on the connection refer to what earlier ones added.
 */
export class HpackEncoder {
  readonly table: DynamicTable;
  private readonly style: HpackStyle;
  private readonly ownLimit: number;
  private readonly indexing: (name: string, value: string, tableLimit: number) => IndexingMode;
  private readonly huffman: 'shorter' | 'always' | 'never';
  /** The size bound the peer's settings allow (Chromium's settings_size_bound). */
  private settingsBound = 4096;
  /** A size update is owed at the start of the next block, and the smallest size since the last one (RFC 7541 §4.2). */
  private sizeUpdatePending: boolean;
  private smallestLimitSinceUpdate = Infinity;

  constructor(options: HpackEncoderOptions) {
    this.style = options.style;
    this.ownLimit = options.maxTableSize ?? 4096;
    this.indexing = options.indexing ?? (options.style === 'nghttp2' ? nghttp2Indexing : chromiumIndexing);
    this.huffman = options.huffman ?? 'shorter';
    this.table = new DynamicTable(options.agreedTableSize ?? Math.min(this.ownLimit, 4096));
    // nghttp2_hd_deflate_init2: a deflater smaller than the 4096 default announces its size in its first block.
    this.sizeUpdatePending = options.agreedTableSize === undefined && this.ownLimit < 4096;
  }

  /**
   * The peer's SETTINGS carried SETTINGS_HEADER_TABLE_SIZE. nghttp2 (nghttp2_hd_deflate_change_table_size)
   * takes min(value, its own limit) and owes a size update whenever the setting arrives, even unchanged;
   * Chromium (ApplyHeaderTableSizeSetting) ignores a value equal to the current bound.
   */
  applyPeerTableSize(value: number): void {
    if (!Number.isInteger(value) || value < 0) throw new ParameterError('headerTableSize', value, 'an integer >= 0');
    if (this.style === 'chromium') {
      if (value === this.settingsBound) return;
      if (value < this.settingsBound) this.smallestLimitSinceUpdate = Math.min(this.smallestLimitSinceUpdate, value);
      this.settingsBound = value;
      this.table.setMaxSize(value);
    } else {
      const limit = Math.min(value, this.ownLimit);
      this.table.setMaxSize(limit);
      this.smallestLimitSinceUpdate = Math.min(this.smallestLimitSinceUpdate, limit);
    }
    this.sizeUpdatePending = true;
  }

  /** One header block. Names must already be lowercase (RFC 9113 §8.2.1); Chromium sends pseudo-headers first and cookies as crumbs. */
  encode(headers: readonly HeaderField[]): Uint8Array {
    const out: number[] = [];
    this.writeSizeUpdate(out);
    const fields = this.style === 'chromium' ? chromiumOrder(headers) : headers;
    for (const [name, value] of fields) this.writeField(out, name, value);
    return Uint8Array.from(out);
  }

  private writeSizeUpdate(out: number[]): void {
    if (!this.sizeUpdatePending) return;
    // The smallest size since the last update first, then the current one, so the decoder evicts what the encoder evicted (RFC 7541 §4.2).
    if (this.smallestLimitSinceUpdate < this.table.maxSize) writeInteger(out, this.smallestLimitSinceUpdate, 5, 0x20);
    writeInteger(out, this.table.maxSize, 5, 0x20);
    this.sizeUpdatePending = false;
    this.smallestLimitSinceUpdate = Infinity;
  }

  private writeField(out: number[], name: string, value: string): void {
    const mode = this.indexing(name, value, this.table.maxSize);
    // nghttp2 looks a never-indexed field up by name only (search_hd_table with name_only), so it is never sent as an index.
    const exactAllowed = !(this.style === 'nghttp2' && mode === 'never');
    const exact = exactAllowed ? staticExactIndex(name, value) || this.table.findExact(name, value) : 0;
    if (exact > 0) {
      writeInteger(out, exact, 7, 0x80);
      return;
    }
    // Both name a field by its first static entry before any dynamic one (nghttp2 search_static_table; quiche GetByName).
    const nameIndex = staticNameIndex(name) || this.table.findName(name);
    if (mode === 'incremental') writeInteger(out, nameIndex, 6, 0x40);
    else writeInteger(out, nameIndex, 4, mode === 'never' ? 0x10 : 0x00);
    if (nameIndex === 0) this.writeString(out, name);
    this.writeString(out, value);
    if (mode === 'incremental') this.table.add(name, value);
  }

  /** Huffman only when strictly shorter than the octets themselves (nghttp2 emit_string; quiche EmitString). */
  private writeString(out: number[], text: string): void {
    const coded = this.huffman === 'never' ? Infinity : huffmanLength(text);
    if (coded < text.length || this.huffman === 'always') {
      writeInteger(out, coded, 7, 0x80);
      writeHuffman(out, text);
    } else {
      writeInteger(out, text.length, 7, 0x00);
      for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i) & 0xff);
    }
  }
}

/** Pseudo-headers first, each group in its given order; the first cookie split into crumbs (HpackEncoder::EncodeHeaderBlock). */
function chromiumOrder(headers: readonly HeaderField[]): HeaderField[] {
  const pseudo: HeaderField[] = [];
  const regular: HeaderField[] = [];
  let cookieSeen = false;
  for (const [name, value] of headers) {
    if (name.startsWith(':')) pseudo.push([name, value]);
    else if (name === 'cookie' && !cookieSeen) {
      cookieSeen = true;
      for (const crumb of cookieCrumbs(value)) regular.push([name, crumb]);
    } else regular.push([name, value]);
  }
  return [...pseudo, ...regular];
}
