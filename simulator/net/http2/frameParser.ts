import { SimulatorError, type SimulatorErrorCode } from '../../errors';
import { ByteQueue } from '../byteQueue';
import {
  CONNECTION_PREFACE, DEFAULT_MAX_FRAME_SIZE, FLAGS, FRAME_HEADER_BYTES, FRAME_TYPE_NAMES, MAX_WINDOW_SIZE, SETTINGS,
  type ErrorCodeName, type FrameTypeName, type PrioritySignal,
} from './frames';

/** Bytes that break RFC 9113: `code` is machine-readable, `errorCode` what the peer would send in GOAWAY or RST_STREAM. */
export class Http2FrameError extends SimulatorError {
  constructor(
    override readonly code: Extract<SimulatorErrorCode, `H2_ERR_${string}`>,
    readonly errorCode: ErrorCodeName,
    readonly section: string,
    message: string,
  ) {
    super(code, `${message} (${section}: ${errorCode})`);
  }
}

interface FrameCommon {
  streamId: number;
  flags: number;
  /** Header plus payload bytes on the connection. */
  frameBytes: number;
}

/** A frame as the parser read it, its payload taken apart. */
export type ParsedFrame = FrameCommon & (
  | { type: 'DATA'; data: Uint8Array; endStream: boolean; padLength?: number }
  | { type: 'HEADERS'; fragment: Uint8Array; endStream: boolean; endHeaders: boolean; priority?: PrioritySignal; padLength?: number }
  | { type: 'PRIORITY'; priority: PrioritySignal }
  | { type: 'RST_STREAM'; errorCode: number }
  | { type: 'SETTINGS'; ack: boolean; settings: [number, number][] }
  | { type: 'PUSH_PROMISE'; promisedStreamId: number; fragment: Uint8Array; endHeaders: boolean }
  | { type: 'PING'; ack: boolean; opaque: Uint8Array }
  | { type: 'GOAWAY'; lastStreamId: number; errorCode: number; debugData: Uint8Array }
  | { type: 'WINDOW_UPDATE'; increment: number }
  | { type: 'CONTINUATION'; fragment: Uint8Array; endHeaders: boolean }
  /** A type this parser does not know: ignored, as RFC 9113 §4.1 and §5.5 require. */
  | { type: 'UNKNOWN'; typeCode: number; payload: Uint8Array }
);

type ParserState = 'GET_PREFACE' | 'GET_FRAME_HEADER' | 'GET_PAYLOAD';

/** Frames that belong to a stream and are a PROTOCOL_ERROR on stream 0, with the section that says so. */
const STREAM_FRAMES: Partial<Record<FrameTypeName, string>> = {
  DATA: 'RFC 9113 §6.1', HEADERS: 'RFC 9113 §6.2', PRIORITY: 'RFC 9113 §6.3', RST_STREAM: 'RFC 9113 §6.4',
  PUSH_PROMISE: 'RFC 9113 §6.6', CONTINUATION: 'RFC 9113 §6.10',
};
/** Frames of the connection itself, a PROTOCOL_ERROR on any other stream. */
const CONNECTION_FRAMES: Partial<Record<FrameTypeName, string>> = { SETTINGS: 'RFC 9113 §6.5', PING: 'RFC 9113 §6.7', GOAWAY: 'RFC 9113 §6.8' };
/** Frames of a fixed payload length, a FRAME_SIZE_ERROR otherwise. */
const FIXED_LENGTH: Partial<Record<FrameTypeName, [number, string]>> = {
  PRIORITY: [5, 'RFC 9113 §6.3'], RST_STREAM: [4, 'RFC 9113 §6.4'], PING: [8, 'RFC 9113 §6.7'], WINDOW_UPDATE: [4, 'RFC 9113 §6.9'],
};

/**
 * An incremental HTTP/2 frame parser: feed it bytes as they arrive, split anywhere; it returns
 * the frames completed so far and keeps the rest. A server-side parser first expects the client's
 * connection preface. Violations throw `Http2FrameError` with the RFC 9113 section and error code.
 */
export class Http2FrameParser {
  private state: ParserState;
  private readonly queue = new ByteQueue();
  private header = { length: 0, type: 0, flags: 0, streamId: 0 };
  /** The stream whose header block is still open: only its CONTINUATION may come next (RFC 9113 §6.10). */
  private continuing = 0;

  constructor(private readonly options: { expectPreface?: boolean; maxFrameSize?: number } = {}) {
    this.state = options.expectPreface ? 'GET_PREFACE' : 'GET_FRAME_HEADER';
  }

  push(chunk: Uint8Array): ParsedFrame[] {
    this.queue.append(chunk);
    const frames: ParsedFrame[] = [];
    while (this.step(frames));
    return frames;
  }

