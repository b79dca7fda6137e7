import type { TsharkLayers } from './tsharkJson';

/*
 * One TCP connection as tshark dissected it, per sender: the IP packets (size, payload,
 * flags), the TLS records (outer content type and length, the handshake messages inside),
 * the HTTP/1.1 messages (start line, header lines in order, head bytes), the WebSocket frames
 * (opcode, mask, payload length) and the HTTP/2 frames (type, length, stream). Read the same
 * way from the real capture and from the model's pcapng export, so that the comparison holds
 * like against like. Pure: tshark's JSON in, views out.
 */

export type Side = 'client' | 'server';

export interface WirePacket {
  from: Side;
  /** ms since the connection's first packet. */
  time: number;
  ipBytes: number;
  payloadBytes: number;
  /** Flag names as the model's packets spell them: SYN, ACK, PSH, FIN, RST, comma-separated. */
  flags: string;
  /** tshark's relative sequence number of the first payload byte (1 for the first byte of the stream). */
  seq: number;
  /** Lengths of the TLS records tshark completed in this packet. */
  recordLengths?: number[];
}

export interface WireRecord {
  from: Side;
  /** The type on the wire (TLS 1.3 encrypts the real one: then 23). */
  outerType: number;
  /** Record length (the fragment, without the 5-byte header). */
  length: number;
  /** Handshake message types a plaintext record carries. */
  handshakeTypes: number[];
  /** A ClientHello's encrypted_client_hello extension length (Chromium's ECH GREASE), when it has one. */
  echLength?: number;
}

export interface WireHttpMessage {
  from: Side;
  startLine: string;
  /** Header lines without CRLF, in order. */
  headerLines: string[];
  /** Start line, header lines and the blank line, CRLFs included. */
  headBytes: number;
}

export interface WireWebSocketFrame {
  from: Side;
  opcode: number;
  masked: boolean;
  fin: boolean;
  payloadLength: number;
}

export interface WireHttp2Frame {
  from: Side;
  type: number;
  length: number;
  streamId: number;
  /** A HEADERS frame's :method (HPACK-decoded by tshark). */
  method?: string;
}

export interface ConnectionView {
  /** tshark's tcp.stream index. */
  stream: number;
  /** Epoch time (ms) of the connection's first packet: the origin of every `time`. */
  origin: number;
  packets: WirePacket[];
  records: WireRecord[];
  http: WireHttpMessage[];
  webSocket: WireWebSocketFrame[];
  http2: WireHttp2Frame[];
  /** When the client's ClientHello left (ms since origin). */
  clientHelloAt?: number;
  /** When the first response (HTTP/1.1 status line, or HTTP/2 HEADERS from the server) left the server (ms since origin). */
  firstResponseAt?: number;
  /** When the packet that completed the first request's head (HTTP/1.1, or the client's first HEADERS) was captured (ms since origin). */
  firstRequestAt?: number;
  /**
   * A real connection's instrument error on the way to its first response: the delay relay's
   * lateness on that path (relayCrossings.ts pathLateness), taken off its time to first response.
   */
  relayLatenessOnPathMs?: number;
}

/** The packet of `packets` whose payload holds stream byte `seq` (tshark's relative numbering), if any: the same byte on either leg. */
export function packetHolding(packets: readonly WirePacket[], seq: number): WirePacket | undefined {
  return packets.find((packet) => packet.payloadBytes > 0 && packet.seq <= seq && seq < packet.seq + packet.payloadBytes);
}

/** Every object under `node` that has `key`, in document order. */
export function objectsWith(node: unknown, key: string): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap((item) => objectsWith(item, key));
  if (node === null || typeof node !== 'object') return [];
  const object = node as Record<string, unknown>;
  if (key in object) return [object];
  return Object.values(object).flatMap((value) => objectsWith(value, key));
}

function values(value: unknown): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function first(object: Record<string, unknown> | undefined, key: string): string | undefined {
  return object === undefined ? undefined : values(object[key])[0];
}

