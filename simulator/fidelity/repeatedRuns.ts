import { connectionMeasures, TIME_LABEL, type ConnectionMeasures } from './connectionComparison';
import type { ConnectionView } from './connectionView';
import { compareRow, type RowComparison } from './harnessRow';
import { median } from './median';

/*
 * One row measured several times. The real programs do not put the same packets on the wire
 * every time: whether the stand-in reads two of the client's segments in one read or two, and
 * so answers in one segment or two, and whether an ACK rides on data or leaves on its own,
 * depend on microseconds of scheduling (the relay's, the stand-in's, the kernel's delayed-ACK
 * timer). The model is deterministic, so it can at best be one of the outcomes: it is held
 * against the run it is closest to, by the count of exact differences, and the table says what
 * the runs themselves disagreed on. The time is held against all of them: each run's real time less
 * its own model's (each model took its run's measured compute), the median of those errors.
 */

export interface RepeatedComparison {
  /** The model against the closest run, its time against the runs' median. */
  comparison: RowComparison;
  /** The index of that run. */
  closest: number;
  runs: number;
  /** Per connection, the real time the model is held to (ms): the closest run's model time plus the median of the runs' errors, each run's real time less its own model's. */
  realTimes: number[];
  /** What the real runs themselves disagreed on, in words (none for one run). */
  variation: string[];
  /** Per run, how many exact measures the model missed it by (0: the model is that run). */
  differencesPerRun: number[];
}

/** Differences that are counts and bytes, not the time. */
function exactDifferences(comparison: RowComparison): number {
  return comparison.keys.filter((key) => !key.endsWith(TIME_LABEL)).length;
}

const MEASURES: readonly [string, (measures: ConnectionMeasures) => number][] = [
  ['client packets', (measures) => measures.packets.client],
  ['server packets', (measures) => measures.packets.server],
  ['client IP bytes', (measures) => measures.ipBytes.client],
  ['server IP bytes', (measures) => measures.ipBytes.server],
  ['client TLS records', (measures) => measures.records.client],
  ['server TLS records', (measures) => measures.records.server],
  ['HTTP/1.1 messages', (measures) => measures.messages],
  ['WebSocket frames', (measures) => measures.webSocketFrames],
  ['HTTP/2 frames', (measures) => measures.http2Frames],
];

/** What differs between the runs: each measure whose value is not the same in every run, with the values in run order. */
export function runVariation(reals: readonly (readonly ConnectionView[])[]): string[] {
  if (reals.length < 2) return [];
  const counts = reals.map((views) => views.length);
  if (new Set(counts).size > 1) return [`connections ${counts.join('/')}`];
  const several = counts[0] > 1;
  return reals[0].flatMap((_view, index) => {
    const measures = reals.map((views) => connectionMeasures(views[index]));
    const prefix = several ? `connection ${index + 1}: ` : '';
    const varied = MEASURES.map(([label, value]) => [label, measures.map(value)] as const)
      .filter(([, values]) => new Set(values).size > 1)
      .map(([label, values]) => `${prefix}${label} ${values.join('/')}`);
    // The packets' order can vary where their counts do not: an ACK before or after a data segment.
    const orders = reals.map((views) => views[index].packets.map((packet) => `${packet.from[0]}${packet.payloadBytes}`).join(' '));
    if (varied.length === 0 && new Set(orders).size > 1) varied.push(`${prefix}packet order`);
    const times = measures.map((measure) => measure.timeToFirstResponseMs.toFixed(1));
    return [...varied, `${prefix}${TIME_LABEL} ${times.join('/')} ms`];
  });
}

/**
 * The model (run under each real run's conditions: `models[i]` for `reals[i]`) against the real
 * runs: the closest run by exact differences (the first of equals), the time by the median error.
 */
export function compareWithRuns(models: readonly (readonly ConnectionView[])[], reals: readonly (readonly ConnectionView[])[]): RepeatedComparison {
  const firstPass = reals.map((real, index) => compareRow(models[index], real));
  // A run with as many connections as the model first (a run missing one compares less, so names fewer differences), then the fewest differences.
  const rank = (index: number): [number, number] => [models[index].length === reals[index].length ? 0 : 1, exactDifferences(firstPass[index])];
  const closest = firstPass.reduce((best, _comparison, index) => {
    const [candidate, current] = [rank(index), rank(best)];
    return candidate[0] < current[0] || (candidate[0] === current[0] && candidate[1] < current[1]) ? index : best;
  }, 0);
  // Per connection, the time the closest run's model is held to: its own time plus the median of the runs' errors, each run's
  // real time less its own model's. Each run's model took that run's client and stand-in compute (harnessRun.ts), so a run
  // whose Chromium took 9 ms to verify is held against a model that did too, not against the others' median.
  const realTimes = reals[closest].map((_view, index) => {
    const errors = reals.flatMap((views, run) => {
      if (views.length !== reals[closest].length || !models[run][index]) return [];
      const error = connectionMeasures(views[index]).timeToFirstResponseMs - connectionMeasures(models[run][index]).timeToFirstResponseMs;
      return Number.isFinite(error) ? [error] : [];
    });
    const modelTime = models[closest][index] ? connectionMeasures(models[closest][index]).timeToFirstResponseMs : Number.NaN;
    return errors.length > 0 ? modelTime + median(errors) : Number.NaN;
  });
  return {
    comparison: compareRow(models[closest], reals[closest], realTimes), closest, runs: reals.length, realTimes, variation: runVariation(reals),
    differencesPerRun: firstPass.map(exactDifferences),
  };
}