  private step(frames: ParsedFrame[]): boolean {
    switch (this.state) {
      case 'GET_PREFACE': {
        const bytes = this.queue.take(CONNECTION_PREFACE.length);
        if (!bytes) return false;
        if (!bytes.every((byte, i) => byte === CONNECTION_PREFACE[i])) {
          throw new Http2FrameError('H2_ERR_BAD_PREFACE', 'PROTOCOL_ERROR', 'RFC 9113 §3.4', 'the connection does not start with the client preface');
        }
        this.state = 'GET_FRAME_HEADER';
        return true;
      }
      case 'GET_FRAME_HEADER': {
        const bytes = this.queue.take(FRAME_HEADER_BYTES);
        if (!bytes) return false;
        this.header = {
          length: (bytes[0] << 16) | (bytes[1] << 8) | bytes[2],
          type: bytes[3],
          flags: bytes[4],
          // The reserved bit is ignored on receipt (RFC 9113 §4.1).
          streamId: ((bytes[5] & 0x7f) << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8],
        };
        this.checkHeader();
        this.state = 'GET_PAYLOAD';
        return true;
      }
      case 'GET_PAYLOAD': {
        const bytes = this.queue.take(this.header.length);
        if (!bytes) return false;
        frames.push(this.frame(Uint8Array.from(bytes)));
        this.state = 'GET_FRAME_HEADER';
        return true;
      }
    }
  }

  private checkHeader(): void {
    const { length, type, streamId } = this.header;
    const maxFrameSize = this.options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    if (length > maxFrameSize) throw new Http2FrameError('H2_ERR_FRAME_SIZE', 'FRAME_SIZE_ERROR', 'RFC 9113 §4.2', `frame of ${length} bytes exceeds SETTINGS_MAX_FRAME_SIZE ${maxFrameSize}`);
    const name = FRAME_TYPE_NAMES.get(type);
    if (this.continuing !== 0 && (name !== 'CONTINUATION' || streamId !== this.continuing)) {
      throw new Http2FrameError('H2_ERR_CONTINUATION_EXPECTED', 'PROTOCOL_ERROR', 'RFC 9113 §6.10', `a ${name ?? `type ${type}`} frame inside the header block of stream ${this.continuing}`);
    }
    if (name === undefined) return;
    if (name === 'CONTINUATION' && this.continuing === 0) {
      throw new Http2FrameError('H2_ERR_UNEXPECTED_CONTINUATION', 'PROTOCOL_ERROR', 'RFC 9113 §6.10', 'CONTINUATION without an open header block');
    }
    const streamSection = STREAM_FRAMES[name];
    if (streamSection && streamId === 0) throw new Http2FrameError('H2_ERR_STREAM_ID', 'PROTOCOL_ERROR', streamSection, `${name} on stream 0`);
    const connectionSection = CONNECTION_FRAMES[name];
    if (connectionSection && streamId !== 0) throw new Http2FrameError('H2_ERR_STREAM_ID', 'PROTOCOL_ERROR', connectionSection, `${name} on stream ${streamId}, not 0`);
    const fixed = FIXED_LENGTH[name];
    if (fixed && length !== fixed[0]) throw new Http2FrameError('H2_ERR_FRAME_SIZE', 'FRAME_SIZE_ERROR', fixed[1], `${name} of ${length} bytes, not ${fixed[0]}`);
    if (name === 'SETTINGS' && (this.header.flags & FLAGS.ACK ? length !== 0 : length % 6 !== 0)) {
      throw new Http2FrameError('H2_ERR_SETTINGS_LENGTH', 'FRAME_SIZE_ERROR', 'RFC 9113 §6.5', `SETTINGS${this.header.flags & FLAGS.ACK ? ' ACK' : ''} of ${length} bytes`);
    }
    if (name === 'GOAWAY' && length < 8) throw new Http2FrameError('H2_ERR_FRAME_SIZE', 'FRAME_SIZE_ERROR', 'RFC 9113 §6.8', `GOAWAY of ${length} bytes, fewer than 8`);
  }

