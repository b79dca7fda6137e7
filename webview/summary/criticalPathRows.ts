import { criticalPathOf, criticalSegmentLabel, type CriticalPath, type CriticalSegmentKind } from '../../simulator/trace/criticalPath';
import { requestTimings } from '../../simulator/trace/requestTimings';
import type { TraceJson } from '../../simulator/trace/trace';
import { formatMs } from '../drawing/format';
import { MAX_REQUEST_ROWS } from './requestPhases';

/*
 * The summary's critical path: a row per request, the chain of waits that set its time to
 * first byte as a stacked bar (simulator/trace/criticalPath.ts), and, for the request the
 * summary's time to first byte is about, what to fix first, in words. Pure: the trace in, rows
 * and sentences out.
 */

export interface CriticalBarSegment {
  /** Unique in its row: a kind may come back (the edge, there and back). */
  key: string;
  kind: CriticalSegmentKind;
  label: string;
  /** From the request's start (ms). */
  start: number;
  end: number;
  share: number;
  /** The path's longest segment: what to fix first. */
  largest: boolean;
  /** The setup of a connection another request opened (DevTools: Stalled): drawn faded. */
  shared: boolean;
}

export interface CriticalPathRow {
  key: string;
  label: string;
  timeToFirstByte: number;
  /** The segments that take time, in time order. */
  segments: CriticalBarSegment[];
  /** The path in words, for the row's tooltip and accessible name. */
  sentence: string;
  /** The request's event: selected on click, and the path the sequence diagram highlights. */
  eventId: number;
}

export interface CriticalPathSummary {
  rows: CriticalPathRow[];
  /** Requests without a row (a long series). */
  more: number;
  /** "Fix first: TLS handshake, 38% of GET /products/123 #1's time to first byte (49.3 ms of 129.9 ms)". */
  fixFirst: string | undefined;
  /** The request event of that request: "Show in sequence" highlights its path. */
  reportedEventId: number | undefined;
  /** The segment kinds the rows show, in the order they first appear: the legend. */
  kinds: CriticalSegmentKind[];
  /** Some row waited for a connection another request opened: the legend says what faded means. */
  shared: boolean;
}

/** What to fix first in a path, as a sentence; undefined when the path has no length. */
export function fixFirstSentence(path: CriticalPath): string | undefined {
  const largest = path.largest;
  if (!largest) return undefined;
  return `Fix first: ${criticalSegmentLabel(largest, 'long')}, ${Math.round(largest.share * 100)}% of ${path.timing.name}'s time to first byte (${formatMs(largest.duration)} of ${formatMs(path.timeToFirstByte)}).`;
}

/** A path's segments in words: "DNS lookup 10 ms, TCP handshake 20 ms, …". */
function pathWords(path: CriticalPath): string {
  return path.segments.filter((segment) => segment.duration > 0).map((segment) => `${criticalSegmentLabel(segment, 'long')} ${formatMs(segment.duration)}`).join(', ');
}

/** The rows of the first MAX_REQUEST_ROWS requests, and the sentence for the request the summary's TTFB is about. */
export function criticalPathSummary(trace: TraceJson): CriticalPathSummary {
  // Only the rows' paths: a long series has thousands of requests and shows thirty.
  const timings = requestTimings(trace);
  const paths = timings.slice(0, MAX_REQUEST_ROWS).map((timing) => criticalPathOf(trace, timing, timings));
  const rows = paths.map((path): CriticalPathRow => {
    const segments = path.segments.filter((segment) => segment.duration > 0).map((segment, index): CriticalBarSegment => ({
      key: `${index}:${segment.kind}`,
      kind: segment.kind,
      label: criticalSegmentLabel(segment, 'long'),
      start: segment.start - path.timing.start,
      end: segment.start - path.timing.start + segment.duration,
      share: segment.share,
      largest: segment === path.largest,
      shared: segment.shared === true,
    }));
    const fix = path.largest ? `; largest: ${criticalSegmentLabel(path.largest, 'long')} (${Math.round(path.largest.share * 100)}%)` : '';
    return {
      key: `critical:${path.timing.exchange}`,
      label: path.timing.name,
      timeToFirstByte: path.timeToFirstByte,
      segments,
      sentence: `time to first byte ${formatMs(path.timeToFirstByte)}: ${pathWords(path)}${fix}`,
      eventId: path.timing.requestEvent,
    };
  });
  // The summary's time to first byte is the first request's that is not a preflight (its preflight counts in it).
  const reported = paths.find((path) => path.timing.kind !== 'preflight') ?? paths[0];
  const kinds: CriticalSegmentKind[] = [];
  for (const row of rows) for (const segment of row.segments) if (!kinds.includes(segment.kind)) kinds.push(segment.kind);
  return {
    rows, more: Math.max(0, timings.length - MAX_REQUEST_ROWS), kinds, shared: rows.some((row) => row.segments.some((segment) => segment.shared)),
    fixFirst: reported ? fixFirstSentence(reported) : undefined, reportedEventId: reported?.timing.requestEvent,
  };
}
