import { invariant } from '../../errors';
import type { HeaderList } from '../http';
import { applySettings, firstStreamId, INITIAL_SETTINGS, ReceiveWindow, SendWindow, type Http2Settings } from './connection';
import {
  CONNECTION_PREFACE, encodeData, encodeHeaders, encodeSettings, encodeSettingsAck, encodeWindowUpdate, SETTINGS, type FrameTypeName,
} from './frames';
import type { HeaderField } from './hpack/decoder';
import { HpackEncoder } from './hpack/encoder';
import { HTTP2_GATEWAY_PROFILE, type Http2EndpointProfile, type RequestPseudoHeader } from './profiles';

/*
 * The bytes of HTTP/2 exchanges on one connection, in the order each side writes them:
 *
 *   client                                   server
 *   PRI * HTTP/2.0 preface, SETTINGS,
 *   [WINDOW_UPDATE], HEADERS, [DATA] ------>
 *                                   <------  SETTINGS, SETTINGS ACK
 *   SETTINGS ACK ------------------------>
 *                                   <------  HEADERS, [DATA]      (WINDOW_UPDATEs where a window is half used)
 *
 * Later requests on the connection are HEADERS and DATA only, on streams 3, 5, ..., and their
 * header blocks refer to what earlier blocks added to each side's HPACK table, so they shrink.
 */

export type Http2Role = 'client' | 'server';

/** One frame as written: who sent it, its type and stream, its bytes, and a label for people. */
export interface Http2Frame {
  from: Http2Role;
  /** PREFACE is the client's 24-byte connection preface, not a frame, listed first so the bytes add up. */
  type: FrameTypeName | 'PREFACE';
  streamId: number;
  bytes: Uint8Array;
  label: string;
  /** The HPACK block a HEADERS frame (with its CONTINUATIONs) carries, in bytes. */
  headerBlockBytes?: number;
}

export interface Http2RequestMessage {
  method: string;
  scheme: 'http' | 'https';
  /** Host and port as in the URL, the HTTP/1.1 Host header's value. */
  authority: string;
  /** Path and query. */
  path: string;
  /** Regular header fields, any case; connection-specific ones are dropped (RFC 9113 §8.2.2). */
  headers: HeaderList;
  body?: Uint8Array;
}

export interface Http2ResponseMessage {
  status: number;
  headers: HeaderList;
  body?: Uint8Array;
}

/** One side of the connection: its profile, its HPACK encoder, and what it knows of both sides' settings and windows. */
interface Http2Side {
  readonly role: Http2Role;
  readonly profile: Http2EndpointProfile;
  readonly encoder: HpackEncoder;
  own: Http2Settings;
  peer: Http2Settings;
  readonly connectionReceive: ReceiveWindow;
  readonly connectionSend: SendWindow;
}

/** A connection's state, owned by the caller and advanced by each `http2Exchange`. */
export interface Http2Connection {
  readonly client: Http2Side;
  readonly server: Http2Side;
  nextStreamId: number;
  opened: boolean;
}

function side(role: Http2Role, profile: Http2EndpointProfile): Http2Side {
  const own = applySettings(INITIAL_SETTINGS, profile.settings);
  return {
    role,
    profile,
    encoder: new HpackEncoder({ style: profile.hpack }),
    own,
    peer: { ...INITIAL_SETTINGS },
    connectionReceive: new ReceiveWindow(INITIAL_SETTINGS.initialWindowSize + profile.connectionWindowIncrement),
    // The connection window is not changed by SETTINGS_INITIAL_WINDOW_SIZE, only by WINDOW_UPDATE (RFC 9113 §6.9.2).
    connectionSend: new SendWindow(INITIAL_SETTINGS.initialWindowSize),
  };
}

/** A new connection between a client profile and a server profile (API Gateway by default); nothing is written yet. */
export function openHttp2Connection(client: Http2EndpointProfile, server: Http2EndpointProfile = HTTP2_GATEWAY_PROFILE): Http2Connection {
  return { client: side('client', client), server: side('server', server), nextStreamId: firstStreamId('client'), opened: false };
}

/** Header fields that mean something only to one HTTP/1.1 connection: an HTTP/2 message must not carry them (RFC 9113 §8.2.2); Host becomes :authority (§8.3.1). */
const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

/** Lowercased names (RFC 9113 §8.2.1), connection-specific fields dropped, content-length added when the profile sends it. */
function regularFields(headers: HeaderList, body: Uint8Array | undefined, profile: Http2EndpointProfile): HeaderField[] {
  const fields: HeaderField[] = [];
  let hasLength = false;
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (CONNECTION_SPECIFIC.has(lower)) continue;
    if (lower === 'content-length') hasLength = true;
    fields.push([lower, value]);
  }
  if (body !== undefined && profile.sendsContentLength && !hasLength) {
    const length: HeaderField = ['content-length', String(body.length)];
    if (profile.contentLengthFirst) fields.unshift(length);
    else fields.push(length);
  }
  return fields;
}

