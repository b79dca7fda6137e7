import { ParameterError, PayloadTooLargeError } from '../../errors';
import { ascii, ByteWriter } from '../byteWriter';

/*
 * HTTP/2 frames (RFC 9113 §4.1), written byte for byte:
 *
 *  +-----------------------------------------------+
 *  |                 Length (24)                   |
 *  +---------------+---------------+---------------+
 *  |   Type (8)    |   Flags (8)   |
 *  +-+-------------+---------------+-------------------------------+
 *  |R|                 Stream Identifier (31)                      |
 *  +=+=============================================================+
 *  |                   Frame Payload (0...)                      ...
 *  +---------------------------------------------------------------+
 */

export const FRAME_HEADER_BYTES = 9;

/** Frame types (RFC 9113 §6). */
export const FRAME_TYPES = {
  DATA: 0x0, HEADERS: 0x1, PRIORITY: 0x2, RST_STREAM: 0x3, SETTINGS: 0x4,
  PUSH_PROMISE: 0x5, PING: 0x6, GOAWAY: 0x7, WINDOW_UPDATE: 0x8, CONTINUATION: 0x9,
} as const;
export type FrameTypeName = keyof typeof FRAME_TYPES;
export const FRAME_TYPE_NAMES = new Map<number, FrameTypeName>(Object.entries(FRAME_TYPES).map(([name, code]) => [code, name as FrameTypeName]));

/** Flags (RFC 9113 §6): END_STREAM and ACK share bit 0 on different frame types. */
export const FLAGS = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const;

/** SETTINGS parameters (RFC 9113 §6.5.2). */
export const SETTINGS = {
  HEADER_TABLE_SIZE: 0x1, ENABLE_PUSH: 0x2, MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4, MAX_FRAME_SIZE: 0x5, MAX_HEADER_LIST_SIZE: 0x6,
} as const;

/** Error codes for RST_STREAM and GOAWAY (RFC 9113 §7). */
export const ERROR_CODES = {
  NO_ERROR: 0x0, PROTOCOL_ERROR: 0x1, INTERNAL_ERROR: 0x2, FLOW_CONTROL_ERROR: 0x3, SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5, FRAME_SIZE_ERROR: 0x6, REFUSED_STREAM: 0x7, CANCEL: 0x8, COMPRESSION_ERROR: 0x9,
  CONNECT_ERROR: 0xa, ENHANCE_YOUR_CALM: 0xb, INADEQUATE_SECURITY: 0xc, HTTP_1_1_REQUIRED: 0xd,
} as const;
export type ErrorCodeName = keyof typeof ERROR_CODES;
/** An error code's name, or `error <n>` for a code RFC 9113 §7 does not define (§7: an unknown code is not an error). */
export function errorCodeName(code: number): string {
  return (Object.keys(ERROR_CODES) as ErrorCodeName[]).find((name) => ERROR_CODES[name] === code) ?? `error ${code}`;
}

