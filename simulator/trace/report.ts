import { criticalPaths, type CriticalSegmentKind } from './criticalPath';
import type { EventKind, Trace } from './trace';
import { hex } from './traceJson';

/**
 * The CLI's JSON output: the trace in the documented export shape, with the API, route and
 * scenario it is for, and the cost. `hex` carries the exact bytes of every HTTP message and
 * WebSocket frame (the same bytes `bytes` counts).
 */
export interface ReportMeta {
  api?: { name: string; type: string; endpoint: string };
  route?: string;
  scenario: string;
  requests: number;
  costUsd?: number;
}

export interface ReportEvent {
  t: number;
  arrival: number;
  from: string;
  to: string;
  layer: string;
  /** What the event is, for code (`tcp.syn`, `tls.client_hello`, `http.request`, `ws.frame`, ...); `name` is for people. */
  kind: EventKind;
  name: string;
  bytes: number;
  wireBytes: number;
  status?: number;
  error?: string;
  /** HTTP/2 frames only: what the trace's details say of the frame (`stream`, `frameType`, `flags`, `httpVersion` '2', and the message's method, target or status). */
  detail?: Record<string, string | number | boolean>;
  hex?: string;
}

/** A request's critical path (trace/criticalPath.ts): the segments its time to first byte waited on, in time order. */
export interface ReportCriticalPath {
  /** The request as DevTools names it (`POST /orders #1`, `OPTIONS /orders (preflight) #1`). */
  request: string;
  ttfbMs: number;
  /** The longest segment's kind: what to fix first. */
  largest?: CriticalSegmentKind;
  /** Their `ms` add up to `ttfbMs`; `events` are positions in the report's `events`. */
  /** `shared`: the setup of a connection another request opened (DevTools counts it as this one's Stalled). */
  segments: { kind: CriticalSegmentKind; startMs: number; ms: number; share: number; events: number[]; shared?: true }[];
}

export interface Report {
  api?: ReportMeta['api'];
  route?: string;
  scenario: string;
  participants: Trace['participants'];
  /** Where the run's calibration came from, when it was calibrated (`apigw-sim calibrate`). */
  calibration?: Trace['calibration'];
  events: ReportEvent[];
  /** Each request's critical path, in the order the requests started. */
  criticalPaths: ReportCriticalPath[];
  summary: {
    ttfbMs: number;
    totalMs: number;
    roundTrips: number;
    bytesUp: number;
    bytesDown: number;
    requests: number;
    costUsd?: number;
    errors: Record<string, number>;
  };
}

export function toReport(trace: Trace, meta: ReportMeta): Report {
  const errors: Record<string, number> = {};
  const events = trace.events.map((event): ReportEvent => {
    if (event.error) errors[event.error.code] = (errors[event.error.code] ?? 0) + 1;
    const status = event.error?.status ?? (typeof event.detail?.status === 'number' ? event.detail.status : undefined);
    return {
      t: event.time, arrival: event.arrival, from: event.from, to: event.to, layer: event.layer, kind: event.kind, name: event.name,
      bytes: event.bytes, wireBytes: event.wireBytes,
      ...(status !== undefined ? { status } : {}),
      ...(event.error ? { error: event.error.code } : {}),
      // An h2 frame's name is for people; code reading the report needs its stream and type.
      ...(event.detail?.httpVersion === '2' ? { detail: event.detail } : {}),
      ...(event.payload && event.payload.length > 0 ? { hex: hex(event.payload) } : {}),
    };
  });
  return {
    ...(meta.api ? { api: meta.api } : {}),
    ...(meta.route ? { route: meta.route } : {}),
    scenario: meta.scenario,
    participants: trace.participants,
    ...(trace.calibration ? { calibration: trace.calibration } : {}),
    events,
    criticalPaths: criticalPaths(trace).map((path) => ({
      request: path.timing.name,
      ttfbMs: path.timeToFirstByte,
      ...(path.largest ? { largest: path.largest.kind } : {}),
      segments: path.segments.map((segment) => ({ kind: segment.kind, startMs: segment.start, ms: segment.duration, share: segment.share, events: segment.events, ...(segment.shared ? { shared: segment.shared } : {}) })),
    })),
    summary: {
      ttfbMs: trace.summary.timeToFirstByteMs,
      totalMs: trace.summary.totalTimeMs,
      roundTrips: trace.summary.roundTrips,
      bytesUp: trace.summary.bytesUp,
      bytesDown: trace.summary.bytesDown,
      requests: meta.requests,
      ...(meta.costUsd !== undefined ? { costUsd: meta.costUsd } : {}),
      errors,
    },
  };
}
