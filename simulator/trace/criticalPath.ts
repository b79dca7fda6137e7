import { isHttp2Acknowledgement, isPureAck } from './eventQueries';
import { requestTimings, type RequestTiming } from './requestTimings';
import type { EventFields, Participant, ParticipantKind, TraceOf } from './trace';

/*
 * Each request's critical path: the chain of waits that sets its time to first byte, as trace
 * viewers mark it. Jaeger UI's critical path (jaegertracing/jaeger-ui#1582, computeCriticalPath
 * and findLastFinishingChildSpan) walks a trace backwards from its end: at each moment it takes
 * the child span that finished last before that moment, follows it, and goes on from its start,
 * so work done in parallel that finished earlier is off the path and nothing is counted twice.
 * A span that ends exactly when the next starts is its predecessor (the boundary is inclusive,
 * jaegertracing/jaeger#9148). Here the spans are the trace's messages and steps, and "waiting
 * on" follows the messages themselves:
 *
 *   client ─ DNS ─ SYN ─ SYN,ACK ─ ClientHello ─ … ─ GET ─▶ edge ─▶ gateway ─ steps ─▶ Lambda ─ handler ─▶ gateway ─▶ … ─▶ client (first byte)
 *
 * Walking backwards from the message that brings the answer's first byte to the client, each
 * message was sent by a party once the last message it was waiting for had reached it (or
 * the last step it took itself had ended): that message is the one before it on the path. The
 * time a party held a message before sending the next one is counted with what it had just
 * received (the client finishing its TLS flight before the request, as DevTools counts SSL up to
 * the request), except a TCP retransmission's wait, which is TCP's. Pure ACKs and HTTP/2
 * acknowledgements are never waited for (as in the round-trip count of summary.ts). On the
 * client, only the request's own connection, its preflight's and DNS are followed, either way, so a
 * request running beside it is not on its path; at a gateway serving several requests at once,
 * only the events tagged with this request's (or its preflight's) tag, and untagged ones, are. The path stops at the request's start (as
 * requestTimings sets it); any time before its first message is Stalled, as DevTools calls it.
 * TCP's own waits are named as such: a retransmission follows its lost original (and a DNS
 * query's retry the first query), a message delivered only with a later retransmission waited
 * for it, and a message sent the moment an ACK opened the congestion window waited for TCP. A
 * spurious retransmission (its segment had arrived; an acknowledgement was lost) is nobody's wait.
 *
 * Consecutive pieces of the same kind make one segment, so the segments tile the request's
 * start to its first byte: their durations add up to the time to first byte (to the last bit
 * of floating point).
 */

/** What a segment of the path is, for code; CRITICAL_SEGMENT_LABELS says it for people. */
export type CriticalSegmentKind =
  | 'stalled' | 'dns' | 'tcp' | 'tls' | 'preflight' | 'request' | 'edge' | 'gateway' | 'waf'
  | 'authorizer' | 'validation' | 'mapping' | 'cold-start' | 'integration' | 'response';

/** A segment's short name (the CLI's line) and its name in a sentence (the Summary's "Fix first"). */
export const CRITICAL_SEGMENT_LABELS: Readonly<Record<CriticalSegmentKind, { short: string; long: string }>> = {
  stalled: { short: 'stalled', long: 'Stalled in the browser' },
  dns: { short: 'DNS', long: 'DNS lookup' },
  tcp: { short: 'TCP', long: 'TCP handshake' },
  tls: { short: 'TLS', long: 'TLS handshake' },
  preflight: { short: 'preflight', long: 'CORS preflight' },
  request: { short: 'request', long: 'Request upload' },
  edge: { short: 'edge', long: 'CloudFront edge to the Region' },
  gateway: { short: 'gateway', long: 'API Gateway' },
  waf: { short: 'WAF', long: 'AWS WAF' },
  authorizer: { short: 'authorizer', long: 'Authorizer' },
  validation: { short: 'validation', long: 'Request validation' },
  mapping: { short: 'mapping', long: 'Mapping templates' },
  'cold-start': { short: 'cold start', long: 'Lambda cold start' },
  integration: { short: 'integration', long: 'Integration' },
  response: { short: 'response', long: 'Response to the client' },
};