const FLAG_BITS: [number, string][] = [[0x02, 'SYN'], [0x01, 'FIN'], [0x04, 'RST'], [0x08, 'PSH'], [0x10, 'ACK']];

export function flagNames(hex: string): string {
  const bits = Number.parseInt(hex, 16);
  return FLAG_BITS.filter(([bit]) => (bits & bit) !== 0).map(([, name]) => name).join(',');
}

/** HTTP/1.1 messages of one frame's `http` layer(s): the start line is the key tshark files the request or status fields under. */
function httpMessages(layer: unknown, from: Side): WireHttpMessage[] {
  const messages = Array.isArray(layer) ? layer : layer === undefined ? [] : [layer];
  return messages.flatMap((message): WireHttpMessage[] => {
    if (message === null || typeof message !== 'object') return [];
    const entries = Object.entries(message as Record<string, unknown>);
    const start = entries.find(([, value]) => value !== null && typeof value === 'object' && !Array.isArray(value)
      && ('http.request.method' in (value as object) || 'http.response.code' in (value as object)));
    if (!start) return [];
    const startLine = start[0].replace(/\\r\\n$/, '');
    const lines = values((message as Record<string, unknown>)['http.request.line'] ?? (message as Record<string, unknown>)['http.response.line']).map((line) => line.replace(/\r\n$/, ''));
    const headBytes = startLine.length + 2 + lines.reduce((sum, line) => sum + line.length + 2, 0) + 2;
    return [{ from, startLine, headerLines: lines, headBytes }];
  });
}

/**
 * The TCP connections of a dissected capture whose server side uses `serverPort` (others are
 * left out): a packet is the server's when its source port is `serverPort`. Connections are
 * in the order they opened.
 */
export function connectionViews(frames: readonly TsharkLayers[], serverPort: number): ConnectionView[] {
  const views = new Map<number, ConnectionView>();
  for (const layers of frames) {
    const tcp = layers.tcp as Record<string, unknown> | undefined;
    if (!tcp) continue;
    const source = Number(first(tcp, 'tcp.srcport'));
    if (source !== serverPort && Number(first(tcp, 'tcp.dstport')) !== serverPort) continue;
    const stream = Number(first(tcp, 'tcp.stream'));
    const at = Number(first(layers.frame as Record<string, unknown>, 'frame.time_epoch')) * 1000;
    let view = views.get(stream);
    if (!view) {
      view = { stream, origin: at, packets: [], records: [], http: [], webSocket: [], http2: [] };
      views.set(stream, view);
    }
    const from: Side = source === serverPort ? 'server' : 'client';
    const time = at - view.origin;
    const ip = (layers.ip ?? layers.ipv6) as Record<string, unknown> | undefined;
    const ipBytes = ip ? Number(first(ip, 'ip.len') ?? Number(first(ip, 'ipv6.plen')) + 40) : 0;
    const records = objectsWith(layers.tls, 'tls.record.length');
    view.packets.push({
      from, time, ipBytes, payloadBytes: Number(first(tcp, 'tcp.len')), seq: Number(first(tcp, 'tcp.seq')), flags: flagNames(first(tcp, 'tcp.flags') ?? '0'),
      ...(records.length > 0 ? { recordLengths: records.map((record) => Number(first(record, 'tls.record.length'))) } : {}),
    });
    for (const record of records) {
      const handshakeTypes = objectsWith(record['tls.handshake'], 'tls.handshake.type').map((handshake) => Number(first(handshake, 'tls.handshake.type')));
      const outerType = Number(first(record, 'tls.record.opaque_type') ?? first(record, 'tls.record.content_type'));
      // After its ChangeCipherSpec a sender's handshake records are encrypted (TLS 1.2 Finished, RFC 5246 §7.4.9): named
      // only by their type on the wire, as a reader without the keys (the model's export) sees them.
      const encrypted = view.records.some((earlier) => earlier.from === from && earlier.outerType === 20);
      // encrypted_client_hello is 0xfe0d (RFC 9849 §11.1; draft-ietf-tls-esni before it).
      const ech = handshakeTypes.includes(1) ? objectsWith(record['tls.handshake'], 'tls.handshake.extension.type').find((extension) => first(extension, 'tls.handshake.extension.type') === '65037') : undefined;
      view.records.push({
        from, outerType, length: Number(first(record, 'tls.record.length')), handshakeTypes: outerType === 22 && !encrypted ? handshakeTypes : [],
        ...(ech ? { echLength: Number(first(ech, 'tls.handshake.extension.len')) } : {}),
      });
      if (from === 'client' && outerType === 22 && handshakeTypes.includes(1)) view.clientHelloAt ??= time;
    }
    const http = httpMessages(layers.http, from);
    view.http.push(...http);
    if (from === 'server' && http.length > 0) view.firstResponseAt ??= time;
    if (from === 'client' && http.length > 0) view.firstRequestAt ??= time;
    for (const frame of objectsWith(layers.websocket, 'websocket.opcode')) {
      view.webSocket.push({
        from, opcode: Number(first(frame, 'websocket.opcode')), masked: first(frame, 'websocket.mask') === '1' || first(frame, 'websocket.mask') === 'True',
        fin: first(frame, 'websocket.fin') === '1' || first(frame, 'websocket.fin') === 'True', payloadLength: Number(first(frame, 'websocket.payload_length')),
      });
    }
    for (const frame of objectsWith(layers.http2, 'http2.type')) {
      const type = Number(first(frame, 'http2.type'));
      const method = objectsWith(frame, 'http2.headers.method').map((header) => first(header, 'http2.headers.method'))[0];
      view.http2.push({ from, type, length: Number(first(frame, 'http2.length')), streamId: Number(first(frame, 'http2.streamid')), ...(method ? { method } : {}) });
      // HEADERS from the server: the response's first bytes; from the client, a request's.
      if (from === 'server' && type === 1) view.firstResponseAt ??= time;
      if (from === 'client' && type === 1) view.firstRequestAt ??= time;
    }
  }
  return [...views.values()].sort((a, b) => a.origin - b.origin);
}

