/*
 * The pcapng container (draft-ietf-opsawg-pcapng): a Section Header Block, one Interface
 * Description Block, then one Enhanced Packet Block per frame. Little-endian throughout
 * (the byte-order magic says so), every block and option padded to 32 bits.
 *
 *   block: | type 4 | total length 4 | body ... | total length 4 |
 */

const SECTION_HEADER = 0x0a0d0d0a;
const INTERFACE_DESCRIPTION = 0x00000001;
const ENHANCED_PACKET = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** LINKTYPE_ETHERNET (tcpdump.org link-layer header types). */
export const LINKTYPE_ETHERNET = 1;

const OPT_COMMENT = 1;
const SHB_USER_APPLICATION = 4;
const IF_NAME = 2;
const IF_TSRESOL = 9;

export interface CaptureFrame {
  /** Nanoseconds since the Unix epoch. */
  timestampNs: bigint;
  data: Uint8Array;
  /** Length on the wire when `data` holds only its first bytes (default: all of it). */
  originalLength?: number;
  /** Shown by Wireshark as the packet comment (`frame.comment`). */
  comment?: string;
}

export interface CaptureDescription {
  application: string;
  interfaceName: string;
  comment?: string;
}

function padded(length: number): number {
  return (length + 3) & ~3;
}

function option(code: number, value: Uint8Array): Buffer {
  const out = Buffer.alloc(4 + padded(value.length));
  out.writeUInt16LE(code, 0);
  out.writeUInt16LE(value.length, 2);
  out.set(value, 4);
  return out;
}

function options(list: Buffer[]): Buffer {
  if (list.length === 0) return Buffer.alloc(0);
  return Buffer.concat([...list, Buffer.alloc(4)]); // opt_endofopt
}

function block(type: number, body: Buffer): Buffer {
  const total = 12 + body.length;
  const out = Buffer.alloc(total);
  out.writeUInt32LE(type, 0);
  out.writeUInt32LE(total, 4);
  body.copy(out, 8);
  out.writeUInt32LE(total, total - 4);
  return out;
}

function text(value: string): Uint8Array {
  return Buffer.from(value, 'utf8');
}

function sectionHeader(description: CaptureDescription): Buffer {
  const fixed = Buffer.alloc(16);
  fixed.writeUInt32LE(BYTE_ORDER_MAGIC, 0);
  fixed.writeUInt16LE(1, 4); // major version
  fixed.writeUInt16LE(0, 6); // minor version
  fixed.writeBigInt64LE(-1n, 8); // section length not given
  const list = [
    ...(description.comment ? [option(OPT_COMMENT, text(description.comment))] : []),
    option(SHB_USER_APPLICATION, text(description.application)),
  ];
  return block(SECTION_HEADER, Buffer.concat([fixed, options(list)]));
}

function interfaceDescription(description: CaptureDescription): Buffer {
  const fixed = Buffer.alloc(8);
  fixed.writeUInt16LE(LINKTYPE_ETHERNET, 0);
  fixed.writeUInt32LE(0, 4); // snap length: unlimited
  // Timestamps in nanoseconds (10^-9): simulated times have sub-microsecond parts.
  const list = [option(IF_NAME, text(description.interfaceName)), option(IF_TSRESOL, Uint8Array.of(9))];
  return block(INTERFACE_DESCRIPTION, Buffer.concat([fixed, options(list)]));
}

function enhancedPacket(frame: CaptureFrame): Buffer {
  const fixed = Buffer.alloc(20);
  fixed.writeUInt32LE(0, 0); // interface 0
  fixed.writeUInt32LE(Number(frame.timestampNs >> 32n), 4);
  fixed.writeUInt32LE(Number(frame.timestampNs & 0xffffffffn), 8);
  fixed.writeUInt32LE(frame.data.length, 12); // captured length
  fixed.writeUInt32LE(frame.originalLength ?? frame.data.length, 16); // original length
  const data = Buffer.alloc(padded(frame.data.length));
  data.set(frame.data);
  return block(ENHANCED_PACKET, Buffer.concat([fixed, data, options(frame.comment ? [option(OPT_COMMENT, text(frame.comment))] : [])]));
}

/** A whole capture file: no wall-clock time or host name goes in, so the same frames give the same bytes. */
export function encodePcapng(description: CaptureDescription, frames: readonly CaptureFrame[]): Uint8Array {
  return Buffer.concat([sectionHeader(description), interfaceDescription(description), ...frames.map(enhancedPacket)]);
}