export interface CriticalSegment {
  kind: CriticalSegmentKind;
  /** When it began (ms from the scenario's start). */
  start: number;
  duration: number;
  /** Its part of the time to first byte, 0 to 1. */
  share: number;
  /** The trace events on the path in this segment, in time order. */
  events: number[];
  /**
   * DNS, TCP or TLS of a connection another request opened, which this one waited for before
   * it was sent (a page's concurrent fetches on one HTTP/2 connection, a request after its
   * preflight): DevTools counts that time as the request's Stalled.
   */
  shared?: true;
}

export interface CriticalPath {
  /** The request's DevTools timing (its `exchange`, `name`, `kind`, `start`). */
  timing: RequestTiming;
  /** The request's start to the first byte of its answer at the client. */
  timeToFirstByte: number;
  /** In time order; their durations add up to `timeToFirstByte`. */
  segments: CriticalSegment[];
  /** The longest segment: what to fix first. Undefined when the path has no length. */
  largest: CriticalSegment | undefined;
}

type TraceInput = Pick<TraceOf<EventFields>, 'events' | 'summary' | 'participants'>;

/** Every request's critical path, in the order requestTimings lists them (as they started). */
export function criticalPaths(trace: TraceInput, clientId = 'client'): CriticalPath[] {
  const timings = requestTimings(trace, clientId);
  return timings.map((timing) => criticalPathOf(trace, timing, timings, clientId));
}

/**
 * The path of the request an event belongs to, for the sequence diagram's highlight: the first
 * path with the event on it, else the last request under way at the event's time, else (no
 * event, or one before any request) the first request that is not a preflight, whose time to
 * first byte the summary reports.
 */
export function criticalPathAt(paths: readonly CriticalPath[], events: readonly EventFields[], eventId: number | undefined): CriticalPath | undefined {
  const event = eventId === undefined ? undefined : events[eventId];
  if (event) {
    const on = paths.find((path) => path.segments.some((segment) => segment.events.includes(event.id)));
    if (on) return on;
    const under = paths.filter((path) => path.timing.start <= event.time && event.time <= path.timing.start + path.timing.total);
    if (under.length > 0) return under[under.length - 1];
  }
  return paths.find((path) => path.timing.kind !== 'preflight') ?? paths[0];
}

/** Every event on a path, for a highlight. */
export function criticalEventIds(path: CriticalPath): Set<number> {
  return new Set(path.segments.flatMap((segment) => segment.events));
}

/** The kinds that set up a connection: another request's, when it opened the connection this one waited for. */
const SETUP_KINDS: ReadonlySet<CriticalSegmentKind> = new Set(['dns', 'tcp', 'tls']);

/** A segment's name, short (`TCP (shared)`) or in a sentence (`TCP handshake (shared connection)`). */
export function criticalSegmentLabel(segment: Pick<CriticalSegment, 'kind' | 'shared'>, form: 'short' | 'long'): string {
  const label = CRITICAL_SEGMENT_LABELS[segment.kind][form];
  return segment.shared ? `${label} (${form === 'short' ? 'shared' : 'shared connection'})` : label;
}

/**
 * A path in a line: `GET /products/123: TTFB 212.0 ms = DNS 20.0 + TCP 40.0 + … + response 5.0;
 * largest: TLS (38%)`. Segments that take no time are on the path but left out of the sum.
 */
export function criticalPathSentence(path: CriticalPath): string {
  const ms = (value: number): string => value.toFixed(1);
  const terms = path.segments.filter((segment) => segment.duration > 0).map((segment) => `${criticalSegmentLabel(segment, 'short')} ${ms(segment.duration)}`);
  const largest = path.largest ? `; largest: ${criticalSegmentLabel(path.largest, 'short')} (${Math.round(path.largest.share * 100)}%)` : '';
  return `${path.timing.name}: TTFB ${ms(path.timeToFirstByte)} ms${terms.length > 0 ? ` = ${terms.join(' + ')}` : ''}${largest}`;
}

