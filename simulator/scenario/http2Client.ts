import { invariant } from '../errors';
import { headerValue, requestLabel, responseLabel, type HttpRequest, type HttpResponse } from '../net/http';
import {
  clientPrefaceFrames, clientSettingsAck, openHttp2Connection, requestFrames, responseFrames, serverPrefaceFrames, serverSettingsAck, serverSettingsFrames,
  type Http2Connection, type Http2Frame, type Http2Role,
} from '../net/http2/exchange';
import { encodeGoaway, encodeRstStream, errorCodeName, FLAGS } from '../net/http2/frames';
import { HTTP2_CLIENT_PROFILES, type Http2EndpointProfile } from '../net/http2/profiles';
import { MAX_RECORD_PLAINTEXT } from '../net/tls';
import { CLIENT_PROFILES } from '../net/tlsProfiles';
import type { Delivery, Transport } from '../net/transport';
import type { EventKind, Http2FrameKind } from '../trace/trace';
import type { TraceRecorder } from '../trace/recorder';

/*
 * HTTP/2 on a simulated connection: the frames http2Exchange's pieces write, each recorded as
 * its own event with the delivery of the bytes that carry it, so a lost segment delays every
 * frame behind it on the connection, whatever its stream (TCP head-of-line blocking):
 *
 *   client                                          server
 *   preface, SETTINGS, [WINDOW_UPDATE],
 *   HEADERS [1], [DATA [1]] ---------------->
 *                            <----------------  SETTINGS, SETTINGS ACK   (on reading the client's SETTINGS)
 *   SETTINGS ACK ----------->                                            (on reading the server's)
 *                            <----------------  HEADERS [1], [DATA [1]]  (when the handler answers)
 *   HEADERS [3] ... (kept alive: the HPACK tables carry over, so later blocks shrink)
 *
 * The frames one side writes at once (preface to HEADERS, say) go out in one TLS record while
 * they fit in one, as Chromium and nghttp2 buffer a write (assumption, named: where a real stack
 * cuts its records at other frame boundaries the record overhead differs by a few bytes); each
 * frame is still its own event.
 */

/** The h2 side of a client profile: Chrome on Android writes what desktop Chrome does (the same network stack). */
export function http2ClientProfile(clientProfile: string | undefined): Http2EndpointProfile {
  switch (clientProfile) {
    case 'browser':
    case 'mobile': return HTTP2_CLIENT_PROFILES.browser;
    case 'curl': return HTTP2_CLIENT_PROFILES.curl;
    default: return HTTP2_CLIENT_PROFILES.node;
  }
}

/** An HTTP/2 connection over a transport: the codec's state and the transport that carries its frames. */
export interface Http2Session {
  readonly connection: Http2Connection;
  readonly transport: Transport;
  readonly scheme: 'http' | 'https';
  /** Writes so far, numbering the frames that share one transport message. */
  writes: number;
  /** The client writes its connection preface apart from its first request (tlsProfiles.ts writesHandshakeApart). */
  writesPrefaceApart: boolean;
  /** When the server read the client's SETTINGS (Delivery.deliveredAt: the read); undefined before. */
  clientSettingsReadAt: number | undefined;
  /** The server has written its own SETTINGS. */
  serverSettingsSent: boolean;
}

/**
 * What the HTTP/2 model needs of the scenario's topology (scenario/topology.ts's Topology is one):
 * the recorder and the endpoint that answers, named here so that Topology may start a server's
 * session without an import loop.
 */
export interface Http2Topology {
  readonly recorder: TraceRecorder;
  readonly endpoint: { readonly id: string };
}

/** Each transport's session: the server's side starts before the client's may (startHttp2Server). */
const SESSIONS = new WeakMap<Transport, Http2Session>();

/** The HTTP/2 session of a connection, opened on first use by either side. */
export function openHttp2Session(transport: Transport, clientProfile: string | undefined, scheme: 'http' | 'https'): Http2Session {
  const existing = SESSIONS.get(transport);
  if (existing) return existing;
  const writesPrefaceApart = CLIENT_PROFILES[clientProfile as keyof typeof CLIENT_PROFILES]?.writesHandshakeApart === true;
  const session: Http2Session = { connection: openHttp2Connection(http2ClientProfile(clientProfile)), transport, scheme, writes: 0, writesPrefaceApart, clientSettingsReadAt: undefined, serverSettingsSent: false };
  SESSIONS.set(transport, session);
  return session;
}

