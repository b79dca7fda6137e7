import { isClosing } from '../../simulator/trace/eventQueries';
import type { Layer, ParticipantKind, TraceJson, TraceEventJson } from '../../simulator/trace/trace';

/*
 * The summary's timing waterfall, as browser dev tools draw one: where the time to the first
 * byte goes (DNS lookup, TCP connect, TLS handshake, request sent, edge, gateway and what it
 * calls, response), then the later exchanges of the session and the connection close. Computed
 * from the events alone; a phase the trace does not have (no DNS lookup on a cached name, no
 * edge for a Regional API) is simply absent.
 */

export type PhaseCategory =
  | 'dns' | 'tcp' | 'tls' | 'preflight' | 'request' | 'edge' | 'gateway'
  | 'authorizer' | 'waf' | 'integration' | 'database' | 'response' | 'exchange' | 'close';

export interface WaterfallPhase {
  key: string;
  label: string;
  category: PhaseCategory;
  start: number;
  end: number;
  /** 1 for what the gateway calls while it handles the request (drawn indented). */
  depth: 0 | 1;
  /** The events the phase spans, for selection. */
  eventIds: number[];
}

export interface LayerBytes {
  layer: Layer;
  events: number;
  bytes: number;
  wireBytes: number;
}

export interface Waterfall {
  /** The first request's name (not its CORS preflight's), or undefined when the trace has none. */
  firstRequest: string | undefined;
  /** Connection set-up and the first exchange (with a browser's preflight before it), up to its first byte back at the client. */
  phases: WaterfallPhase[];
  /** End of the first exchange (its answer's arrival at the client). */
  firstExchangeEnd: number;
  /** The session after the first exchange: further exchanges, then the close. */
  later: WaterfallPhase[];
  /** Exchanges not listed in `later` because there are too many. */
  moreExchanges: { count: number; meanMs: number } | undefined;
  totalMs: number;
  timeToFirstByteMs: number;
  roundTrips: number;
  bytesUp: number;
  bytesDown: number;
  packets: number;
  packetsLost: number;
  byLayer: LayerBytes[];
}

/** At most this many later exchanges are listed; a keep-alive series can have thousands. */
export const MAX_LATER_EXCHANGES = 30;

function categoryOfKind(kind: ParticipantKind | undefined): PhaseCategory {
  switch (kind) {
    case 'authorizer': return 'authorizer';
    case 'waf': return 'waf';
    case 'database': return 'database';
    default: return 'integration';
  }
}

function phase(key: string, label: string, category: PhaseCategory, events: readonly TraceEventJson[], start?: number, end?: number, depth: 0 | 1 = 0): WaterfallPhase {
  return {
    key, label, category, depth,
    start: start ?? Math.min(...events.map((event) => event.time)),
    end: end ?? Math.max(...events.map((event) => event.arrival)),
    eventIds: events.map((event) => event.id),
  };
}

