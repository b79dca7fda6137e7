import type { HpackStyle } from './hpack/encoder';
import type { PrioritySignal } from './frames';

/** The pseudo-headers of a request (RFC 9113 §8.3.1). */
export type RequestPseudoHeader = ':method' | ':authority' | ':scheme' | ':path';

/** What one implementation sends on an HTTP/2 connection, before and around its requests or responses. */
export interface Http2EndpointProfile {
  label: string;
  hpack: HpackStyle;
  /** The SETTINGS frame after the preface, identifiers and values in the order sent. */
  settings: readonly (readonly [number, number])[];
  /** The connection WINDOW_UPDATE sent right after SETTINGS, or 0 for none. */
  connectionWindowIncrement: number;
  /** Request pseudo-headers in the order sent (clients only). */
  pseudoHeaderOrder: readonly RequestPseudoHeader[];
  /** The priority fields carried in each request's HEADERS (PRIORITY flag), if any. */
  headersPriority?: PrioritySignal;
  /** Whether a message with a body carries content-length. */
  sendsContentLength: boolean;
  /** content-length leads the regular fields (Chromium's) rather than closing them (nghttp2's callers'). */
  contentLengthFirst?: boolean;
  /** The RFC 9218 `priority` field the client adds last to each request (§4, §5), if any. */
  priorityField?: string;
  /**
   * A client that resets the stream of a response its page may not read (a failed CORS check):
   * its RST_STREAM(CANCEL) leaves this long (ms) after the response's last frame arrived, the time
   * the client takes to check the response and tear the request down. Absent: it sends nothing.
   */
  blockedResponseCancelMs?: number;
  /** Where each value comes from; what could not be checked is named an assumption. */
  source: string;
}

/*
 * One table, each row with its sources:
 *
 *  profile  SETTINGS (id:value, in order)             conn. WINDOW_UPDATE  priority in HEADERS    pseudo-headers  HPACK
 *  browser  1:65536 2:0 4:6291456 6:262144            15663105             excl., dep 0, w 220    m a s p         Chromium
 *  curl     3:100 4:33554432 2:0                      33488897             none                   m p s a         nghttp2
 *  node     (none: an empty SETTINGS)                 none                 none                   m p a s         nghttp2
 *  gateway  3:128                                     none                 n/a                    n/a             nghttp2 (assumed)
 */

/**
 * Chromium 156 (Chrome's desktop and Android network stack). The opening, the HEADERS priority
 * fields and the HPACK bytes are checked against Chromium 156 in
 * test/simulator/net/http2/chromium.realBrowser.test.ts.
 * - SETTINGS, WINDOW_UPDATE, pseudo-header order: the "Akamai" HTTP/2 fingerprint published for
 *   Chrome, `1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p` (no PRIORITY frames), matching
 *   net/spdy/spdy_session_pool defaults (kSpdySessionMaxRecvWindowSize 15 MB, stream window 6 MB).
 * - Priority: Chromium sets PRIORITY on HEADERS, exclusive, on the previous stream of equal or higher
 *   priority (stream 0 when none is open); weight 220 is net::MEDIUM through Spdy3PriorityToHttp2Weight,
 *   the priority of a fetch() (seen in the capture; a navigation is HIGHEST, 256).
 * - The RFC 9218 `priority` field, last in every request's list over h2 (never over HTTP/1.1):
 *   `u=1, i` on a fetch() and on its CORS preflight, as the fidelity harness captured from Chromium
 *   156 (bench/chromiumClient.ts; test/simulator/scenario/browserHeaders.test.ts). Urgency 1 is the
 *   fetch()'s net::MEDIUM, the priority the HEADERS weight says; `i`: incremental. A navigation
 *   would say `u=0, i`: the profile, like its weight, models fetch() requests. content-length, on
 *   a request with a body, comes first after the pseudo-headers (captured the same way). Assumption, not
 *   modelled: the GREASE settings and frames Chromium may send behind a field trial (none were seen).
 */
