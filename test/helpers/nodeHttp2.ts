import { once } from 'node:events';
import http2 from 'node:http2';
import net from 'node:net';
import { close, listen } from './nodeHttp';

/*
 * node:http2 (nghttp2) as the peer of the bytes our HTTP/2 codec writes: a real http2 server
 * reads client bytes sent down a raw socket, and a raw net server feeds server bytes to a real
 * http2 client (or to curl). Frames are cut out of the byte stream here by their 24-bit length
 * alone, independently of the codec under test. Every server and socket is closed afterwards.
 */

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** A frame as it crossed the socket. */
export interface RawFrame {
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
  bytes: Buffer;
}

/** Cuts a byte stream into frames (after the preface, when it starts with one); a trailing partial frame is left out. */
export function splitFrames(stream: Buffer): RawFrame[] {
  const frames: RawFrame[] = [];
  let offset = stream.subarray(0, PREFACE.length).equals(PREFACE) ? PREFACE.length : 0;
  while (offset + 9 <= stream.length) {
    const length = stream.readUIntBE(offset, 3);
    if (offset + 9 + length > stream.length) break;
    const bytes = stream.subarray(offset, offset + 9 + length);
    frames.push({ type: bytes[3], flags: bytes[4], streamId: bytes.readUInt32BE(5) & 0x7fffffff, payload: bytes.subarray(9), bytes });
    offset += 9 + length;
  }
  return frames;
}

const HEADERS = 0x1;
const DATA = 0x0;
const END_STREAM = 0x1;

export interface ReceivedRequest {
  /** Header fields in the order node delivered them (pseudo-headers included). */
  headers: [string, string][];
  body: Buffer;
  /** The stream ended (END_STREAM) rather than being reset. */
  ended: boolean;
  /** The RST_STREAM code the stream closed with, 0 if none. */
  rstCode: number;
}

export interface NodeServerView {
  requests: ReceivedRequest[];
  /** What node's server wrote back, frame by frame. */
  replies: RawFrame[];
  /** Errors node's session or streams reported. */
  errors: string[];
  /** GOAWAY frames node's session received: error code, last stream id, debug data. */
  goaways: { errorCode: number; lastStreamId: number; debugData: string }[];
}

function fieldsOf(headers: http2.IncomingHttpHeaders): [string, string][] {
  return Object.entries(headers).map(([name, value]): [string, string] => [name, Array.isArray(value) ? value.join(', ') : String(value)]);
}

async function settle(done: () => boolean, timeoutMs: number): Promise<void> {
  const start = process.hrtime.bigint();
  while (!done() && Number(process.hrtime.bigint() - start) / 1e6 < timeoutMs) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * Sends `bytes` (a client's, preface first) to a node:http2 server, which answers each request
 * with 200 and `ok`; waits until `done(view)` or the timeout.
 */
export async function feedNodeHttp2Server(bytes: readonly Uint8Array[], done: (view: NodeServerView) => boolean, options: { timeoutMs?: number; respond?: (index: number) => { headers: http2.OutgoingHttpHeaders; body: string } } = {}): Promise<NodeServerView> {
  const view: NodeServerView = { requests: [], replies: [], errors: [], goaways: [] };
  const server = http2.createServer();
  server.on('sessionError', (error) => view.errors.push(`session: ${error.message}`));
  server.on('session', (session) => {
    session.on('error', (error) => view.errors.push(`session: ${error.message}`));
    session.on('goaway', (errorCode, lastStreamId, debugData) => view.goaways.push({ errorCode, lastStreamId, debugData: debugData?.toString('latin1') ?? '' }));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    const request: ReceivedRequest = { headers: fieldsOf(headers), body: Buffer.alloc(0), ended: false, rstCode: 0 };
    view.requests.push(request);
    stream.on('error', (error) => view.errors.push(`stream: ${error.message}`));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('close', () => { request.rstCode = stream.rstCode; });
    stream.on('end', () => {
      request.body = Buffer.concat(chunks);
      request.ended = true;
      if (!stream.closed) {
        const answer = options.respond?.(view.requests.indexOf(request)) ?? { headers: { ':status': 200 }, body: 'ok' };
        stream.respond(answer.headers);
        stream.end(answer.body);
      }
    });
  });
  const port = await listen(server);
  const socket = net.connect(port, '127.0.0.1');
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', (error) => view.errors.push(`socket: ${error.message}`));
  await once(socket, 'connect');
  socket.write(Buffer.concat(bytes.map((part) => Buffer.from(part))));
  await settle(() => done(view), options.timeoutMs ?? 2000);
  view.replies = splitFrames(Buffer.concat(received));
  socket.destroy();
  await close(server);
  return view;
}

export interface RawServerCapture<T> {
  result: T;
  /** The client's frames as they arrived, preface removed. */
  frames: RawFrame[];
}

/**
 * A raw server on 127.0.0.1 that records a client's frames and, each time a request stream ends
 * (END_STREAM on HEADERS or DATA), writes `respond(streamId, index)`; `drive(port)` runs the client.
 * `greeting` is written as soon as the client connects (the server's SETTINGS, if the test sends its own).
 */
export async function captureHttp2Client<T>(drive: (port: number) => Promise<T>, respond: (streamId: number, index: number) => Uint8Array, greeting?: Uint8Array): Promise<RawServerCapture<T>> {
  const received: Buffer[] = [];
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    if (greeting) socket.write(greeting);
    let seen = 0;
    let answered = 0;
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      const frames = splitFrames(Buffer.concat(received));
      for (; seen < frames.length; seen++) {
        const frame = frames[seen];
        if ((frame.type === HEADERS || frame.type === DATA) && (frame.flags & END_STREAM) !== 0) socket.write(respond(frame.streamId, answered++));
      }
    });
  });
  const port = await listen(server);
  try {
    const result = await drive(port);
    return { result, frames: splitFrames(Buffer.concat(received)) };
  } finally {
    for (const socket of sockets) socket.destroy();
    await close(server);
  }
}

export interface NodeResponse {
  headers: [string, string][];
  body: Buffer;
}

/** node:http2's client making `requests` one after another on one session; what it read back. */
export async function requestWithNodeHttp2(port: number, requests: readonly http2.OutgoingHttpHeaders[], options: { beforeFirst?: (session: http2.ClientHttp2Session) => Promise<void>; bodies?: readonly (Buffer | undefined)[] } = {}): Promise<{ responses: NodeResponse[]; errors: string[]; port: number }> {
  const errors: string[] = [];
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on('error', (error) => errors.push(`session: ${error.message}`));
  const responses: NodeResponse[] = [];
  try {
    if (options.beforeFirst) await options.beforeFirst(session);
    for (const [index, headers] of requests.entries()) {
      const response = await new Promise<NodeResponse | undefined>((resolve) => {
        const request = session.request(headers, { endStream: options.bodies?.[index] === undefined });
        const chunks: Buffer[] = [];
        let responseHeaders: [string, string][] = [];
        const timer = setTimeout(() => resolve(undefined), 2000);
        request.on('response', (received) => { responseHeaders = fieldsOf(received); });
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => { clearTimeout(timer); resolve({ headers: responseHeaders, body: Buffer.concat(chunks) }); });
        request.on('error', (error) => { errors.push(`stream: ${error.message}`); clearTimeout(timer); resolve(undefined); });
        const body = options.bodies?.[index];
        if (body !== undefined) request.end(body);
      });
      if (!response) break;
      responses.push(response);
    }
  } finally {
    session.destroy();
  }
  return { responses, errors, port };
}
