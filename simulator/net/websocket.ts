import { ByteQueue } from './byteQueue';
import { invariant, ParameterError, PayloadTooLargeError, SimulatorError, type SimulatorErrorCode } from '../errors';

/*
 * WebSocket frames (RFC 6455 §5.2), encoded byte for byte:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *  |     Masking-key (0 or 4 bytes, client to server only)         |
 *  +---------------------------------------------------------------+
 *  |                     Payload (masked if MASK)                  |
 */

export const OPCODES = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;
export type OpcodeName = keyof typeof OPCODES;
const OPCODE_NAMES = new Map<number, OpcodeName>(Object.entries(OPCODES).map(([name, code]) => [code, name as OpcodeName]));

/** Control frames carry at most 125 bytes and are never fragmented (RFC 6455 §5.5). */
export const MAX_CONTROL_PAYLOAD = 125;
/** The 64-bit length's most significant bit must be 0 (RFC 6455 §5.2); JavaScript arrays end sooner. */
export const MAX_FRAME_PAYLOAD = Number.MAX_SAFE_INTEGER;

export interface FrameOptions {
  opcode: OpcodeName;
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  /** 4-byte masking key: clients must mask every frame, servers must not (RFC 6455 §5.1). */
  mask?: Uint8Array;
}

/** The opcode of an encoded frame: the low 4 bits of its first byte (RFC 6455 §5.2). */
export function frameOpcode(frame: Uint8Array): OpcodeName {
  const opcode = OPCODE_NAMES.get(frame[0] & 0x0f);
  invariant(opcode !== undefined, `frame with reserved opcode ${frame[0] & 0x0f}`);
  return opcode;
}

export function isControl(opcode: OpcodeName): boolean {
  return OPCODES[opcode] >= 0x8;
}

/** Header size for a payload length: 2, +2 for 126..65535, +8 beyond, +4 when masked. */
export function frameHeaderBytes(payloadLength: number, masked: boolean): number {
  const extended = payloadLength < 126 ? 0 : payloadLength <= 0xffff ? 2 : 8;
  return 2 + extended + (masked ? 4 : 0);
}

/** One frame: header followed by the (masked) payload. A pure function of its inputs. */
export function encodeFrame(payload: Uint8Array, options: FrameOptions): Uint8Array {
  const opcode = OPCODES[options.opcode];
  if (opcode === undefined) throw new ParameterError('opcode', options.opcode, `one of ${Object.keys(OPCODES).join(', ')}`, 'UNKNOWN_OPTION');
  const fin = options.fin ?? true;
  if (isControl(options.opcode)) {
    if (payload.length > MAX_CONTROL_PAYLOAD) throw new PayloadTooLargeError('payload', payload.length, MAX_CONTROL_PAYLOAD, 'WebSocket control frame, RFC 6455 §5.5');
    if (!fin) throw new ParameterError('fin', fin, 'true: control frames must not be fragmented (RFC 6455 §5.5)');
  }
  if (payload.length > MAX_FRAME_PAYLOAD) throw new PayloadTooLargeError('payload', payload.length, MAX_FRAME_PAYLOAD, 'WebSocket frame');
  const mask = options.mask;
  if (mask !== undefined && mask.length !== 4) throw new ParameterError('mask', mask.length, 'a 4-byte masking key');
  const headerLength = frameHeaderBytes(payload.length, mask !== undefined);
  const frame = new Uint8Array(headerLength + payload.length);
  frame[0] = (fin ? 0x80 : 0) | (options.rsv1 ? 0x40 : 0) | (options.rsv2 ? 0x20 : 0) | (options.rsv3 ? 0x10 : 0) | opcode;
  let offset = 2;
  if (payload.length < 126) {
    frame[1] = payload.length;
  } else if (payload.length <= 0xffff) {
    frame[1] = 126;
    frame[2] = payload.length >> 8;
    frame[3] = payload.length & 0xff;
    offset = 4;
  } else {
    frame[1] = 127;
    const high = Math.floor(payload.length / 4294967296);
    const low = payload.length >>> 0;
    for (let i = 0; i < 4; i++) frame[2 + i] = (high >>> (24 - 8 * i)) & 0xff;
    for (let i = 0; i < 4; i++) frame[6 + i] = (low >>> (24 - 8 * i)) & 0xff;
    offset = 10;
  }
  if (mask) {
    frame[1] |= 0x80;
    frame.set(mask, offset);
    offset += 4;
    for (let i = 0; i < payload.length; i++) frame[offset + i] = payload[i] ^ mask[i & 3];
  } else {
    frame.set(payload, offset);
  }
  return frame;
}

/**
 * A message cut into frames of at most `frameSize` payload bytes: the first carries the
 * opcode, the rest are continuations, the last has FIN (RFC 6455 §5.4). `nextMask` gives
 * each frame its masking key (clients) or undefined (servers).
 */
export function encodeMessage(opcode: 'text' | 'binary', payload: Uint8Array, frameSize: number, nextMask: () => Uint8Array | undefined): Uint8Array[] {
  if (!Number.isInteger(frameSize) || frameSize < 1) throw new ParameterError('frameSize', frameSize, 'an integer >= 1');
  const frames: Uint8Array[] = [];
  let offset = 0;
  do {
    const end = Math.min(offset + frameSize, payload.length);
    const mask = nextMask();
    frames.push(encodeFrame(payload.subarray(offset, end), { opcode: offset === 0 ? opcode : 'continuation', fin: end === payload.length, ...(mask ? { mask } : {}) }));
    offset = end;
  } while (offset < payload.length);
  return frames;
}