/**
 * The server's side of a TLS connection that settled h2, set up before the handshake runs: it
 * writes its SETTINGS when it has read the client's Finished (serverSettingsOnReady), which for a
 * client without False Start is before the client may write anything.
 */
export function startHttp2Server(topology: Http2Topology, transport: Transport, clientProfile: string | undefined): void {
  serverSettingsOnReady(topology, openHttp2Session(transport, clientProfile, 'https'));
}

const KIND_OF_TYPE: Readonly<Record<Exclude<Http2Frame['type'], 'HEADERS'>, Http2FrameKind>> = {
  PREFACE: 'preface', DATA: 'data', CONTINUATION: 'continuation', PRIORITY: 'priority', RST_STREAM: 'rst_stream', SETTINGS: 'settings',
  PUSH_PROMISE: 'push_promise', PING: 'ping', GOAWAY: 'goaway', WINDOW_UPDATE: 'window_update',
};

/** The flags a frame carries, by name (RFC 9113 §6): bit 0 is END_STREAM on DATA and HEADERS, ACK on SETTINGS and PING. */
export function frameFlagNames(frame: Pick<Http2Frame, 'type' | 'bytes'>): string[] {
  if (frame.type === 'PREFACE') return [];
  const flags = frame.bytes[4];
  const names: string[] = [];
  if (flags & FLAGS.END_STREAM) names.push(frame.type === 'SETTINGS' || frame.type === 'PING' ? 'ACK' : 'END_STREAM');
  if (flags & FLAGS.END_HEADERS) names.push('END_HEADERS');
  if (flags & FLAGS.PADDED) names.push('PADDED');
  if (flags & FLAGS.PRIORITY && frame.type === 'HEADERS') names.push('PRIORITY');
  return names;
}

/** What a frame says about its message, for the event: the request's method and target, or the response's status and body. */
type MessageDetail = Record<string, string | number | boolean>;

interface FrameContext {
  /** The message the stream's HEADERS carries, for its name and detail. */
  headersName?: string;
  headersDetail?: MessageDetail;
  /** Why the client reset the stream, for a RST_STREAM's event. */
  resetDetail?: MessageDetail;
}

/** A RST_STREAM frame's error code by name (its payload: 4 bytes after the 9-byte frame header). */
function resetCode(frame: Http2Frame): string {
  return errorCodeName(Buffer.from(frame.bytes).readUInt32BE(9));
}

/** The event's display name, as a protocol analyser lists the frame: `HEADERS [1] POST /orders`, `SETTINGS`, `WINDOW_UPDATE [0] +15663105`. */
function frameName(frame: Http2Frame, context: FrameContext): string {
  const flags = frameFlagNames(frame);
  switch (frame.type) {
    case 'PREFACE': return 'PRI * HTTP/2.0 (connection preface)';
    case 'SETTINGS': return flags.includes('ACK') ? 'SETTINGS ACK' : 'SETTINGS';
    case 'HEADERS': return `HEADERS [${frame.streamId}] ${context.headersName ?? ''}`.trimEnd();
    case 'DATA': return `DATA [${frame.streamId}] ${frame.bytes.length - 9} B${flags.includes('END_STREAM') ? ' END_STREAM' : ''}`;
    case 'WINDOW_UPDATE': return `WINDOW_UPDATE [${frame.streamId}] +${Buffer.from(frame.bytes).readUInt32BE(9) & 0x7fffffff}`;
    case 'GOAWAY': {
      const payload = Buffer.from(frame.bytes);
      const code = payload.readUInt32BE(13);
      return `GOAWAY last stream ${payload.readUInt32BE(9) & 0x7fffffff} ${code === 0 ? 'NO_ERROR' : `error ${code}`}`;
    }
    case 'RST_STREAM': return `RST_STREAM [${frame.streamId}] ${resetCode(frame)}`;
    default: return `${frame.type} [${frame.streamId}]`;
  }
}