  private frame(payload: Uint8Array): ParsedFrame {
    const { type, flags, streamId, length } = this.header;
    const common = { streamId, flags, frameBytes: FRAME_HEADER_BYTES + length };
    const name = FRAME_TYPE_NAMES.get(type);
    switch (name) {
      case 'DATA': {
        const { body, padLength } = unpad(payload, flags, 0, 'RFC 9113 §6.1');
        return { ...common, type: name, data: body, endStream: (flags & FLAGS.END_STREAM) !== 0, ...(padLength === undefined ? {} : { padLength }) };
      }
      case 'HEADERS': {
        const hasPriority = (flags & FLAGS.PRIORITY) !== 0;
        const { body, padLength } = unpad(payload, flags, hasPriority ? 5 : 0, 'RFC 9113 §6.2');
        const endHeaders = (flags & FLAGS.END_HEADERS) !== 0;
        if (!endHeaders) this.continuing = streamId;
        const offset = padLength === undefined ? 0 : 1;
        return {
          ...common, type: name, fragment: hasPriority ? body.subarray(5) : body, endStream: (flags & FLAGS.END_STREAM) !== 0, endHeaders,
          ...(hasPriority ? { priority: readPriority(payload, offset) } : {}), ...(padLength === undefined ? {} : { padLength }),
        };
      }
      case 'PRIORITY':
        return { ...common, type: name, priority: readPriority(payload, 0) };
      case 'RST_STREAM':
        return { ...common, type: name, errorCode: readU32(payload, 0) };
      case 'SETTINGS': {
        const settings: [number, number][] = [];
        for (let offset = 0; offset < payload.length; offset += 6) {
          const identifier = (payload[offset] << 8) | payload[offset + 1];
          const value = readU32(payload, offset + 2);
          checkSetting(identifier, value);
          settings.push([identifier, value]);
        }
        return { ...common, type: name, ack: (flags & FLAGS.ACK) !== 0, settings };
      }
      case 'PUSH_PROMISE': {
        const { body } = unpad(payload, flags, 4, 'RFC 9113 §6.6');
        const endHeaders = (flags & FLAGS.END_HEADERS) !== 0;
        if (!endHeaders) this.continuing = streamId;
        return { ...common, type: name, promisedStreamId: readU32(body, 0) & 0x7fffffff, fragment: body.subarray(4), endHeaders };
      }
      case 'PING':
        return { ...common, type: name, ack: (flags & FLAGS.ACK) !== 0, opaque: payload };
      case 'GOAWAY':
        return { ...common, type: name, lastStreamId: readU32(payload, 0) & 0x7fffffff, errorCode: readU32(payload, 4), debugData: payload.subarray(8) };
      case 'WINDOW_UPDATE': {
        const increment = readU32(payload, 0) & 0x7fffffff;
        if (increment === 0) throw new Http2FrameError('H2_ERR_ZERO_WINDOW_INCREMENT', 'PROTOCOL_ERROR', 'RFC 9113 §6.9', `WINDOW_UPDATE of 0 on stream ${streamId}`);
        return { ...common, type: name, increment };
      }
      case 'CONTINUATION': {
        const endHeaders = (flags & FLAGS.END_HEADERS) !== 0;
        if (endHeaders) this.continuing = 0;
        return { ...common, type: name, fragment: payload, endHeaders };
      }
      case undefined:
        return { ...common, type: 'UNKNOWN', typeCode: type, payload };
    }
  }
}

/** Strips the Pad Length byte and the padding; padding that fills the payload is a PROTOCOL_ERROR (RFC 9113 §6.1, §6.2). */
function unpad(payload: Uint8Array, flags: number, fixedAfterPad: number, section: string): { body: Uint8Array; padLength?: number } {
  if ((flags & FLAGS.PADDED) === 0) {
    if (payload.length < fixedAfterPad) throw new Http2FrameError('H2_ERR_FRAME_SIZE', 'FRAME_SIZE_ERROR', section, `payload of ${payload.length} bytes too short for its fields`);
    return { body: payload };
  }
  if (payload.length < 1) throw new Http2FrameError('H2_ERR_PADDING', 'PROTOCOL_ERROR', section, 'PADDED frame without its Pad Length byte');
  const padLength = payload[0];
  if (padLength >= payload.length - fixedAfterPad) {
    throw new Http2FrameError('H2_ERR_PADDING', 'PROTOCOL_ERROR', section, `${padLength} bytes of padding in a payload of ${payload.length}`);
  }
  return { body: payload.subarray(1, payload.length - padLength), padLength };
}

function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

function readPriority(bytes: Uint8Array, offset: number): PrioritySignal {
  const word = readU32(bytes, offset);
  return { exclusive: (word & 0x80000000) !== 0, dependsOn: word & 0x7fffffff, weight: bytes[offset + 4] + 1 };
}

/** Values RFC 9113 §6.5.2 forbids; unknown identifiers are ignored, as it requires. */
function checkSetting(identifier: number, value: number): void {
  if (identifier === SETTINGS.ENABLE_PUSH && value > 1) {
    throw new Http2FrameError('H2_ERR_SETTINGS_VALUE', 'PROTOCOL_ERROR', 'RFC 9113 §6.5.2', `SETTINGS_ENABLE_PUSH of ${value}, not 0 or 1`);
  }
  if (identifier === SETTINGS.INITIAL_WINDOW_SIZE && value > MAX_WINDOW_SIZE) {
    throw new Http2FrameError('H2_ERR_SETTINGS_VALUE', 'FLOW_CONTROL_ERROR', 'RFC 9113 §6.5.2', `SETTINGS_INITIAL_WINDOW_SIZE of ${value}, above 2^31 - 1`);
  }
  if (identifier === SETTINGS.MAX_FRAME_SIZE && (value < DEFAULT_MAX_FRAME_SIZE || value > 16_777_215)) {
    throw new Http2FrameError('H2_ERR_SETTINGS_VALUE', 'PROTOCOL_ERROR', 'RFC 9113 §6.5.2', `SETTINGS_MAX_FRAME_SIZE of ${value}, outside 2^14 to 2^24 - 1`);
  }
}

