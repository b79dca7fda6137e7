import type { HttpRequest, HttpResponse } from '../net/http';
import type { OpcodeName } from '../net/websocket';
import type { Trace, TraceEvent } from '../trace/trace';
import { LiveError } from './liveError';
import { parseHttpHead } from '../net/http';
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
  /** Whether the model's server answers a close with the status code only (no reason). */
  serverCloseEchoesCodeOnly: boolean;
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

/** Reads the script from a model trace whose client talks HTTP/1.1 (and WebSocket) to one endpoint. */
export function scriptFromTrace(trace: Trace): LiveScript {
  const client = 'client';
  // Messages on the wire; a browser's CORS check is a step the client takes by itself, with nothing to send.
  const messages = trace.events.filter((event) => (event.from === client || event.to === client) && (event.layer === 'http' || event.layer === 'ws') && event.kind !== 'http.cors_check');
  const first = messages.find((event) => event.from === client);
  if (!first) throw new LiveError('LIVE_UNPLAYABLE', 'the model trace has no client request');
  const endpointId = first.to;
  const endpoint = trace.participants.find((participant) => participant.id === endpointId)!;
  const script: LiveScript = { endpoint: { id: endpoint.id, label: endpoint.label }, requests: [], responses: [], clientFrames: [], serverFrames: [], serverCloseEchoesCodeOnly: false };
  let lastRequestArrival = 0;
  let upgradeSentAt: number | undefined;
  let upgradeArrival = 0;
  const wsEvents: TraceEvent[] = [];
  for (const event of messages) {
    if (event.layer === 'ws') {
      wsEvents.push(event);
    } else if (event.from === client) {
      const { startLine, headers, body } = parseMessage(payloadOf(event));
      const [method, target] = startLine.split(' ');
      const upgrade = headers.some(([name, value]) => name.toLowerCase() === 'upgrade' && value.toLowerCase() === 'websocket');
      script.requests.push({ request: { method, target, headers, ...(body.length > 0 ? { body } : {}) }, upgrade });
      lastRequestArrival = event.arrival;
    } else {
      const { startLine, headers, body } = parseMessage(payloadOf(event));
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
      if (closeFrom !== undefined) {
        script.serverCloseEchoesCodeOnly = event.from !== client && frame.payload.length === 2;
        return;
      }
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