/** One piece of the path: a message or step, or the time a party held what it received. */
interface Piece {
  kind: CriticalSegmentKind;
  start: number;
  end: number;
  /** The message or step, and what arrived with it (see companions); none for a party's wait. */
  events: number[];
}

/** The critical path of one request; `timings` are all of the trace's, to find its preflight. */
export function criticalPathOf(trace: TraceInput, timing: RequestTiming, timings: readonly RequestTiming[], clientId = 'client'): CriticalPath {
  const events = trace.events;
  const participantKinds = new Map(trace.participants.map((participant: Participant) => [participant.id, participant.kind]));
  const exchange = trace.summary.exchanges[timing.exchange];
  const start = timing.start;
  const end = exchange.firstByte;
  const request = events[timing.requestEvent];
  // The preflight that cleared this request: answered on the client's side before the request was sent.
  const preflight = timing.kind === 'preflight' ? undefined : timings.find((candidate) => candidate.kind === 'preflight' && candidate.start >= start
    && candidate.responseEvent !== undefined && events[candidate.responseEvent].arrival <= request.time && candidate.requestEvent < timing.requestEvent);
  const clientConnections = new Set([timing.connection, preflight?.connection]);
  // The gateway's events for other requests are not on this one's path, however their times line up with it.
  const requests = new Set([exchange.request, preflight && trace.summary.exchanges[preflight.exchange].request]);
  const spurious = spuriousRetransmissions(events);
  // Without a lost segment there is no retransmission to look for (most traces).
  const lossy = trace.summary.packetsLost > 0;
  const followed = (event: EventFields): boolean => !isPureAck(event) && !isHttp2Acknowledgement(event) && event.kind !== 'tcp.segment_lost'
    && !spurious(event)
    && (event.request === undefined || requests.has(event.request))
    && (event.to !== clientId || event.layer === 'dns' || event.from === clientId || clientConnections.has(event.connection))
    // Nor is what the client sent on another connection (a retransmission there reaching the same edge).
    && (event.from !== clientId || event.connection === undefined || event.layer === 'dns' || clientConnections.has(event.connection));

  const pieces: Piece[] = [];
  let cursor = terminalEvent(events, timing, start, end, clientId, followed);
  let until = end;
  while (cursor) {
    const hopStart = Math.max(cursor.time, start);
    const hopEnd = Math.min(cursor.arrival, until);
    const kind = kindOf(cursor, participantKinds, clientId);
    // A message whose segment was lost arrived with its retransmission: until that left, the wait was TCP's timer.
    const resent = cursor.layer === 'tcp' || !lossy ? undefined : retransmissionDelivering(events, cursor, hopEnd);
    if (resent && resent.time > hopStart) {
      pieces.push({ kind, start: resent.time, end: hopEnd, events: [...companions(events, cursor), resent.id] }, { kind: 'tcp', start: hopStart, end: resent.time, events: [repeatedMessage(events, resent, start)?.id].filter((id): id is number => id !== undefined) });
    } else {
      pieces.push(...eventPieces(cursor, companions(events, cursor), hopStart, hopEnd, kind));
    }
    until = hopStart;
    if (cursor.time <= start) break;
    // A retransmission was sent because its original was lost and its timer ran out, whatever reached the sender meanwhile.
    const previous = repeatedMessage(events, cursor, start) ?? previousOnPath(events, cursor, start, followed);
    if (!previous) break;
    // The party held what it received until it sent the next message: that time is the received message's kind's,
    // unless TCP held the message back (a retransmission's timer, or a window that an acknowledgement opened).
    if (previous.arrival < cursor.time) {
      const held = cursor.layer === 'tcp' || ackClocked(events, cursor, previous) ? 'tcp' : kindOf(reactedTo(events, previous, start, followed), participantKinds, clientId);
      pieces.push({ kind: held, start: previous.arrival, end: cursor.time, events: [] });
    }
    until = previous.arrival;
    cursor = previous;
  }
  if (until > start) pieces.push({ kind: 'stalled', start, end: until, events: [] });
  pieces.reverse();

  if (preflight) {
    // The whole round trip of the preflight is one wait for the request: from its OPTIONS to its answer at the client,
    // and on to the request's leaving (Chromium checks the answer first: cors/browserCors.ts PREFLIGHT_TO_REQUEST_MS).
    // DevTools counts all of it as the request's Stalled.
    const from = events[preflight.requestEvent].time;
    const to = Math.max(events[preflight.responseEvent!].arrival, request.time);
    for (const piece of pieces) if (piece.start >= from && piece.end <= to) piece.kind = 'preflight';
  }
  const timeToFirstByte = end - start;
  const segments = mergePieces(pieces, timeToFirstByte);
  if (!timing.newConnection) {
    // The setup the path begins with, up to the first wait of another kind (a preflight, the request itself).
    for (const segment of segments) {
      if (!SETUP_KINDS.has(segment.kind) || segment.start + segment.duration > request.time) break;
      segment.shared = true;
    }
  }
  const largest = segments.reduce<CriticalSegment | undefined>((best, segment) => (segment.duration > (best?.duration ?? 0) ? segment : best), undefined);
  return { timing, timeToFirstByte, segments, largest };
}