function recordFrame(topology: Http2Topology, session: Http2Session, frame: Http2Frame, delivery: Delivery, context: FrameContext, write: number | undefined): void {
  const [from, to] = frame.from === 'client' ? ['client', topology.endpoint.id] : [topology.endpoint.id, 'client'];
  const kind: EventKind = frame.type === 'HEADERS' ? (frame.from === 'client' ? 'http.request' : 'http.response') : `http.h2_${KIND_OF_TYPE[frame.type]}`;
  const flags = frameFlagNames(frame);
  topology.recorder.event({
    time: delivery.sentAt, arrival: delivery.deliveredAt, from, to, layer: 'http', kind, name: frameName(frame, context), bytes: frame.bytes.length,
    wireBytes: delivery.wireBytes, connection: session.transport.connectionId, payload: frame.bytes,
    detail: {
      httpVersion: '2', frameType: frame.type, stream: frame.streamId,
      ...(flags.length > 0 ? { flags: flags.join(', ') } : {}),
      ...(frame.headerBlockBytes !== undefined ? { headerBlockBytes: frame.headerBlockBytes } : {}),
      ...(frame.type === 'HEADERS' ? context.headersDetail : {}),
      ...(frame.type === 'RST_STREAM' ? { errorCode: resetCode(frame), ...context.resetDetail } : {}),
      // Frames written together share a TLS record: the capture export rebuilds it from the events with the same `write`.
      ...(write !== undefined ? { write } : {}),
      segments: delivery.segments,
    },
  });
}

/**
 * The transport messages a list of frames goes out in, as frame indices: consecutive frames of one
 * side share a message while they fit one TLS record's 2^14 bytes of plaintext (RFC 8446 §5.1), as
 * a stack that buffers a write fills its records; a larger frame (a full DATA frame) is a message
 * of its own. Each message is then delivered on its own, so frames get their own arrival times.
 */
export function writeRuns(frames: readonly Pick<Http2Frame, 'from' | 'bytes'>[]): number[][] {
  const runs: number[][] = [];
  let runBytes = 0;
  frames.forEach((frame, index) => {
    const run = runs[runs.length - 1];
    if (run && frames[run[0]].from === frame.from && runBytes + frame.bytes.length <= MAX_RECORD_PLAINTEXT) {
      run.push(index);
      runBytes += frame.bytes.length;
    } else {
      runs.push([index]);
      runBytes = frame.bytes.length;
    }
  });
  return runs;
}

/**
 * Sends `frames` in order, in the messages writeRuns groups them into: the writer's at
 * once (they queue on the transport in order), a run of the peer's (a WINDOW_UPDATE crediting the
 * writer's DATA) once the frame before it has arrived. Every frame is its own event.
 * `onFrame` runs as each arrives; `onAll` when the last has.
 */
function sendFrames(
  topology: Http2Topology, session: Http2Session, writer: Http2Role, frames: readonly Http2Frame[], context: FrameContext,
  onFrame: (frame: Http2Frame, delivery: Delivery) => void, onAll: (deliveries: Delivery[]) => void,
): void {
  invariant(frames.length > 0 && frames[0].from === writer, 'http2: a frame list starts with its writer\'s frame');
  const runs = writeRuns(frames);
  const deliveries: Delivery[] = new Array<Delivery>(frames.length);
  let arrivedRuns = 0;
  const send = (runIndex: number): void => {
    const run = runs[runIndex];
    const from = frames[run[0]].from;
    const write = session.writes++;
    session.transport.send(from, run.reduce((sum, index) => sum + frames[index].bytes.length, 0), (delivery) => {
      let attributed = 0;
      run.forEach((index, position) => {
        const frame = frames[index];
        // The write's TLS and TCP/IP overhead goes to its last frame, so the events' wire bytes still add up to the packets'.
        const wireBytes = position === run.length - 1 ? delivery.wireBytes - attributed : frame.bytes.length;
        attributed += wireBytes;
        const share: Delivery = { ...delivery, wireBytes, streamBytes: frame.bytes.length, segments: position === run.length - 1 ? delivery.segments : 0 };
        recordFrame(topology, session, frame, share, context, run.length > 1 ? write : undefined);
        deliveries[index] = share;
        onFrame(frame, share);
      });
      const following = runs[runIndex + 1];
      if (following && frames[following[0]].from !== writer) send(runIndex + 1);
      if (++arrivedRuns === runs.length) onAll(deliveries);
    });
  };
  runs.forEach((run, runIndex) => {
    if (frames[run[0]].from === writer) send(runIndex);
  });
}