/** A request's regular fields, with the client profile's RFC 9218 priority field last unless the caller set one. */
function requestFields(headers: HeaderList, body: Uint8Array | undefined, profile: Http2EndpointProfile): HeaderField[] {
  const fields = regularFields(headers, body, profile);
  if (profile.priorityField !== undefined && !fields.some(([name]) => name === 'priority')) fields.push(['priority', profile.priorityField]);
  return fields;
}

/** The request's header list as the client profile orders it. */
export function requestHeaderList(request: Http2RequestMessage, profile: Http2EndpointProfile): HeaderField[] {
  const pseudo: Record<RequestPseudoHeader, string> = { ':method': request.method, ':authority': request.authority, ':scheme': request.scheme, ':path': request.path };
  return [...profile.pseudoHeaderOrder.map((name): HeaderField => [name, pseudo[name]]), ...requestFields(request.headers, request.body, profile)];
}

/** The response's header list: :status first (RFC 9113 §8.3.2), then the regular fields. */
export function responseHeaderList(response: Http2ResponseMessage, profile: Http2EndpointProfile): HeaderField[] {
  return [[':status', String(response.status)], ...regularFields(response.headers, response.body, profile)];
}

/** A side's SETTINGS and connection WINDOW_UPDATE after the preface; the WINDOW_UPDATE credits the peer's send window. */
function settingsFrames(from: Http2Side, to: Http2Side): Http2Frame[] {
  const frames: Http2Frame[] = [{ from: from.role, type: 'SETTINGS', streamId: 0, bytes: encodeSettings(from.profile.settings), label: `SETTINGS${from.profile.settings.map(([id, value]) => ` ${id}:${value}`).join('')}` }];
  if (from.profile.connectionWindowIncrement > 0) {
    frames.push({ from: from.role, type: 'WINDOW_UPDATE', streamId: 0, bytes: encodeWindowUpdate(0, from.profile.connectionWindowIncrement), label: `WINDOW_UPDATE 0 +${from.profile.connectionWindowIncrement}` });
    to.connectionSend.credit(from.profile.connectionWindowIncrement);
  }
  return frames;
}

/** `to` takes in `from`'s SETTINGS: its view of the peer's settings, and its HPACK encoder's table size (RFC 7541 §4.2). */
function receiveSettings(to: Http2Side, from: Http2Side): Http2Frame {
  to.peer = applySettings(to.peer, from.profile.settings);
  for (const [identifier, value] of from.profile.settings) {
    if (identifier === SETTINGS.HEADER_TABLE_SIZE) to.encoder.applyPeerTableSize(value);
  }
  return { from: to.role, type: 'SETTINGS', streamId: 0, bytes: encodeSettingsAck(), label: 'SETTINGS ACK' };
}

function headerFrames(from: Http2Side, streamId: number, fields: HeaderField[], endStream: boolean, label: string): Http2Frame[] {
  const block = from.encoder.encode(fields);
  const priority = from.role === 'client' ? from.profile.headersPriority : undefined;
  return encodeHeaders(streamId, block, { endStream, maxFrameSize: from.peer.maxFrameSize, ...(priority ? { priority } : {}) }).map((bytes, i) => ({
    from: from.role, type: i === 0 ? 'HEADERS' as const : 'CONTINUATION' as const, streamId, bytes,
    label: i === 0 ? `HEADERS ${streamId} ${label}` : `CONTINUATION ${streamId}`, ...(i === 0 ? { headerBlockBytes: block.length } : {}),
  }));
}

/**
 * DATA frames of at most the peer's SETTINGS_MAX_FRAME_SIZE and what both windows allow, the last
 * with END_STREAM; the receiver's WINDOW_UPDATEs (connection and stream) follow the DATA that
 * makes it half consume a window. No WINDOW_UPDATE is sent for a stream the DATA just ended.
 */