/** The client's first 24 bytes on a connection, before its SETTINGS (RFC 9113 §3.4). */
export const CONNECTION_PREFACE = ascii('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/** SETTINGS_MAX_FRAME_SIZE starts at 2^14 and may be raised to 2^24 - 1 (RFC 9113 §6.5.2). */
export const DEFAULT_MAX_FRAME_SIZE = 16_384;
export const LARGEST_MAX_FRAME_SIZE = 16_777_215;
/** Flow-control windows start at 65,535 and never exceed 2^31 - 1 (RFC 9113 §6.9.1, §6.9.2). */
export const DEFAULT_WINDOW_SIZE = 65_535;
export const MAX_WINDOW_SIZE = 2_147_483_647;

/** A stream dependency (RFC 9113 §5.3.2, deprecated but still sent by Chromium in HEADERS). */
export interface PrioritySignal {
  exclusive: boolean;
  dependsOn: number;
  /** 1-256, sent as weight - 1. */
  weight: number;
}

function checkStreamId(streamId: number, allowZero: boolean): void {
  if (!Number.isInteger(streamId) || streamId < (allowZero ? 0 : 1) || streamId > MAX_WINDOW_SIZE) {
    throw new ParameterError('streamId', streamId, `an integer from ${allowZero ? 0 : 1} to 2^31 - 1 (RFC 9113 §5.1.1)`);
  }
}

function checkPadding(padLength: number | undefined): void {
  if (padLength !== undefined && (!Number.isInteger(padLength) || padLength < 0 || padLength > 255)) {
    throw new ParameterError('padLength', padLength, 'an integer from 0 to 255 (RFC 9113 §6.1)');
  }
}

/** Any frame: the 9-byte header and the payload. */
export function encodeFrame(type: number, flags: number, streamId: number, payload: Uint8Array): Uint8Array {
  if (payload.length > LARGEST_MAX_FRAME_SIZE) throw new PayloadTooLargeError('payload', payload.length, LARGEST_MAX_FRAME_SIZE, 'HTTP/2 frame, RFC 9113 §4.1');
  // Written in place rather than through a ByteWriter: every simulated h2 message passes here.
  const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  frame[0] = payload.length >>> 16;
  frame[1] = (payload.length >>> 8) & 0xff;
  frame[2] = payload.length & 0xff;
  frame[3] = type;
  frame[4] = flags;
  frame[5] = (streamId >>> 24) & 0x7f;
  frame[6] = (streamId >>> 16) & 0xff;
  frame[7] = (streamId >>> 8) & 0xff;
  frame[8] = streamId & 0xff;
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/** DATA (RFC 9113 §6.1), optionally padded: a Pad Length byte, the data, then that many zero bytes. */
export function encodeData(streamId: number, data: Uint8Array, options: { endStream?: boolean; padLength?: number } = {}): Uint8Array {
  checkStreamId(streamId, false);
  checkPadding(options.padLength);
  const flags = (options.endStream ? FLAGS.END_STREAM : 0) | (options.padLength !== undefined ? FLAGS.PADDED : 0);
  return encodeFrame(FRAME_TYPES.DATA, flags, streamId, padded(data, options.padLength));
}

function padded(body: Uint8Array, padLength: number | undefined, prefix?: Uint8Array): Uint8Array {
  if (padLength === undefined && prefix === undefined) return body;
  const writer = new ByteWriter();
  if (padLength !== undefined) writer.u8(padLength);
  if (prefix) writer.bytes(prefix);
  writer.bytes(body);
  if (padLength !== undefined) writer.bytes(new Uint8Array(padLength));
  return writer.finish();
}

function priorityBytes(priority: PrioritySignal): Uint8Array {
  checkStreamId(priority.dependsOn, true);
  if (!Number.isInteger(priority.weight) || priority.weight < 1 || priority.weight > 256) throw new ParameterError('weight', priority.weight, 'an integer from 1 to 256 (RFC 9113 §5.3.2)');
  return new ByteWriter().u32(((priority.exclusive ? 0x80000000 : 0) | priority.dependsOn) >>> 0).u8(priority.weight - 1).finish();
}

export interface HeadersOptions {
  endStream?: boolean;
  priority?: PrioritySignal;
  padLength?: number;
  /** The peer's SETTINGS_MAX_FRAME_SIZE: a longer block continues in CONTINUATION frames (RFC 9113 §6.10). */
  maxFrameSize?: number;
}

/**
 * HEADERS (RFC 9113 §6.2) carrying a header block, followed by as many CONTINUATION frames as
 * the peer's maximum frame size requires; END_HEADERS is set on the last of them.
 */
export function encodeHeaders(streamId: number, block: Uint8Array, options: HeadersOptions = {}): Uint8Array[] {
  checkStreamId(streamId, false);
  checkPadding(options.padLength);
  const maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  if (!Number.isInteger(maxFrameSize) || maxFrameSize < DEFAULT_MAX_FRAME_SIZE || maxFrameSize > LARGEST_MAX_FRAME_SIZE) {
    throw new ParameterError('maxFrameSize', maxFrameSize, 'an integer from 2^14 to 2^24 - 1 (RFC 9113 §6.5.2)');
  }
  const prefix = options.priority ? priorityBytes(options.priority) : undefined;
  const overhead = (prefix?.length ?? 0) + (options.padLength !== undefined ? 1 + options.padLength : 0);
  const firstFragment = Math.max(0, Math.min(block.length, maxFrameSize - overhead));
  const frames: Uint8Array[] = [];
  const last = firstFragment === block.length;
  const flags = (options.endStream ? FLAGS.END_STREAM : 0) | (last ? FLAGS.END_HEADERS : 0) | (options.padLength !== undefined ? FLAGS.PADDED : 0) | (prefix ? FLAGS.PRIORITY : 0);
  frames.push(encodeFrame(FRAME_TYPES.HEADERS, flags, streamId, padded(block.subarray(0, firstFragment), options.padLength, prefix)));
  for (let offset = firstFragment; offset < block.length; offset += maxFrameSize) {
    const end = Math.min(offset + maxFrameSize, block.length);
    frames.push(encodeFrame(FRAME_TYPES.CONTINUATION, end === block.length ? FLAGS.END_HEADERS : 0, streamId, block.subarray(offset, end)));
  }
  return frames;
}

/** PRIORITY (RFC 9113 §6.3): five bytes of dependency and weight. */
export function encodePriority(streamId: number, priority: PrioritySignal): Uint8Array {
  checkStreamId(streamId, false);
  return encodeFrame(FRAME_TYPES.PRIORITY, 0, streamId, priorityBytes(priority));
}

/** RST_STREAM (RFC 9113 §6.4): the error code that ends one stream. */
export function encodeRstStream(streamId: number, errorCode: ErrorCodeName): Uint8Array {
  checkStreamId(streamId, false);
  return encodeFrame(FRAME_TYPES.RST_STREAM, 0, streamId, new ByteWriter().u32(ERROR_CODES[errorCode]).finish());
}

/** SETTINGS (RFC 9113 §6.5): identifier and value pairs, six bytes each, in the order given. */
export function encodeSettings(settings: readonly (readonly [number, number])[]): Uint8Array {
  const writer = new ByteWriter();
  for (const [identifier, value] of settings) writer.u16(identifier).u32(value);
  return encodeFrame(FRAME_TYPES.SETTINGS, 0, 0, writer.finish());
}

/** The empty SETTINGS with ACK that acknowledges the peer's SETTINGS (RFC 9113 §6.5.3). */
export function encodeSettingsAck(): Uint8Array {
  return encodeFrame(FRAME_TYPES.SETTINGS, FLAGS.ACK, 0, new Uint8Array(0));
}

/** PING (RFC 9113 §6.7): eight opaque bytes, echoed back with ACK. */
export function encodePing(opaque: Uint8Array, ack = false): Uint8Array {
  if (opaque.length !== 8) throw new ParameterError('opaque', opaque.length, '8 bytes (RFC 9113 §6.7)');
  return encodeFrame(FRAME_TYPES.PING, ack ? FLAGS.ACK : 0, 0, opaque);
}

/** GOAWAY (RFC 9113 §6.8): the last stream the sender processed, an error code and optional debug data. */
export function encodeGoaway(lastStreamId: number, errorCode: ErrorCodeName, debugData: Uint8Array = new Uint8Array(0)): Uint8Array {
  checkStreamId(lastStreamId, true);
  return encodeFrame(FRAME_TYPES.GOAWAY, 0, 0, new ByteWriter().u32(lastStreamId).u32(ERROR_CODES[errorCode]).bytes(debugData).finish());
}

/** WINDOW_UPDATE (RFC 9113 §6.9): a credit of 1 to 2^31 - 1 bytes for a stream, or for the connection on stream 0. */
export function encodeWindowUpdate(streamId: number, increment: number): Uint8Array {
  checkStreamId(streamId, true);
  if (!Number.isInteger(increment) || increment < 1 || increment > MAX_WINDOW_SIZE) throw new ParameterError('increment', increment, 'an integer from 1 to 2^31 - 1 (RFC 9113 §6.9)');
  return encodeFrame(FRAME_TYPES.WINDOW_UPDATE, 0, streamId, new ByteWriter().u32(increment).finish());
}