/**
 * One connection from two captures of it: what the client sent as seen on the client's leg
 * (client to relay), what the server sent as seen on the server's leg (relay to server), each
 * sender on its own leg. Times are when the sender sent: the ClientHello on the client's leg,
 * the first response on the server's (one capture, one clock), as the model's export stamps
 * each packet when it leaves its sender. The server's packets keep their own leg's times
 * (compared per sender, never interleaved).
 */
export function joinLegs(clientLeg: ConnectionView, serverLeg: ConnectionView): ConnectionView {
  const mine = <T extends { from: Side }>(client: readonly T[], server: readonly T[]): T[] => [...client.filter((item) => item.from === 'client'), ...server.filter((item) => item.from === 'server')];
  return {
    stream: clientLeg.stream, origin: clientLeg.origin,
    ...(clientLeg.clientHelloAt !== undefined ? { clientHelloAt: clientLeg.clientHelloAt } : {}),
    ...(serverLeg.firstResponseAt !== undefined ? { firstResponseAt: serverLeg.origin + serverLeg.firstResponseAt - clientLeg.origin } : {}),
    packets: mine(clientLeg.packets, serverLeg.packets),
    records: mine(clientLeg.records, serverLeg.records),
    http: mine(clientLeg.http, serverLeg.http),
    webSocket: mine(clientLeg.webSocket, serverLeg.webSocket),
    http2: mine(clientLeg.http2, serverLeg.http2),
  };
}

/** The model's connection: packets and records from the wire view, messages and the first response from the decrypted view. */
export function joinViews(wire: ConnectionView, plain: ConnectionView | undefined): ConnectionView {
  if (!plain) return wire;
  const shift = plain.origin - wire.origin;
  return {
    ...wire, http: plain.http, webSocket: plain.webSocket, http2: plain.http2,
    ...(plain.firstResponseAt !== undefined ? { firstResponseAt: plain.firstResponseAt + shift } : {}),
  };
}
