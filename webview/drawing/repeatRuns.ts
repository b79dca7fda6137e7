import { isPureAck } from '../../simulator/trace/eventQueries';
import type { TraceEventJson } from '../../simulator/trace/trace';

/*
 * Runs of repeats in the sequence diagram's events: pure TCP ACKs, similar frames, a
 * keep-alive series of identical exchanges. The layout collapses each run into one group
 * row (keyed `g<first id>-<last id>`) that the user can expand in place.
 */

/** Runs shorter than this are left alone: pure ACKs from 2, anything else from 4 repeats. */
const MIN_ACK_REPEATS = 2;
const MIN_REPEATS = 4;
/** Longest repeated block (in events) that the grouping looks for. */
const MAX_PERIOD = 24;

/** A run of repeats found in the filtered event list: `repeats` copies of a block of `period` events. */
export interface RepeatRun {
  start: number;
  period: number;
  repeats: number;
}

function normalisedName(name: string): string {
  return name.replace(/\d+/g, '#');
}

/**
 * What makes two events "the same" for grouping. Digits in names are ignored (`handler (38 ms)`,
 * `push 2`); pure ACKs match in either direction on the same pair of participants.
 */
export function repeatSignature(event: TraceEventJson): string {
  if (isPureAck(event)) return `ack|${[event.from, event.to].sort().join('|')}`;
  // The kind says what the event is; the name, digits aside, tells two requests or steps of one kind apart as the reader sees them.
  return `${event.kind}|${event.from}|${event.to}|${normalisedName(event.name)}`;
}

/**
 * Finds runs of repeats, left to right and greedily: at each position the period that covers
 * the most events wins (the shorter period on a tie). Deterministic, O(n · MAX_PERIOD) outside runs.
 */
export function findRepeatRuns(events: readonly TraceEventJson[]): RepeatRun[] {
  const signatures = events.map(repeatSignature);
  const runs: RepeatRun[] = [];
  let index = 0;
  while (index < events.length) {
    let best: RepeatRun | undefined;
    const maxPeriod = Math.min(MAX_PERIOD, Math.floor((events.length - index) / 2));
    for (let period = 1; period <= maxPeriod; period++) {
      let end = index + period;
      while (end < events.length && signatures[end] === signatures[end - period]) end++;
      const repeats = Math.floor((end - index) / period);
      const minimum = period === 1 && isPureAck(events[index]) ? MIN_ACK_REPEATS : MIN_REPEATS;
      if (repeats >= minimum && (!best || repeats * period > best.repeats * best.period)) best = { start: index, period, repeats };
    }
    if (best) {
      runs.push(best);
      index += best.period * best.repeats;
    } else {
      index++;
    }
  }
  return runs;
}
