import type { EventFields, Exchange, ExchangeKind, TraceOf } from './trace';

/*
 * Each request's time split into the phases Chrome DevTools' Timing tab shows, and HAR 1.2
 * records, read from the trace's typed events: what a web developer compares with their own
 * recordings.
 *
 *   start ─ Queueing ─ Stalled ─ DNS Lookup ─ Initial connection (SSL inside) ─ Request sent ─ Waiting (TTFB) ─ Content Download
 *
 * How the model's events map onto Chromium's load-timing marks (net/base/load_timing_info.h):
 * - DNS Lookup: the client's first DNS query for the request to the answer's arrival; a
 *   cache hit is a lookup of 0 ms, as Chromium reports a host-cache hit.
 * - Initial connection: the SYN to the moment the client writes the request (connectEnd),
 *   TLS included; SSL: the ClientHello to the same moment. As in HAR, `connect` includes `ssl`.
 * - Request sent: Chromium's sendEnd is when the request is written to the socket, not when it
 *   leaves the network card, so the model's value is 0 and the upload time is in Waiting.
 * - Waiting: the request written to the first byte of the answer at the client; Content
 *   Download: that to the answer's last byte.
 * - Queueing: 0; every gap before the first phase is Stalled (HAR's `blocked`), a page's
 *   request waiting for a free connection among them (Chromium's 6 per host, connectionRules.ts).
 * Phases that do not apply are -1, as in HAR: DNS and connection on a reused connection.
 * A WebSocket push is not a request and has no entry.
 */

/** Milliseconds per phase; -1: the phase did not happen for this request. */
export interface RequestPhases {
  queueing: number;
  stalled: number;
  dns: number;
  /** Initial connection, TLS included (HAR `connect`). */
  connect: number;
  ssl: number;
  send: number;
  wait: number;
  receive: number;
}

export interface RequestTiming {
  /** Index of the exchange in the trace summary's `exchanges`. */
  exchange: number;
  kind: Exclude<ExchangeKind, 'push'>;
  name: string;
  start: number;
  /** Start to the answer's last byte: the sum of the phases that apply. */
  total: number;
  phases: RequestPhases;
  /** The request's and the answer's events (`http.request`, `http.response`). */
  requestEvent: number;
  responseEvent: number | undefined;
  connection: string | undefined;
  /** The request opened its connection (DNS, TCP, TLS are its own). */
  newConnection: boolean;
}

/** The phases, in the order DevTools draws them, with its labels. */
export const PHASE_LABELS: readonly (readonly [keyof RequestPhases, string])[] = [
  ['queueing', 'Queueing'],
  ['stalled', 'Stalled'],
  ['dns', 'DNS Lookup'],
  ['connect', 'Initial connection'],
  ['ssl', 'SSL'],
  ['send', 'Request sent'],
  ['wait', 'Waiting for server response'],
  ['receive', 'Content Download'],
];

/** The timing of every request, preflight and upgrade in the trace, in the order they started. */
export function requestTimings(trace: Pick<TraceOf<EventFields>, 'events' | 'summary'>, clientId = 'client'): RequestTiming[] {
  const events = trace.events;
  // Requests in time order; a preflight exchange takes the next preflight, any other the next request that is not one.
  const requests = events.filter((event) => event.kind === 'http.request' && event.from === clientId);
  const isPreflight = (event: EventFields): boolean => event.detail?.cors === 'preflight';
  const claimed = new Set<number>();
  // The first request on each connection opened it: its DNS, TCP and TLS are that request's.
  const opener = new Map<string | undefined, number>();
  for (const request of requests) if (!opener.has(request.connection)) opener.set(request.connection, request.id);
  const timings: RequestTiming[] = [];
  trace.summary.exchanges.forEach((exchange, index) => {
    if (exchange.kind === 'push') return;
    // An exchange that names its connection (and stream) takes the request sent there: a page's concurrent fetches start together.
    const request = requests.find((candidate) => !claimed.has(candidate.id) && candidate.time >= exchange.start && isPreflight(candidate) === (exchange.kind === 'preflight')
      && (exchange.connection === undefined || candidate.connection === exchange.connection)
      && (exchange.stream === undefined || candidate.detail?.stream === exchange.stream));
    if (!request) return;
    claimed.add(request.id);
    timings.push(timingOf(events, exchange, index, request, opener.get(request.connection) === request.id, clientId));
  });
  // DevTools lists requests as they started (a preflight starts before the request it clears).
  return timings.sort((a, b) => a.start - b.start);
}

function timingOf(events: readonly EventFields[], exchange: Exchange, index: number, request: EventFields, opensConnection: boolean, clientId: string): RequestTiming {
  const connection = request.connection;
  let syn: EventFields | undefined;
  let hello: EventFields | undefined;
  let lookups: EventFields[] = [];
  if (opensConnection) {
    // Events are in time order and ids are positions: what opened the connection comes before the request.
    const before = events.slice(0, request.id);
    syn = before.find((event) => event.kind === 'tcp.syn' && event.from === clientId && event.connection === connection);
    hello = before.find((event) => event.kind === 'tls.client_hello' && event.from === clientId && event.connection === connection);
    const connectStart = syn?.time ?? hello?.time;
    if (connectStart !== undefined) {
      // The lookups since the client last heard an answer on any connection are this connection's.
      const lastAnswer = before.reduce((latest, event) => (event.kind === 'http.response' && event.to === clientId && event.arrival <= connectStart ? Math.max(latest, event.arrival) : latest), Number.NEGATIVE_INFINITY);
      lookups = before.filter((event) => event.layer === 'dns' && (event.from === clientId || event.to === clientId) && event.time <= connectStart && event.time >= lastAnswer);
    }
  }
  const connectStart = syn?.time ?? hello?.time;
  const dnsStart = lookups.length > 0 ? Math.min(...lookups.map((event) => event.time)) : undefined;
  const dnsEnd = lookups.length > 0 ? Math.max(...lookups.map((event) => (event.to === clientId || event.kind === 'dns.cache_hit' ? event.arrival : event.time))) : undefined;
  let response: EventFields | undefined;
  for (let position = request.id + 1; position < events.length && !response; position++) {
    const event = events[position];
    // On an HTTP/2 connection, the response on the request's own stream: streams may answer out of order.
    if (event.kind === 'http.response' && event.to === clientId && event.connection === connection && event.detail?.stream === request.detail?.stream) response = event;
  }
  const firstPhase = dnsStart ?? connectStart ?? request.time;
  // A request starts when the client began it, or earlier if it opened the connection before that (a preflight, sent once the connection is up).
  const start = Math.min(exchange.start, firstPhase);
  const phases: RequestPhases = {
    queueing: 0,
    stalled: firstPhase - start,
    dns: dnsStart !== undefined && dnsEnd !== undefined ? dnsEnd - dnsStart : -1,
    connect: connectStart !== undefined ? request.time - connectStart : -1,
    ssl: hello ? request.time - hello.time : -1,
    send: 0,
    wait: exchange.firstByte - request.time,
    receive: exchange.end - exchange.firstByte,
  };
  // A lookup answered after the connection began (never in the model) would overlap: count it once, in Stalled.
  if (dnsEnd !== undefined && connectStart !== undefined && dnsEnd < connectStart) phases.stalled += connectStart - dnsEnd;
  return {
    exchange: index,
    kind: exchange.kind === 'upgrade' || exchange.kind === 'preflight' ? exchange.kind : 'request',
    name: exchange.name,
    start,
    total: exchange.end - start,
    phases,
    requestEvent: request.id,
    responseEvent: response?.id,
    connection,
    newConnection: connectStart !== undefined,
  };
}