/**
 * The message that brought the answer's first byte to the client: the request's response
 * when it was on its way by then, or else the last message the client received before it.
 */
function terminalEvent(events: readonly EventFields[], timing: RequestTiming, start: number, end: number, clientId: string, followed: (event: EventFields) => boolean): EventFields | undefined {
  const response = timing.responseEvent !== undefined ? events[timing.responseEvent] : undefined;
  if (response && response.time <= end) return response;
  let last: EventFields | undefined;
  for (const event of events) {
    if (event.time > end) break;
    if (event.to === clientId && event.time >= start && event.arrival <= end && followed(event) && (!last || event.arrival >= last.arrival)) last = event;
  }
  return last;
}

/**
 * What `cursor`'s sender was waiting for: the last message to reach it, or the last step it
 * took itself, by the time it sent `cursor`, and after the request started. Events are in time
 * order with ids as positions, so what came before `cursor` has a smaller id; on equal arrival
 * the later recorded is the later cause.
 */
function previousOnPath(events: readonly EventFields[], cursor: EventFields, start: number, followed: (event: EventFields) => boolean): EventFields | undefined {
  let best: EventFields | undefined;
  for (let position = cursor.id - 1; position >= 0; position--) {
    const event = events[position];
    if (event.time < start) break;
    if (event.to !== cursor.from || event.arrival > cursor.time || !followed(event)) continue;
    if (!best || event.arrival > best.arrival) best = event;
  }
  return best;
}

/**
 * Whether a retransmission was spurious: nothing of its segment was lost (an acknowledgement
 * was, or came late), so its receiver already had the data and nobody waited for the copy.
 */
function spuriousRetransmissions(events: readonly EventFields[]): (event: EventFields) => boolean {
  const lost = lostSegments(events);
  return (event) => event.kind === 'tcp.retransmission' && !((lost.get(segmentKey(event)) ?? Infinity) < event.time);
}

/** A segment by its sender, connection and sequence number. */
function segmentKey(event: EventFields): string {
  return `${event.from} ${event.connection} ${String(event.detail?.seq)}`;
}

/** When each segment was first lost; built once per trace, as every request's path asks. */
const LOST_SEGMENTS = new WeakMap<readonly EventFields[], Map<string, number>>();

function lostSegments(events: readonly EventFields[]): Map<string, number> {
  let lost = LOST_SEGMENTS.get(events);
  if (!lost) {
    lost = new Map<string, number>();
    for (const event of events) if (event.kind === 'tcp.segment_lost' && !lost.has(segmentKey(event))) lost.set(segmentKey(event), event.time);
    LOST_SEGMENTS.set(events, lost);
  }
  return lost;
}

