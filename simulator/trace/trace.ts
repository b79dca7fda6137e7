/**
 * The trace, in the two forms it takes: `Trace`, as the simulator makes it and every consumer
 * inside the simulator reads it (the CLI, the exports, live mode), with each message's payload
 * as bytes; and `TraceJson`, the same with the payload as hex text, which is what crosses a
 * JSON boundary (the webview's messages; simulator/trace/traceJson.ts makes it). Type
 * declarations only, so the webview compiles against them.
 * Times are simulated milliseconds from the start of the scenario.
 */

/** Protocol layer of an event; the webview toggles layers by this. */
export type Layer = 'dns' | 'tcp' | 'tls' | 'http' | 'ws' | 'gateway' | 'backend';

/** TLS messages a record carries, as the TLS 1.2 and 1.3 RFCs name them (`tls.client_hello`). */
export type TlsMessageKind =
  | 'client_hello' | 'server_hello' | 'change_cipher_spec' | 'encrypted_extensions' | 'certificate' | 'certificate_verify'
  | 'server_key_exchange' | 'server_hello_done' | 'client_key_exchange' | 'finished' | 'new_session_ticket'
  | 'end_of_early_data' | 'early_data' | 'application_data' | 'alert'
  /** A handshake message a live run could not identify. */
  | 'handshake';

/**
 * HTTP/2 frames other than a message's first HEADERS (RFC 9113 §6), as `http.h2_<type>` kinds, and
 * the client's connection preface (§3.4): on the http layer, so `<layer>.<what>` holds for them too
 * (the webview checks it where traces arrive). A request's and a response's HEADERS frame keeps the
 * kind `http.request` / `http.response` (with `detail.httpVersion` '2' and `detail.stream`), so
 * everything that follows requests and responses finds them under either version.
 */
export type Http2FrameKind =
  | 'preface' | 'data' | 'continuation' | 'priority' | 'rst_stream' | 'settings' | 'push_promise' | 'ping' | 'goaway' | 'window_update';

/**
 * What an event is, for code: views, exports and cost decide by this, never by the display
 * `name`, which is for people and may change. `<layer>.<what>`: a message on the wire
 * (`tcp.syn`, `tls.client_hello`, `http.request`, `ws.frame`), a message between AWS services
 * (`gateway.message`, `backend.invoke`), or a step a party takes by itself (`gateway.step`).
 */
export type EventKind =
  | 'dns.cache_hit' | 'dns.query' | 'dns.response' | 'dns.timeout'
  | 'tcp.syn' | 'tcp.syn_ack' | 'tcp.ack' | 'tcp.fin' | 'tcp.rst' | 'tcp.retransmission' | 'tcp.segment_lost' | 'tcp.abandoned'
  | `tls.${TlsMessageKind}`
  | 'http.request' | 'http.response'
  /** The browser's CORS check of a response (a step the client takes by itself): passed, or the fetch blocked with Chromium's words. */
  | 'http.cors_check'
  | `http.h2_${Http2FrameKind}`
  | 'ws.frame'
  | 'gateway.message' | 'gateway.step' | 'gateway.error_response' | 'gateway.authorize'
  | 'backend.invoke' | 'backend.message' | 'backend.step';

export type ParticipantKind =
  | 'client'
  | 'dns'
  | 'edge'
  | 'gateway'
  | 'waf'
  | 'authorizer'
  | 'integration'
  | 'vpclink'
  | 'loadbalancer'
  | 'database'
  | 'backend'
  | 'server';

export interface Participant {
  id: string;
  label: string;
  kind: ParticipantKind;
}

/** A scalar field shown in an event's details. */
export type DetailValue = string | number | boolean;

export interface TraceError {
  /** Stable code, e.g. `THROTTLED`, `MESSAGE_TOO_BIG`, `TCP_RETRANSMISSION_LIMIT`. */
  code: string;
  /** The protocol's own status: HTTP status, WebSocket close code or TLS alert number. */
  status?: number;
  message: string;
}