const BROWSER: Http2EndpointProfile = {
  label: 'Chromium 156', hpack: 'chromium',
  settings: [[0x1, 65_536], [0x2, 0], [0x4, 6_291_456], [0x6, 262_144]], connectionWindowIncrement: 15_663_105,
  pseudoHeaderOrder: [':method', ':authority', ':scheme', ':path'], headersPriority: { exclusive: true, dependsOn: 0, weight: 220 }, sendsContentLength: true,
  priorityField: 'u=1, i', contentLengthFirst: true,
  /*
   * A response its CORS check blocks ends the fetch() in the network service: CorsURLLoader fails
   * the request and drops its network URLLoader, and the URLRequest and HttpNetworkTransaction go
   * with it. The transaction's destructor closes its stream; SpdyHttpStream::Close is Cancel(),
   * which calls SpdyStream::Cancel(ERR_ABORTED); that resets the stream unless it is already
   * STATE_CLOSED, and SpdySession::ResetStreamIterator maps ERR_ABORTED to RST_STREAM CANCEL
   * (Chromium's net/http/http_network_transaction.cc, net/spdy/spdy_http_stream.cc,
   * spdy_stream.cc, spdy_session.cc, read in klzgrad/naiveproxy's copy of Chromium's net/). The
   * harness's captures of browser × REST (a cross-origin GET whose response lacks
   * Access-Control-Allow-Origin) show the RST_STREAM although the response's DATA carried
   * END_STREAM: 13 bytes on the response's stream, in a TLS record of its own. The source read
   * does not settle why Chromium still holds the stream open then (SpdyStream::OnDataReceived
   * closes a half-closed (local) stream on END_STREAM), so the captures are the evidence. A response
   * that passes CORS is read to its end and nothing is sent (browser × HTTP captures).
   * Measured on the harness's machine (2 shared vCPUs, other work running beside it), from the
   * segment carrying the response's END_STREAM to the RST_STREAM's segment on the client's leg
   * (port 443), 24 captures of `npm run fidelity -- --only "browser × REST × TLS 1.x"`: quartiles
   * 1.3 / 1.9 / 3.0 ms, range 0.65 to 9.3 (TLS 1.2 median 1.8, TLS 1.3 2.2; every capture a 13-byte
   * frame on stream 1, in a 35-byte segment over TLS 1.3, 42 over TLS 1.2). The median, 1.9 ms,
   * is this machine's figure (the renderer and network service under load), not Chromium's constant.
   */
  blockedResponseCancelMs: 1.9,
  source: 'Chrome HTTP/2 fingerprint 1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p; quiche hpack_encoder.cc',
};

/**
 * curl 7.88.1 with nghttp2 1.52 (the curl this project's tests run; lib/http2.c populate_settings):
 * MAX_CONCURRENT_STREAMS 100, INITIAL_WINDOW_SIZE 32 MiB (HTTP2_HUGE_WINDOW_SIZE), ENABLE_PUSH 0, then
 * a connection WINDOW_UPDATE raising the window to 32 MiB (33554432 - 65535). Pseudo-headers
 * :method :path :scheme :authority (lib/http2.c builds them in that order). Checked byte for byte
 * against a capture of curl in test/simulator/net/http2/nghttp2.realNode.test.ts.
 * Later curl 8.x sends other window sizes (10 MiB per stream): a different profile, not modelled.
 */
const CURL: Http2EndpointProfile = {
  label: 'curl 7.88.1 (nghttp2)', hpack: 'nghttp2',
  settings: [[0x3, 100], [0x4, 33_554_432], [0x2, 0]], connectionWindowIncrement: 33_488_897,
  pseudoHeaderOrder: [':method', ':path', ':scheme', ':authority'], sendsContentLength: true,
  source: 'curl lib/http2.c populate_settings, HTTP2_HUGE_WINDOW_SIZE; captured from curl 7.88.1',
};

/**
 * Node's http2 client (node:http2 on nghttp2, Node 20): its SETTINGS frame is empty because every
 * default equals the protocol's, and it sends no WINDOW_UPDATE until data arrives. Pseudo-headers
 * in the order of `client.request({ ':method', ':path', ... })` with :authority and :scheme added
 * after (lib/internal/http2/core.js). Checked byte for byte against node:http2 in the tests.
 * Assumption: the caller does not set `content-length`; node:http2 does not add one.
 */
const NODE: Http2EndpointProfile = {
  label: 'Node http2 (nghttp2)', hpack: 'nghttp2',
  settings: [], connectionWindowIncrement: 0,
  pseudoHeaderOrder: [':method', ':path', ':authority', ':scheme'], sendsContentLength: false,
  source: 'node:http2 lib/internal/http2/core.js; captured from Node 20',
};

/**
 * API Gateway's side of the connection (REST, HTTP API, and the CloudFront edge of an
 * edge-optimized API). Public curl -v transcripts show only "MAX_CONCURRENT_STREAMS == 128"
 * once the gateway's SETTINGS arrive. Assumptions, named: no other setting is sent (so header
 * table 4096, initial window 65535, max frame 16384, the nghttp2 defaults), no connection
 * WINDOW_UPDATE, an nghttp2-like HPACK encoder, and content-length on every response with a body
 * (the curl transcripts show `content-length` on HTTP/2 responses).
 */
const API_GATEWAY: Http2EndpointProfile = {
  label: 'API Gateway', hpack: 'nghttp2',
  settings: [[0x3, 128]], connectionWindowIncrement: 0,
  pseudoHeaderOrder: [], sendsContentLength: true,
  source: 'curl -v transcripts of API Gateway: MAX_CONCURRENT_STREAMS == 128; the rest nghttp2 defaults (assumption)',
};

export type Http2ClientProfileName = 'browser' | 'curl' | 'node';

export const HTTP2_CLIENT_PROFILES: Readonly<Record<Http2ClientProfileName, Http2EndpointProfile>> = { browser: BROWSER, curl: CURL, node: NODE };
export const HTTP2_GATEWAY_PROFILE: Http2EndpointProfile = API_GATEWAY;