/**
 * What a repeated message repeats: a TCP retransmission was sent because its original was lost
 * and its timer ran out, a DNS query again because the first got no answer in time, whatever
 * reached the sender meanwhile. Undefined for any other message.
 */
function repeatedMessage(events: readonly EventFields[], cursor: EventFields, start: number): EventFields | undefined {
  const repeats = cursor.kind === 'tcp.retransmission'
    ? (event: EventFields) => event.kind === 'tcp.segment_lost' && event.detail?.seq === cursor.detail?.seq
    : cursor.kind === 'dns.query' ? (event: EventFields) => event.kind === 'dns.query' && event.detail?.id === cursor.detail?.id : undefined;
  if (!repeats) return undefined;
  for (let position = cursor.id - 1; position >= 0; position--) {
    const event = events[position];
    if (event.time < start) return undefined;
    if (event.from === cursor.from && event.connection === cursor.connection && repeats(event)) return event;
  }
  return undefined;
}

/** The retransmission that brought `message` to its receiver at `arrival`, when one did: its sender's, on its connection, arriving then. */
function retransmissionDelivering(events: readonly EventFields[], message: EventFields, arrival: number): EventFields | undefined {
  let found: EventFields | undefined;
  for (let position = message.id + 1; position < events.length && events[position].time <= arrival; position++) {
    const event = events[position];
    if (event.kind === 'tcp.retransmission' && event.from === message.from && event.connection === message.connection && event.arrival === arrival) found = event;
  }
  return found;
}

/**
 * Whether TCP held `cursor` back until an acknowledgement opened its window (after a loss the
 * congestion window is one segment, RFC 5681 §3.1): a pure ACK on its connection reached its
 * sender at the moment it left, later than what the sender was otherwise waiting for.
 */
function ackClocked(events: readonly EventFields[], cursor: EventFields, previous: EventFields): boolean {
  for (let position = cursor.id - 1; position >= 0; position--) {
    const event = events[position];
    if (event.arrival <= previous.arrival && event.time <= previous.arrival) return false;
    if (isPureAck(event) && event.to === cursor.from && event.connection === cursor.connection && event.arrival === cursor.time && event.arrival > previous.arrival) return true;
  }
  return false;
}

/**
 * The messages that travelled with `event`: from the same party to the same one on the same
 * connection, sent and arriving with it (an HTTP/2 request's HEADERS and DATA, the connection
 * preface and SETTINGS before a first request). The receiver waited for all of them at once.
 */
function companions(events: readonly EventFields[], event: EventFields): number[] {
  const together = (other: EventFields | undefined): boolean => other !== undefined && other.from === event.from && other.to === event.to && other.from !== other.to
    && other.connection === event.connection && other.time === event.time && other.arrival === event.arrival;
  // Acknowledgements in the flight (a WINDOW_UPDATE beside the SETTINGS) travel with it, but nobody waits for them.
  const waited = (position: number): boolean => !isPureAck(events[position]) && !isHttp2Acknowledgement(events[position]);
  const ids: number[] = [];
  for (let position = event.id - 1; together(events[position]); position--) if (waited(position)) ids.unshift(position);
  ids.push(event.id);
  for (let position = event.id + 1; together(events[position]); position++) if (waited(position)) ids.push(position);
  return ids;
}

/**
 * What a party had received when it took a step of no length (the browser's CORS verdict on the
 * answer that just arrived): that message, whose kind the time the party then holds is; for
 * anything else, the event itself. A step taken as the party's own handshake completed (the
 * verdict on a simple request, once the client's Finished leaves after its compute time) is
 * the handshake's: DevTools counts SSL up to the request's write.
 */
function reactedTo(events: readonly EventFields[], event: EventFields, start: number, followed: (event: EventFields) => boolean): EventFields {
  let current = event;
  while (current.from === current.to && current.time === current.arrival) {
    const before = previousOnPath(events, current, start, followed);
    if (!before || before.arrival !== current.time) return ownHandshakeWrite(events, current) ?? current;
    current = before;
  }
  return current;
}

