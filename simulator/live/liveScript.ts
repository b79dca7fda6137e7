import type { HttpRequest, HttpResponse } from '../net/http';
import type { OpcodeName } from '../net/websocket';
import type { Trace, TraceEvent } from '../trace/trace';
import { LiveError } from './liveError';
import { parseHttpHead, REASON_PHRASES } from '../net/http';
import { http2Messages, type Http2Message } from '../export/http2Messages';
import { frameNames, splitWebSocketFrames } from './streamSplitter';

/*
 * What a live run plays, read off the model's trace of the same scenario: the requests the
 * client sends, the responses the emulated gateway answers with after the model's gateway
 * and integration time, and a WebSocket session's frames at the model's times. The live run
 * then measures what real implementations (node:https, node:tls, ws) make of it.
 */

export interface PlannedRequest {
  request: HttpRequest;
  /** The request opens a WebSocket. */
  upgrade: boolean;
}

export interface PlannedResponse {
  response: HttpResponse;
  /** Model time from the request reaching the gateway to the response leaving it (ms). */
  processingMs: number;
}

export interface ClientFrame {
  opcode: 'text' | 'binary' | 'ping' | 'close';
  payload: Buffer;
  fin: boolean;
  /** Model time after the 101 reached the client (ms). */
  afterOpenMs: number;
}

export interface ServerFrame {
  opcode: 'text' | 'binary' | 'continuation';
  payload: Buffer;
  fin: boolean;
  /** Model time after the 101 left the gateway (ms). */
  afterUpgradeMs: number;
}

export interface LiveScript {
  /** The participant the client talks to (gateway, edge or server) and its label. */
  endpoint: { id: string; label: string };
  requests: PlannedRequest[];
  responses: PlannedResponse[];
  clientFrames: ClientFrame[];
  serverFrames: ServerFrame[];
}

function payloadOf(event: TraceEvent): Buffer {
  if (event.payload === undefined) throw new LiveError('LIVE_UNPLAYABLE', `the model's ${event.name} carries no bytes to play`);
  return Buffer.from(event.payload);
}

function parseMessage(bytes: Buffer): { startLine: string; headers: [string, string][]; body: Buffer } {
  const head = parseHttpHead(bytes);
  if (!head) throw new LiveError('LIVE_UNPLAYABLE', 'a model HTTP message without a complete head');
  // serializeRequest/serializeResponse append Content-Length themselves; the script keeps the rest.
  const headers = head.headers.filter(([name]) => name.toLowerCase() !== 'content-length');
  return { startLine: head.startLine, headers, body: bytes.subarray(head.headBytes) };
}

/**
 * An HTTP message as the script plays it: the HTTP/1.1 message itself, or an HTTP/2 message
 * (decoded from its frames) in HTTP/1.1 form, since the live client speaks HTTP/1.1: :authority
 * becomes Host (RFC 9113 §8.3.1), the status gets its reason phrase.
 */
function messageOf(event: TraceEvent, h2: Map<number, Http2Message>): { startLine: string; headers: [string, string][]; body: Buffer } {
  const message = h2.get(event.id);
  if (event.detail?.httpVersion !== '2') return parseMessage(payloadOf(event));
  if (!message) throw new LiveError('LIVE_UNPLAYABLE', `the model's ${event.name} could not be decoded`);
  const field = (name: string): string => message.headers.find(([key]) => key === name)?.[1] ?? '';
  const headers = message.headers.filter(([name]) => !name.startsWith(':') && name !== 'content-length').map(([name, value]): [string, string] => [name, value]);
  const startLine = event.kind === 'http.request'
    ? `${field(':method')} ${field(':path')} HTTP/1.1`
    : `HTTP/1.1 ${field(':status')} ${REASON_PHRASES[Number(field(':status'))] ?? ''}`.trimEnd();
  return { startLine, headers: event.kind === 'http.request' ? [['Host', field(':authority')], ...headers] : headers, body: Buffer.from(message.body) };
}

