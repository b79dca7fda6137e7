import { PHASE_LABELS, requestTimings, type RequestPhases } from '../../simulator/trace/requestTimings';
import type { TraceJson } from '../../simulator/trace/trace';

/*
 * The summary's "as Chrome DevTools times it" chart: a row per request, its phases as stacked
 * segments on the trace's time axis, the way DevTools' Network panel draws its Waterfall
 * column, and the phase table of its Timing tab. Pure: the trace in, rows out.
 */

export type PhaseName = keyof RequestPhases;

export interface PhaseSegment {
  phase: PhaseName;
  label: string;
  start: number;
  end: number;
}

export interface RequestPhaseRow {
  key: string;
  label: string;
  start: number;
  end: number;
  /** The phases that took time, in DevTools' order; `ssl` is drawn inside `connect`, as DevTools draws it. */
  segments: PhaseSegment[];
  /** Every phase with its duration (ms) or -1, for the Timing table. */
  phases: RequestPhases;
  /** The request's event, selected on click. */
  eventId: number;
}

/** At most this many requests get a row; a keep-alive series can have thousands. */
export const MAX_REQUEST_ROWS = 30;

/** The rows of the first MAX_REQUEST_ROWS requests, and how many more there are. */
export function requestPhaseRows(trace: TraceJson): { rows: RequestPhaseRow[]; more: number } {
  const timings = requestTimings(trace);
  const rows = timings.slice(0, MAX_REQUEST_ROWS).map((timing): RequestPhaseRow => {
    const segments: PhaseSegment[] = [];
    let at = timing.start;
    for (const [phase, label] of PHASE_LABELS) {
      const duration = timing.phases[phase];
      if (phase === 'ssl' || duration <= 0) continue;
      segments.push({ phase, label, start: at, end: at + duration });
      // TLS is the end of the initial connection: it shares the connection's span, drawn over its last part.
      if (phase === 'connect' && timing.phases.ssl > 0) segments.push({ phase: 'ssl', label: 'SSL', start: at + duration - timing.phases.ssl, end: at + duration });
      at += duration;
    }
    return { key: `request:${timing.exchange}`, label: timing.name, start: timing.start, end: timing.start + timing.total, segments, phases: timing.phases, eventId: timing.requestEvent };
  });
  return { rows, more: Math.max(0, timings.length - MAX_REQUEST_ROWS) };
}