/**
 * The server's SETTINGS and its ACK of the client's, as node's http2 server (the fidelity harness's
 * stand-in) writes them over TLS: its SETTINGS when its session starts, that is when it has read the
 * client's Finished and computed its answer (tlsProfiles.ts finishedComputeMs), and the ACK when it
 * has read the client's SETTINGS. Read in the same read as the Finished (the preface in the
 * Finished's segment, or arriving within the read latency, tcp.ts serverReadLatencyMs), both go in
 * one record, in one write with what the TLS layer wrote then (1.3 tickets; 1.2 NewSessionTicket +
 * ChangeCipherSpec + Finished): 588 bytes for 1.3 (tickets 542 + 46). Read in a later read, even
 * one that came in during the compute (read when the compute is done, tcp.ts busyUntil), each is
 * a write of its own: 542, 37, 31. On the stand-in's leg of 24 captures of browser and curl, HTTP/2,
 * both TLS versions: a preface 48 to 102 µs behind the Finished was answered with it 13 times out of
 * 13, one 156 µs or more behind it apart 11 times out of 11, two of them arriving 0.16 ms after the
 * Finished and 0.6 ms before the answer. Assumption, named: API Gateway writes its SETTINGS the
 * same way; AWS does not say. Over plain TCP (h2c) the server answers the client's SETTINGS with both at once.
 */
function serverSettingsOnReady(topology: Http2Topology, session: Http2Session): void {
  session.transport.whenServerReady?.((finishedReadAt) => {
    if (session.clientSettingsReadAt === finishedReadAt) {
      sendServerFrames(topology, session, serverPrefaceFrames(session.connection));
      return;
    }
    session.transport.flush('server');
    sendServerFrames(topology, session, serverSettingsFrames(session.connection));
  });
}

/** The server's SETTINGS frames (and ACK); the client ACKs the server's SETTINGS when they arrive. */
function sendServerFrames(topology: Http2Topology, session: Http2Session, frames: Http2Frame[]): void {
  if (frames.some((frame) => frame.type === 'SETTINGS' && !frameFlagNames(frame).includes('ACK'))) session.serverSettingsSent = true;
  sendFrames(topology, session, 'server', frames, {}, (serverFrame) => {
    // A client that never wrote its preface on this connection (one it opened and closed unused) answers nothing.
    if (serverFrame.type === 'SETTINGS' && !frameFlagNames(serverFrame).includes('ACK') && session.connection.opened) {
      sendFrames(topology, session, 'client', [clientSettingsAck(session.connection)], {}, () => {}, () => {});
    }
  }, () => {});
}

/** The server reads the client's SETTINGS: it ACKs them, with its own SETTINGS unless they went when its session started. */
function onClientFrame(topology: Http2Topology, session: Http2Session, frame: Http2Frame, delivery: Delivery): void {
  if (frame.type !== 'SETTINGS' || frameFlagNames(frame).includes('ACK')) return;
  session.clientSettingsReadAt = delivery.deliveredAt;
  if (session.serverSettingsSent) {
    sendFrames(topology, session, 'server', [serverSettingsAck(session.connection)], {}, () => {}, () => {});
    return;
  }
  // Over TLS the server's session has not started yet: serverSettingsOnReady writes both.
  if (session.transport.whenServerReady) return;
  sendServerFrames(topology, session, serverPrefaceFrames(session.connection));
}

/** The request as an h2 message: Host becomes :authority (RFC 9113 §8.3.1). */
function h2Request(session: Http2Session, request: HttpRequest): Parameters<typeof requestFrames>[1] {
  const authority = headerValue(request.headers, 'host');
  invariant(authority !== undefined, 'http2: a request without Host has no :authority');
  return { method: request.method, scheme: session.scheme, authority, path: request.target, headers: request.headers, ...(request.body ? { body: request.body } : {}) };
}