/** Reads the script from a model trace whose client talks HTTP/1.1 or HTTP/2 (and WebSocket) to one endpoint. */
export function scriptFromTrace(trace: Trace): LiveScript {
  // The live client plays one connection's exchanges in turn; a page's concurrent fetches to several hosts are not a script.
  if (trace.page) throw new LiveError('LIVE_UNPLAYABLE', 'a page load runs concurrent requests to several hosts; the live run plays one route at a time');
  const client = 'client';
  // HTTP messages by kind (over HTTP/2, their HEADERS frames; the other frames are the connection's, not the script's).
  // A browser's CORS check is a step the client takes by itself, with nothing to send: not a message.
  const messages = trace.events.filter((event) => (event.from === client || event.to === client) && (event.kind === 'http.request' || event.kind === 'http.response' || event.layer === 'ws'));
  const h2 = http2Messages(trace);
  const first = messages.find((event) => event.from === client);
  if (!first) throw new LiveError('LIVE_UNPLAYABLE', 'the model trace has no client request');
  const endpointId = first.to;
  const endpoint = trace.participants.find((participant) => participant.id === endpointId)!;
  const script: LiveScript = { endpoint: { id: endpoint.id, label: endpoint.label }, requests: [], responses: [], clientFrames: [], serverFrames: [] };
  let lastRequestArrival = 0;
  let upgradeSentAt: number | undefined;
  let upgradeArrival = 0;
  const wsEvents: TraceEvent[] = [];
  for (const event of messages) {
    if (event.layer === 'ws') {
      wsEvents.push(event);
    } else if (event.from === client) {
      const { startLine, headers, body } = messageOf(event, h2);
      const [method, target] = startLine.split(' ');
      const upgrade = headers.some(([name, value]) => name.toLowerCase() === 'upgrade' && value.toLowerCase() === 'websocket');
      script.requests.push({ request: { method, target, headers, ...(body.length > 0 ? { body } : {}) }, upgrade });
      lastRequestArrival = event.arrival;
    } else {
      const { startLine, headers, body } = messageOf(event, h2);
      const [, status, ...reason] = startLine.split(' ');
      script.responses.push({ response: { status: Number(status), reason: reason.join(' '), headers, ...(body.length > 0 ? { body } : {}) }, processingMs: event.time - lastRequestArrival });
      if (Number(status) === 101) {
        upgradeSentAt = event.time;
        upgradeArrival = event.arrival;
      }
    }
  }
  if (upgradeSentAt === undefined) return script;
  // Frames `ws` writes by itself are not scripted: pongs, and the echo of a close.
  const frames = wsEvents.map((event) => splitWebSocketFrames(payloadOf(event), 0)[0].frame);
  const names = frameNames(frames);
  let closeFrom: string | undefined;
  wsEvents.forEach((event, index) => {
    const frame = frames[index];
    if (frame.opcode === 'pong') return;
    if (frame.opcode === 'close') {
      // The echo of a close is `ws`'s to write, as the model's echo is (code and reason).
      if (closeFrom !== undefined) return;
      closeFrom = event.from;
    }
    const payload = Buffer.from(frame.payload);
    if (event.from === client) {
      script.clientFrames.push({ opcode: frame.opcode as ClientFrame['opcode'], payload, fin: frame.fin, afterOpenMs: event.time - upgradeArrival });
    } else {
      if (frame.opcode === 'close' || frame.opcode === 'ping') throw new LiveError('LIVE_UNPLAYABLE', `a ${names[index]} from the server (a server-side close or ping is not played live)`);
      script.serverFrames.push({ opcode: frame.opcode as Extract<OpcodeName, ServerFrame['opcode']>, payload, fin: frame.fin, afterUpgradeMs: event.time - upgradeSentAt! });
    }
  });
  return script;
}