function dataFrames(from: Http2Side, to: Http2Side, streamId: number, body: Uint8Array): Http2Frame[] {
  const frames: Http2Frame[] = [];
  const streamSend = new SendWindow(from.peer.initialWindowSize);
  const streamReceive = new ReceiveWindow(to.own.initialWindowSize);
  for (let offset = 0; offset < body.length;) {
    const size = Math.min(body.length - offset, from.peer.maxFrameSize, from.connectionSend.remaining, streamSend.remaining);
    invariant(size > 0, 'HTTP/2 flow control stalled: the receiver credits half its window, so the sender never runs dry');
    const end = offset + size;
    const endStream = end === body.length;
    frames.push({ from: from.role, type: 'DATA', streamId, bytes: encodeData(streamId, body.subarray(offset, end), { endStream }), label: `DATA ${streamId} ${size} B${endStream ? ' END_STREAM' : ''}` });
    from.connectionSend.spend(size);
    streamSend.spend(size);
    const connectionCredit = to.connectionReceive.receive(size);
    if (connectionCredit > 0) {
      frames.push({ from: to.role, type: 'WINDOW_UPDATE', streamId: 0, bytes: encodeWindowUpdate(0, connectionCredit), label: `WINDOW_UPDATE 0 +${connectionCredit}` });
      from.connectionSend.credit(connectionCredit);
    }
    const streamCredit = endStream ? 0 : streamReceive.receive(size);
    if (streamCredit > 0) {
      frames.push({ from: to.role, type: 'WINDOW_UPDATE', streamId, bytes: encodeWindowUpdate(streamId, streamCredit), label: `WINDOW_UPDATE ${streamId} +${streamCredit}` });
      streamSend.credit(streamCredit);
    }
    offset = end;
  }
  return frames;
}

/** The client's connection preface and its SETTINGS (+ connection WINDOW_UPDATE): what it writes first on a new connection (RFC 9113 §3.4). */
export function clientPrefaceFrames(connection: Http2Connection): Http2Frame[] {
  invariant(!connection.opened, 'http2: the client preface is written once per connection');
  connection.opened = true;
  return [{ from: 'client', type: 'PREFACE', streamId: 0, bytes: CONNECTION_PREFACE, label: 'PRI * HTTP/2.0' }, ...settingsFrames(connection.client, connection.server)];
}

/**
 * The server's answer to the preface: its own SETTINGS (the server connection preface, RFC 9113
 * §3.4), then the ACK of the client's SETTINGS, which it has now applied.
 */
export function serverPrefaceFrames(connection: Http2Connection): Http2Frame[] {
  return [...serverSettingsFrames(connection), serverSettingsAck(connection)];
}

/** The server's own SETTINGS (the server connection preface, RFC 9113 §3.4), written on their own. */
export function serverSettingsFrames(connection: Http2Connection): Http2Frame[] {
  return settingsFrames(connection.server, connection.client);
}

/** The server's ACK of the client's SETTINGS, which it has now applied (RFC 9113 §6.5.3). */
export function serverSettingsAck(connection: Http2Connection): Http2Frame {
  return receiveSettings(connection.server, connection.client);
}

/** The client's ACK of the server's SETTINGS, once they arrive (RFC 9113 §6.5.3). */
export function clientSettingsAck(connection: Http2Connection): Http2Frame {
  return receiveSettings(connection.client, connection.server);
}

/** A request on the connection's next stream: HEADERS (+ CONTINUATION) and DATA, with the server's WINDOW_UPDATEs where a window is half used. */
export function requestFrames(connection: Http2Connection, request: Http2RequestMessage): { streamId: number; frames: Http2Frame[] } {
  const { client, server } = connection;
  const streamId = connection.nextStreamId;
  connection.nextStreamId += 2;
  const body = request.body !== undefined && request.body.length > 0 ? request.body : undefined;
  const frames = headerFrames(client, streamId, requestHeaderList(request, client.profile), body === undefined, `${request.method} ${request.path}`);
  if (body) frames.push(...dataFrames(client, server, streamId, body));
  return { streamId, frames };
}

/** The response on `streamId`: HEADERS (+ CONTINUATION) and DATA, with the client's WINDOW_UPDATEs. */
export function responseFrames(connection: Http2Connection, streamId: number, response: Http2ResponseMessage): Http2Frame[] {
  const { client, server } = connection;
  const body = response.body !== undefined && response.body.length > 0 ? response.body : undefined;
  const frames = headerFrames(server, streamId, responseHeaderList(response, server.profile), body === undefined, `${response.status}`);
  if (body) frames.push(...dataFrames(server, client, streamId, body));
  return frames;
}

/**
 * The frames of one request and its response on `connection`, in the order written, opening the
 * connection first if this is its first exchange. Deterministic: the same connection state and
 * messages give the same bytes. It advances the connection (stream ids, HPACK tables, windows),
 * so the next call on the same connection writes the shorter blocks a kept-alive h2 connection sends.
 */
export function http2Exchange(connection: Http2Connection, request: Http2RequestMessage, response: Http2ResponseMessage): Http2Frame[] {
  const opening = !connection.opened;
  const frames: Http2Frame[] = opening ? clientPrefaceFrames(connection) : [];
  const { streamId, frames: requestSide } = requestFrames(connection, request);
  frames.push(...requestSide);
  if (opening) {
    // The server answers the preface with its own SETTINGS, then acknowledges the client's; the client acknowledges the server's.
    frames.push(...serverPrefaceFrames(connection), clientSettingsAck(connection));
  }
  frames.push(...responseFrames(connection, streamId, response));
  return frames;
}