/**
 * Writes `request` on the session's next stream (opening the connection with the preface first);
 * `onReceived` runs when the server has read all of it (its last frame: HEADERS or DATA with END_STREAM).
 */
export function sendHttp2Request(topology: Http2Topology, session: Http2Session, request: HttpRequest, onReceived: (streamId: number, at: Delivery) => void, marker: Record<string, string> = {}): void {
  const opening = !session.connection.opened ? clientPrefaceFrames(session.connection) : [];
  const { streamId, frames } = requestFrames(session.connection, h2Request(session, request));
  const context: FrameContext = { headersName: requestLabel(request), headersDetail: { method: request.method, target: request.target, ...marker } };
  if (opening.length > 0 && session.writesPrefaceApart) {
    // Chromium and curl write the preface (a TLS record of its own) before the request: tlsProfiles.ts writesHandshakeApart.
    sendFrames(topology, session, 'client', opening, context, (frame, delivery) => onClientFrame(topology, session, frame, delivery), () => {});
    session.transport.flush('client');
  }
  const all = session.writesPrefaceApart ? frames : [...opening, ...frames];
  sendFrames(topology, session, 'client', all, context, (frame, delivery) => onClientFrame(topology, session, frame, delivery), (deliveries) => {
    // The request is complete when the frame that ends its stream arrives: the last one the client wrote.
    const last = all.map((frame, index) => [frame, index] as const).filter(([frame]) => frame.from === 'client').pop()!;
    onReceived(streamId, deliveries[last[1]]);
  });
}

/** Writes `response` on `streamId`; `onDelivered` gets the arrival of its HEADERS and of its last frame. */
export function sendHttp2Response(
  topology: Http2Topology, session: Http2Session, streamId: number, response: HttpResponse, onDelivered: (headers: Delivery, end: Delivery) => void, marker: Record<string, string> = {},
): void {
  const body = response.toHead ? undefined : response.body;
  const frames = responseFrames(session.connection, streamId, { status: response.status, headers: response.headers, ...(body ? { body } : {}) });
  const context: FrameContext = { headersName: responseLabel(response), headersDetail: { status: response.status, bodyBytes: body?.length ?? 0, ...marker } };
  sendFrames(topology, session, 'server', frames, context, () => {}, (deliveries) => {
    const last = frames.map((frame, index) => [frame, index] as const).filter(([frame]) => frame.from === 'server').pop()!;
    onDelivered(deliveries[0], deliveries[last[1]]);
  });
}

/**
 * The client's RST_STREAM with CANCEL on `streamId` (RFC 9113 §6.4; §8.7: a client no longer
 * interested in a response cancels its stream), a write of its own; `reason` goes in the
 * event's detail. Chromium sends it even on a stream whose response has ended
 * (profiles.ts blockedResponseCancelMs); the server, its stream closed, ignores it (RFC 9113
 * §5.1, "closed": RST_STREAM arriving shortly after the END_STREAM it sent MUST be ignored).
 */
export function sendHttp2StreamCancel(topology: Http2Topology, session: Http2Session, streamId: number, reason: string): void {
  const frame: Http2Frame = { from: 'client', type: 'RST_STREAM', streamId, bytes: encodeRstStream(streamId, 'CANCEL'), label: `RST_STREAM ${streamId} CANCEL` };
  sendFrames(topology, session, 'client', [frame], { resetDetail: { reason } }, () => {}, () => {});
}

/**
 * The server's GOAWAY (RFC 9113 §6.8): NO_ERROR, naming the last stream it processed, before it
 * closes the connection (close_notify and FIN follow); the client opens a new connection for what
 * comes next. `onClosed` runs when the close has been sent.
 */
export function sendHttp2Goaway(topology: Http2Topology, session: Http2Session, onClosed: () => void): void {
  const lastStreamId = Math.max(0, session.connection.nextStreamId - 2);
  const frame: Http2Frame = { from: 'server', type: 'GOAWAY', streamId: 0, bytes: encodeGoaway(lastStreamId, 'NO_ERROR'), label: `GOAWAY ${lastStreamId}` };
  sendFrames(topology, session, 'server', [frame], {}, () => {}, () => {});
  session.transport.close('server', () => onClosed());
}