/** What an event says in either form of the trace; code that reads no payload takes this. */
export interface EventFields {
  /** Position in `Trace.events`, which is ordered by (time, arrival, recording order). */
  id: number;
  /** When the first byte leaves `from` (ms). */
  time: number;
  /** When the last byte reaches `to` (ms); equal to `time` for instantaneous steps. */
  arrival: number;
  from: string;
  to: string;
  layer: Layer;
  /** What the event is, for code (see EventKind); the trace JSON's `kind`. */
  kind: EventKind;
  /** What a protocol analyser would call it: `SYN`, `ClientHello`, `GET /products/123`, `text frame`. */
  name: string;
  /** Size of the message at its own layer, its own headers included. */
  bytes: number;
  /**
   * What the message costs on the wire: its bytes plus TLS record overhead and the
   * TCP/IP (or UDP/IP) headers of the packets that carry it. Every packet's header is
   * attributed to exactly one event, so the sum over events equals the sum over packets.
   */
  wireBytes: number;
  /** Transport connection the message travels on, e.g. `tcp-1`. */
  connection?: string;
  /**
   * The client request a gateway or backend event serves (`request-1`, …), where one gateway
   * serves several at once: a page's concurrent fetches, multiplexed streams. Messages on the
   * client's own connections carry none; their connection and stream say whose they are.
   */
  request?: string;
  detail?: Record<string, DetailValue>;
  error?: TraceError;
}

/** An event inside the simulator. */
export interface TraceEvent extends EventFields {
  /** The exact message bytes (the same bytes `bytes` counts). */
  payload?: Uint8Array;
  /** Never here: so that a `Trace` passed where a `TraceJson` belongs (or back) fails to compile. */
  payloadHex?: never;
}

/** An event as JSON carries it. */
export interface TraceEventJson extends EventFields {
  /** The exact message bytes (the same bytes `bytes` counts), hex-encoded, for the hex view. */
  payloadHex?: string;
  payload?: never;
}

/** One IP packet, for per-packet views and capture exports. */
export interface Packet {
  time: number;
  arrival: number;
  from: string;
  to: string;
  connection: string;
  protocol: 'tcp' | 'udp';
  /** TCP flags as a protocol analyser lists them, e.g. `SYN`, `SYN, ACK`, `PSH, ACK`. */
  flags?: string;
  /** Relative sequence and acknowledgement numbers (0 = the initial sequence number). */
  seq?: number;
  ack?: number;
  payloadBytes: number;
  /** Size of the IP datagram: IP header + transport header + payload. */
  ipBytes: number;
  lost: boolean;
  retransmission: boolean;
}

/**
 * What an exchange is, for code: a request and its response, the WebSocket upgrade (its 101
 * starts the connection minutes), a push the gateway sends on an open connection, or the CORS
 * preflight OPTIONS a browser sends before a request that is not simple.
 */
export type ExchangeKind = 'request' | 'upgrade' | 'push' | 'preflight';

/** One request/response (or upgrade, or push) whose timing the summary reports. */
export interface Exchange {
  /** What the exchange is, for code; `name` is for people. */
  kind: ExchangeKind;
  name: string;
  start: number;
  /** When the first byte of the answer reached the client. */
  firstByte: number;
  /** When the last byte of the answer reached the client. */
  end: number;
  /** Round trips between client and server before the first byte of the answer. */
  roundTrips: number;
  /**
   * The connection the request went on, and its HTTP/2 stream: which request event is this
   * exchange's when several start at once (a page's concurrent fetches).
   */
  connection?: string;
  stream?: number;
  /** The tag the gateway's events for this request carry (TraceEvent.request). */
  request?: string;
}

export interface TraceSummary {
  /** Time to first byte of the first exchange that is not a CORS preflight (ms): a preflight before it counts in its time. */
  timeToFirstByteMs: number;
  totalTimeMs: number;
  /** Round trips before the first byte of the first exchange. */
  roundTrips: number;
  /** IP bytes sent by the client, and received by it. */
  bytesUp: number;
  bytesDown: number;
  packets: number;
  packetsLost: number;
  exchanges: Exchange[];
}

/** A trace with events of either form. */
export interface TraceOf<Event extends EventFields> {
  /** Format version of this structure. */
  version: 1;
  seed: number | string;
  scenario: string;
  participants: Participant[];
  events: Event[];
  packets: Packet[];
  summary: TraceSummary;
  /** The run was calibrated to a recording of the real API (`apigw-sim calibrate`): its file name and how many requests it had. */
  calibration?: { source: string; samples: number };
  /** A page load (scenario/pageLoad.ts): the routes the page called, as its rule picked them. */
  page?: PageSummary;
}

/** The calls of a page load: in words (`concurrently: shop-products GET /products/{productId}, …`) and as route identities. */
export interface PageSummary {
  calls: string[];
  reads: { apiId: string; routeKey: string }[];
  write?: { apiId: string; routeKey: string };
  /** The WebSocket API's id. */
  socket?: string;
}

/** The trace inside the simulator: payloads as bytes. */
export type Trace = TraceOf<TraceEvent>;

/** The trace as JSON carries it (the webview's messages): payloads as hex text. */
export type TraceJson = TraceOf<TraceEventJson>;
