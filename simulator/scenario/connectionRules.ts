/*
 * Chromium's rules for which connection a page's request goes on, as pure decisions; the
 * connection pool (originPool.ts) follows them while the simulation runs.
 *
 * - HTTP/1.1: at most 6 sockets per group (a group is scheme, host and port, with the privacy
 *   mode): Chromium's net/socket/client_socket_pool_manager.cc (g_max_sockets_per_group for the
 *   normal socket pool; earlier net/http/http_network_session.cc max_sockets_per_group_ = 6). A
 *   request beyond that waits for a socket to come free, which DevTools shows as Stalled.
 * - HTTP/2: one connection per origin, each request a stream of it. A request for an origin the
 *   browser knows speaks HTTP/2 (HttpServerProperties, recorded when a connection negotiated h2
 *   and kept across visits) waits for the connection another request is opening, at most
 *   kHTTP2ThrottleMs = 300 ms (net/http/http_stream_factory_job.h; SpdySessionPool::RequestSession
 *   makes the first request for a session key the blocking one, net/spdy/spdy_session_pool.cc);
 *   after that it opens a socket of its own. Without that knowledge every request asks for its
 *   own socket at once, and a socket that negotiates h2 once a session exists is closed and the
 *   session used (net/http/http_stream_factory_job.cc). Assumption, named: the page is a
 *   returning visitor's, so its browser knows an API Gateway endpoint speaks h2 when ALPN would
 *   choose it (API Gateway offers h2 first, net/alpn.ts).
 * - IP pooling across host names: an HTTP/2 session to host A serves host B when A's certificate
 *   covers B and B resolves to the address A's connection uses (SpdySessionPool::FindAvailableSession;
 *   crbug.com/824805 describes it: the session's one IP must be among B's addresses). Host names
 *   served by one custom domain through API mappings are one host, so one origin, one pool.
 */

/** Chromium's sockets per group for HTTP/1.1 (client_socket_pool_manager.cc). */
export const MAX_SOCKETS_PER_GROUP = 6;

/** How long a request waits for another request's connection to an origin known to speak h2 (http_stream_factory_job.h). */
export const HTTP2_THROTTLE_MS = 300;

/** What the pool knows about an origin when a request for it starts. */
export interface OriginState {
  /** An HTTP/2 session to the origin is open. */
  session: boolean;
  /** A connection to the origin is being opened (DNS, TCP, TLS under way). */
  opening: boolean;
  /** The browser expects the origin to speak h2 (HttpServerProperties). */
  knownH2: boolean;
  /** HTTP/1.1 connections open and idle (kept alive, no request on them). */
  idle: number;
  /** Connections open or being opened. */
  sockets: number;
}

/** Where a request goes: a stream of the session, an idle kept-alive socket, a socket of its own, waiting for the session being opened, or the queue. */
export type ConnectionChoice = 'session' | 'idle' | 'open' | 'await-session' | 'queue';

/** Chromium's choice for a request to an origin in `state`. */
export function chooseConnection(state: OriginState): ConnectionChoice {
  if (state.session) return 'session';
  if (state.idle > 0) return 'idle';
  if (state.knownH2 && state.opening) return 'await-session';
  return state.sockets < MAX_SOCKETS_PER_GROUP ? 'open' : 'queue';
}

/**
 * Whether a certificate name covers a host: exactly, or a wildcard `*.` standing for one whole
 * left-most label (RFC 6125 §6.4.3, as browsers match it; no partial-label wildcards).
 */
export function certificateCovers(name: string, host: string): boolean {
  const pattern = name.toLowerCase();
  const target = host.toLowerCase();
  if (!pattern.startsWith('*.')) return pattern === target;
  const dot = target.indexOf('.');
  return dot > 0 && target.slice(dot + 1) === pattern.slice(2);
}

/** A session's identity for IP pooling: the host it was opened to, the names its certificate covers and the address it connected to. */
export interface PoolableSession {
  host: string;
  certificateNames: readonly string[];
  address: string;
}

/** Whether Chromium sends a request for `host` (resolving to `addresses`) on `session` (SpdySessionPool IP pooling). */
export function canPoolSession(session: PoolableSession, host: string, addresses: readonly string[]): boolean {
  if (session.host.toLowerCase() === host.toLowerCase()) return true;
  return session.certificateNames.some((name) => certificateCovers(name, host)) && addresses.includes(session.address);
}
