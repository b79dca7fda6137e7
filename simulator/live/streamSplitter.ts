import { headerValue, parseHttpHead, type HttpHead } from '../net/http';
import { FrameParser, type ParsedFrame } from '../net/websocket';

/*
 * Splits captured byte streams into protocol units: TLS records by their 5-byte headers
 * (RFC 8446 §5.1), HTTP/1.1 messages by their framing (RFC 9112 §6: Content-Length or
 * chunked), and WebSocket frames (RFC 6455 §5.2, through the simulator's own parser).
 */

/** Bytes in a stream with the times they were sent and arrived. */
export interface TimedChunk {
  sentAt: number;
  arrivedAt: number;
  bytes: Buffer;
  /** The receiver had closed: the bytes reached its kernel, not the application. */
  undelivered?: true;
}

export interface TimedRecord {
  /** 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data. */
  contentType: number;
  /** Whole record: header + fragment. */
  bytes: number;
  /** Handshake message type of an unencrypted handshake record (1 ClientHello, 2 ServerHello, ...). */
  handshakeType?: number;
  /** When its first byte was sent, and when its last byte arrived. */
  sentAt: number;
  arrivedAt: number;
  undelivered?: true;
}

export const TLS_RECORD_HEADER_BYTES = 5;

/** TLS records in a stream delivered as chunks; a record may span chunks. A trailing partial record is dropped. */
export function splitTlsRecords(chunks: readonly TimedChunk[]): TimedRecord[] {
  const stream = Buffer.concat(chunks.map((chunk) => chunk.bytes));
  const ends: number[] = [];
  let total = 0;
  for (const chunk of chunks) ends.push((total += chunk.bytes.length));
  const chunkAt = (offset: number): TimedChunk => chunks[ends.findIndex((end) => offset < end)];
  const records: TimedRecord[] = [];
  for (let offset = 0; offset + TLS_RECORD_HEADER_BYTES <= stream.length;) {
    const bytes = TLS_RECORD_HEADER_BYTES + stream.readUInt16BE(offset + 3);
    if (offset + bytes > stream.length) break;
    const contentType = stream[offset];
    const last = chunkAt(offset + bytes - 1);
    records.push({
      contentType, bytes, sentAt: chunkAt(offset).sentAt, arrivedAt: last.arrivedAt, ...(last.undelivered ? { undelivered: true as const } : {}),
      ...(contentType === 22 ? { handshakeType: stream[offset + TLS_RECORD_HEADER_BYTES] } : {}),
    });
    offset += bytes;
  }
  return records;
}

/** Body length of a chunked body starting at `offset` (RFC 9112 §7.1), or undefined when incomplete. */
function chunkedBodyBytes(stream: Buffer, offset: number): number | undefined {
  let position = offset;
  for (;;) {
    const lineEnd = stream.indexOf('\r\n', position, 'latin1');
    if (lineEnd < 0) return undefined;
    const size = parseInt(stream.toString('latin1', position, lineEnd).split(';')[0], 16);
    position = lineEnd + 2 + size + 2;
    if (position > stream.length) return undefined;
    if (size === 0) return position - offset; // no trailers: the last chunk's CRLF ends the body
  }
}

export interface HttpMessageSpan {
  head: HttpHead;
  start: number;
  end: number;
  body: Buffer;
}

/**
 * HTTP/1.1 messages from the start of a stream. Stops after a message that switches
 * protocols (an Upgrade request, a 101): what follows is WebSocket frames, from `rest`.
 */
export function splitHttpMessages(stream: Buffer): { messages: HttpMessageSpan[]; rest: number } {
  const messages: HttpMessageSpan[] = [];
  let offset = 0;
  while (offset < stream.length) {
    const head = parseHttpHead(stream, offset);
    if (!head) break;
    const isResponse = head.startLine.startsWith('HTTP/');
    const status = isResponse ? Number(head.startLine.split(' ')[1]) : 0;
    const bodyStart = offset + head.headBytes;
    let bodyBytes = 0;
    if (headerValue(head.headers, 'transfer-encoding')?.toLowerCase() === 'chunked') {
      const chunked = chunkedBodyBytes(stream, bodyStart);
      if (chunked === undefined) break;
      bodyBytes = chunked;
    } else if (!(isResponse && (status < 200 || status === 204 || status === 304))) {
      bodyBytes = Number(headerValue(head.headers, 'content-length') ?? 0);
    }
    if (bodyStart + bodyBytes > stream.length) break;
    messages.push({ head, start: offset, end: bodyStart + bodyBytes, body: stream.subarray(bodyStart, bodyStart + bodyBytes) });
    offset = bodyStart + bodyBytes;
    if (status === 101 || (!isResponse && headerValue(head.headers, 'upgrade')?.toLowerCase() === 'websocket')) break;
  }
  return { messages, rest: offset };
}

export interface FrameSpan {
  frame: ParsedFrame;
  start: number;
  end: number;
}

/** WebSocket frames in `stream` from `offset`; a trailing partial frame is dropped. */
export function splitWebSocketFrames(stream: Buffer, offset: number): FrameSpan[] {
  const parser = new FrameParser();
  const spans: FrameSpan[] = [];
  let position = offset;
  for (const frame of parser.push(stream.subarray(offset))) {
    spans.push({ frame, start: position, end: position + frame.frameBytes });
    position += frame.frameBytes;
  }
  return spans;
}

/** How a protocol analyser names a frame: `text frame`, `close frame (1000)`, `continuation frame 2/7`. */
export function frameNames(frames: readonly ParsedFrame[]): string[] {
  const names: string[] = [];
  let fragments: number[] = [];
  frames.forEach((frame, index) => {
    const base = frame.opcode === 'close' && frame.payload.length >= 2 ? `close frame (${(frame.payload[0] << 8) | frame.payload[1]})` : `${frame.opcode} frame`;
    names.push(base);
    if (frame.opcode === 'close' || frame.opcode === 'ping' || frame.opcode === 'pong') return;
    fragments.push(index);
    if (!frame.fin) return;
    if (fragments.length > 1) fragments.forEach((at, position) => (names[at] = `${names[at]} ${position + 1}/${fragments.length}`));
    fragments = [];
  });
  return names;
}