/** The TLS record the step's party wrote at the step's instant (recorded after it: events at one time keep their order), if any. */
function ownHandshakeWrite(events: readonly EventFields[], step: EventFields): EventFields | undefined {
  for (let position = step.id + 1; position < events.length && events[position].time === step.time; position++) {
    const event = events[position];
    if (event.from === step.from && event.to !== step.from && event.layer === 'tls') return event;
  }
  return undefined;
}

/** A message or step as path pieces: a cold start's initialization is its own, before the handler. */
function eventPieces(event: EventFields, ids: number[], start: number, end: number, kind: CriticalSegmentKind): Piece[] {
  const coldStartMs = event.detail?.coldStartMs;
  if (typeof coldStartMs === 'number' && coldStartMs > 0 && event.from === event.to) {
    const split = Math.min(end, Math.max(start, event.time + coldStartMs));
    return [{ kind, start: split, end, events: ids }, { kind: 'cold-start', start, end: split, events: ids }];
  }
  return [{ kind, start, end, events: ids }];
}

/** The gateway's own steps that their `pipelineStage` detail names (simulator/gateway: authorizers, validation, mapping templates). */
const STAGES: Readonly<Record<string, CriticalSegmentKind>> = { authorizer: 'authorizer', validation: 'validation', mapping: 'mapping' };

/** What a message or step is on the path, from its kind, layer, details and the kinds of its parties. */
function kindOf(event: EventFields, participantKinds: ReadonlyMap<string, ParticipantKind>, clientId: string): CriticalSegmentKind {
  if (event.layer === 'dns') return 'dns';
  if (event.layer === 'tcp') return 'tcp';
  if (event.layer === 'tls') return 'tls';
  // The browser's CORS verdict is its own step before the request leaves (inside a preflight's round trip, the preflight's).
  if (event.from === clientId) return 'request';
  if (event.to === clientId) return 'response';
  if (event.kind === 'gateway.authorize') return 'authorizer';
  const stage = event.detail?.pipelineStage;
  if (typeof stage === 'string' && STAGES[stage]) return STAGES[stage];
  const fromKind = participantKinds.get(event.from);
  // The party other than the gateway says what the gateway was doing: calling it, or hearing back.
  const other = fromKind === 'gateway' ? participantKinds.get(event.to) : fromKind;
  switch (other) {
    case 'edge': return 'edge';
    case 'waf': return 'waf';
    case 'authorizer': return 'authorizer';
    case 'gateway': case 'client': case 'dns': case undefined: return 'gateway';
    default: return 'integration';
  }
}

/**
 * Consecutive pieces of a kind as one segment. A step of no length (a throttle check that
 * passed) stays a segment of its own, of no length: on the path, but adding nothing to it.
 */
function mergePieces(pieces: readonly Piece[], timeToFirstByte: number): CriticalSegment[] {
  const segments: CriticalSegment[] = [];
  for (const piece of pieces) {
    const last = segments[segments.length - 1];
    if (last && last.kind === piece.kind) {
      last.duration = piece.end - last.start;
      for (const id of piece.events) if (!last.events.includes(id)) last.events.push(id);
    } else {
      segments.push({ kind: piece.kind, start: piece.start, duration: piece.end - piece.start, share: 0, events: [...piece.events] });
    }
  }
  // A step of no length between two segments of one kind (the browser's CORS verdict amid its TLS handshake) does not split them.
  for (let index = segments.length - 2; index >= 1; index--) {
    const [before, step, after] = segments.slice(index - 1, index + 2);
    if (step.duration !== 0 || before.kind !== after.kind) continue;
    before.duration = after.start + after.duration - before.start;
    before.events.push(...step.events, ...after.events);
    segments.splice(index, 2);
  }
  for (const segment of segments) segment.share = timeToFirstByte > 0 ? segment.duration / timeToFirstByte : 0;
  return segments;
}