/** Computes the waterfall and the byte counts of a trace. */
export function computeWaterfall(trace: TraceJson): Waterfall {
  const events = trace.events;
  const kindOf = new Map(trace.participants.map((participant) => [participant.id, participant.kind]));
  const labelOf = new Map(trace.participants.map((participant) => [participant.id, participant.label]));
  const phases: WaterfallPhase[] = [];

  // The first request: the first HTTP request (or upgrade) the client sends, after a browser's CORS
  // preflight when there is one; over HTTP/2 its HEADERS, not the preface or SETTINGS.
  const sent = events.filter((event) => event.from === 'client' && event.kind === 'http.request');
  const preflight = sent.find((event) => event.detail?.cors === 'preflight');
  const request = sent.find((event) => event.detail?.cors !== 'preflight');
  const requestTime = Math.min(preflight?.time ?? Number.POSITIVE_INFINITY, request?.time ?? Number.POSITIVE_INFINITY);

  const dns = events.filter((event) => event.layer === 'dns' && event.time < requestTime);
  // A name in the client's own cache is a step at the client that takes no time.
  if (dns.length > 0) phases.push(phase('dns', dns.every((event) => event.from === event.to) ? 'DNS lookup (cached)' : 'DNS lookup', 'dns', dns));

  const connection = request?.connection;
  const onConnection = events.filter((event) => connection !== undefined && event.connection === connection);
  const syn = onConnection.find((event) => event.kind === 'tcp.syn');
  const synAck = onConnection.find((event) => event.kind === 'tcp.syn_ack');
  if (syn && synAck) phases.push(phase('tcp', 'TCP connect', 'tcp', [syn, synAck], syn.time, synAck.arrival));

  const handshake = onConnection.filter((event) => event.layer === 'tls' && event.time < requestTime);
  /** When the client may send its first request: its TLS handshake done, from its side. */
  let readyAt: number | undefined;
  if (handshake.length > 0) {
    // Done, from the client's side, when it has the server's last flight and has sent its own; no later than its first
    // write (TLS 1.3 tickets the server sent as the Finished reached it may arrive after the client wrote).
    const firstWrite = onConnection.find((event) => event.from === 'client' && event.kind === 'http.h2_preface' && event.time < requestTime)?.time ?? requestTime;
    readyAt = Math.min(firstWrite, Math.max(...handshake.map((event) => (event.to === 'client' ? event.arrival : event.time))));
    phases.push(phase('tls', 'TLS handshake', 'tls', handshake, handshake[0].time, readyAt));
  }
  // The first exchange's phase starts when the client may send: the moment it takes to write (Chromium's 0.6 ms, tlsProfiles.ts
  // firstWriteGapsMs) is its sending, so the phases stay back to back.
  const sendingFrom = (writtenAt: number): number => (readyAt !== undefined && readyAt <= writtenAt ? readyAt : writtenAt);

  let firstExchangeEnd = 0;
  // An HTTP/2 preface the client wrote on its own just before its first request (Chromium, curl) goes with that request's phase.
  const preface = onConnection.find((event) => event.from === 'client' && event.kind === 'http.h2_preface' && event.time < requestTime);
  if (preflight) {
    const answer = events.find((event) => event.to === 'client' && event.layer === 'http' && event.detail?.cors === 'preflight' && event.time >= preflight.arrival);
    const exchange = events.filter((event) => event.time >= preflight.time && event.arrival <= (answer?.arrival ?? preflight.arrival) && event.layer !== 'tcp' && event.layer !== 'tls');
    // Until the request leaves: the browser checks the answer first (cors/browserCors.ts PREFLIGHT_TO_REQUEST_MS).
    const cleared = answer ? Math.max(answer.arrival, request?.time ?? answer.arrival) : preflight.arrival;
    phases.push(phase('preflight', `CORS preflight: ${preflight.name}${answer ? ` → ${answer.name}` : ''}`, 'preflight', preface ? [preface, ...exchange] : exchange, sendingFrom(preface?.time ?? preflight.time), cleared));
  }
  if (request) {
    const sent = preflight ? undefined : preface;
    phases.push(phase('request', `Request sent: ${request.name}`, 'request', sent ? [sent, request] : [request], preflight ? sent?.time ?? request.time : sendingFrom(sent?.time ?? request.time), request.arrival));
    const gateway = trace.participants.find((participant) => participant.kind === 'gateway')?.id;
    const response = events.find((event) => event.to === 'client' && event.kind === 'http.response' && event.time >= request.arrival);
    const atGateway = events.find((event) => event.to === gateway && event.kind === 'http.request' && event.time >= request.time);
    const clientSide = new Set(['client', request.to]);
    const fromGateway = response && events.find((event) => event.from === gateway && event.kind === 'http.response' && clientSide.has(event.to)
      && atGateway !== undefined && event.time >= atGateway.arrival && event.time <= response.time);
    if (atGateway && atGateway !== request) {
      phases.push(phase('edge-in', `${labelOf.get(request.to) ?? request.to} to the Region`, 'edge', events.filter((event) => event.time >= request.arrival && event.arrival <= atGateway.arrival && (event.from === request.to || event.to === request.to) && event.layer !== 'tcp' && event.layer !== 'tls'), request.arrival, atGateway.arrival));
    }
    if (atGateway && fromGateway) {
      const handling = events.filter((event) => event.time >= atGateway.arrival && event.arrival <= fromGateway.time && event.connection === undefined);
      phases.push(phase('gateway', labelOf.get(gateway ?? '') ?? 'API Gateway', 'gateway', handling, atGateway.arrival, fromGateway.time));
      // What the gateway calls, one row per participant, in order of the first call.
      const called = new Map<string, TraceEventJson[]>();
      for (const event of handling) {
        for (const id of [event.from, event.to]) {
          if (id === gateway || id === 'client' || clientSide.has(id)) continue;
          const list = called.get(id) ?? [];
          if (!list.includes(event)) list.push(event);
          called.set(id, list);
        }
      }
      for (const [id, calls] of called) {
        phases.push(phase(`call:${id}`, labelOf.get(id) ?? id, categoryOfKind(kindOf.get(id)), calls, undefined, undefined, 1));
      }
      if (fromGateway.to !== 'client' && response) {
        phases.push(phase('edge-out', `Region to ${labelOf.get(fromGateway.to) ?? fromGateway.to}`, 'edge', [fromGateway], fromGateway.time, response.time));
      }
    }
    if (response) {
      phases.push(phase('response', `Response: ${response.name}`, 'response', [response]));
      firstExchangeEnd = response.arrival;
    } else {
      firstExchangeEnd = request.arrival;
    }
  }

  // The rest of the session: the summary's exchanges after the first request (and the preflight
  // before it, which the first chart shows), then the close of the connection.
  const later: WaterfallPhase[] = [];
  const firstRequest = trace.summary.exchanges.findIndex((exchange) => exchange.kind !== 'preflight');
  const exchanges = trace.summary.exchanges.slice(firstRequest + 1);
  exchanges.slice(0, MAX_LATER_EXCHANGES).forEach((exchange, index) => {
    later.push({ key: `exchange:${firstRequest + index + 1}`, label: exchange.name, category: 'exchange', start: exchange.start, end: exchange.end, depth: 0, eventIds: [] });
  });
  const rest = exchanges.slice(MAX_LATER_EXCHANGES);
  const moreExchanges = rest.length > 0
    ? { count: rest.length, meanMs: rest.reduce((sum, exchange) => sum + (exchange.end - exchange.start), 0) / rest.length }
    : undefined;
  const lastExchangeEnd = trace.summary.exchanges.reduce((latest, exchange) => Math.max(latest, exchange.end), firstExchangeEnd);
  const closing = onConnection.filter((event) => event.time >= lastExchangeEnd && isClosing(event));
  if (closing.length > 0) {
    const start = closing[0].time;
    const tail = onConnection.filter((event) => event.time >= start);
    later.push(phase('close', 'Connection close', 'close', tail, start));
  }

  const byLayer = new Map<Layer, LayerBytes>();
  for (const event of events) {
    const entry = byLayer.get(event.layer) ?? { layer: event.layer, events: 0, bytes: 0, wireBytes: 0 };
    entry.events++;
    entry.bytes += event.bytes;
    entry.wireBytes += event.wireBytes;
    byLayer.set(event.layer, entry);
  }

  const summary = trace.summary;
  return {
    firstRequest: trace.summary.exchanges[firstRequest]?.name,
    phases,
    firstExchangeEnd,
    later,
    moreExchanges,
    totalMs: summary.totalTimeMs,
    timeToFirstByteMs: summary.timeToFirstByteMs,
    roundTrips: summary.roundTrips,
    bytesUp: summary.bytesUp,
    bytesDown: summary.bytesDown,
    packets: summary.packets,
    packetsLost: summary.packetsLost,
    byLayer: [...byLayer.values()],
  };
}