/** Close codes an endpoint may send (RFC 6455 §7.4.1; 1004-1006 and 1015 are reserved, never sent). */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/** Close frame body: 2-byte status code, then a UTF-8 reason; 125 bytes in all (RFC 6455 §5.5.1). */
export function encodeClosePayload(code: number, reason = ''): Uint8Array {
  if (!Number.isInteger(code) || !isSendableCloseCode(code)) throw new ParameterError('closeCode', code, 'a close code an endpoint may send (RFC 6455 §7.4)');
  const reasonBytes = Buffer.from(reason, 'utf8');
  if (reasonBytes.length > MAX_CONTROL_PAYLOAD - 2) throw new PayloadTooLargeError('closeReason', reasonBytes.length, MAX_CONTROL_PAYLOAD - 2, 'WebSocket close reason, RFC 6455 §5.5.1');
  const payload = new Uint8Array(2 + reasonBytes.length);
  payload[0] = code >> 8;
  payload[1] = code & 0xff;
  payload.set(reasonBytes, 2);
  return payload;
}

/** A frame as the parser read it, payload unmasked. */
export interface ParsedFrame {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: OpcodeName;
  masked: boolean;
  payload: Uint8Array;
  /** Header plus payload bytes on the stream. */
  frameBytes: number;
}

export class FrameParseError extends SimulatorError {
  /** `code` is machine-readable; `closeCode` is what the peer would close with. */
  constructor(override readonly code: Extract<SimulatorErrorCode, `WS_ERR_${string}`>, readonly closeCode: number, message: string) {
    super(code, message);
  }
}

type ParserState = 'GET_INFO' | 'GET_PAYLOAD_LENGTH_16' | 'GET_PAYLOAD_LENGTH_64' | 'GET_MASK' | 'GET_DATA';

/**
 * An incremental frame parser: feed it bytes as they arrive, split anywhere; it returns the
 * frames completed so far and keeps the rest. An explicit state machine, so a header split
 * across writes waits for its missing bytes instead of misreading them.
 */
export class FrameParser {
  private state: ParserState = 'GET_INFO';
  private readonly queue = new ByteQueue();
  private header = { fin: false, rsv1: false, rsv2: false, rsv3: false, opcode: 'text' as OpcodeName, masked: false, headerBytes: 0 };
  private payloadLength = 0;
  private mask: Uint8Array | undefined;

  constructor(private readonly maxPayload = MAX_FRAME_PAYLOAD) {}

  push(chunk: Uint8Array): ParsedFrame[] {
    this.queue.append(chunk);
    const frames: ParsedFrame[] = [];
    for (;;) {
      const progressed = this.step(frames);
      if (!progressed) return frames;
    }
  }

  private step(frames: ParsedFrame[]): boolean {
    switch (this.state) {
      case 'GET_INFO': {
        const bytes = this.queue.take(2);
        if (!bytes) return false;
        const opcode = OPCODE_NAMES.get(bytes[0] & 0x0f);
        if (opcode === undefined) throw new FrameParseError('WS_ERR_INVALID_OPCODE', 1002, `invalid opcode ${bytes[0] & 0x0f}`);
        this.header = {
          fin: (bytes[0] & 0x80) !== 0, rsv1: (bytes[0] & 0x40) !== 0, rsv2: (bytes[0] & 0x20) !== 0, rsv3: (bytes[0] & 0x10) !== 0,
          opcode, masked: (bytes[1] & 0x80) !== 0, headerBytes: 2,
        };
        this.payloadLength = bytes[1] & 0x7f;
        if (isControl(opcode) && (!this.header.fin || this.payloadLength > MAX_CONTROL_PAYLOAD)) {
          throw new FrameParseError('WS_ERR_INVALID_CONTROL_FRAME', 1002, 'control frames must be final and at most 125 bytes');
        }
        this.state = this.payloadLength === 126 ? 'GET_PAYLOAD_LENGTH_16' : this.payloadLength === 127 ? 'GET_PAYLOAD_LENGTH_64' : this.afterLength();
        return true;
      }
      case 'GET_PAYLOAD_LENGTH_16': {
        const bytes = this.queue.take(2);
        if (!bytes) return false;
        this.payloadLength = (bytes[0] << 8) | bytes[1];
        this.header.headerBytes += 2;
        this.state = this.afterLength();
        return true;
      }
      case 'GET_PAYLOAD_LENGTH_64': {
        const bytes = this.queue.take(8);
        if (!bytes) return false;
        const high = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
        if (high > 0x1fffff) throw new FrameParseError('WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH', 1009, 'payload length beyond 2^53 - 1');
        const low = ((bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7]) >>> 0;
        this.payloadLength = high * 4294967296 + low;
        this.header.headerBytes += 8;
        this.state = this.afterLength();
        return true;
      }
      case 'GET_MASK': {
        const bytes = this.queue.take(4);
        if (!bytes) return false;
        this.mask = Uint8Array.from(bytes);
        this.header.headerBytes += 4;
        this.state = 'GET_DATA';
        return true;
      }
      case 'GET_DATA': {
        const bytes = this.queue.take(this.payloadLength);
        if (!bytes) return false;
        const payload = Uint8Array.from(bytes);
        if (this.header.masked && this.mask) for (let i = 0; i < payload.length; i++) payload[i] ^= this.mask[i & 3];
        frames.push({ ...this.header, payload, frameBytes: this.header.headerBytes + payload.length });
        this.mask = undefined;
        this.state = 'GET_INFO';
        return true;
      }
    }
  }

  private afterLength(): ParserState {
    if (this.payloadLength > this.maxPayload) {
      throw new FrameParseError('WS_ERR_MESSAGE_TOO_BIG', 1009, `frame payload of ${this.payloadLength} bytes exceeds ${this.maxPayload}`);
    }
    return this.header.masked ? 'GET_MASK' : 'GET_DATA';
  }
}
