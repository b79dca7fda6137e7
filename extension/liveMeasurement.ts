import { byMessageType } from '../simulator/live/measurementComparison';
import type { LiveResult } from '../simulator/live/liveRun';
import type { LiveMeasurement, MeasuredEvent } from '../webview/protocol/messages';

/*
 * A live run's result as the plain data the webview shows beside the model: each compared model
 * event with its measured counterpart, the per-type sums and the exchanges. The pairing and its
 * verdicts (ok, tolerance) are compareTraces' own: each compared message names the two events
 * it paired by id, so nothing is paired again here. No vscode here, so it is tested in plain Node.
 */

/** The model events compareTraces compared, each with its measured counterpart (time and bytes) and verdict. */
export function measuredEvents(result: Pick<LiveResult, 'model' | 'live' | 'comparison'>): { events: MeasuredEvent[]; unmatched: LiveMeasurement['unmatched'] } {
  const events: MeasuredEvent[] = [];
  const unmatched: LiveMeasurement['unmatched'] = [];
  for (const message of result.comparison.messages) {
    const measured = message.liveEventId === undefined ? undefined : result.live.events[message.liveEventId];
    if (message.modelEventId !== undefined) {
      events.push({ eventId: message.modelEventId, ...(measured ? { timeMs: measured.time, bytes: measured.bytes } : {}), ok: message.ok });
    } else {
      unmatched.push({ layer: message.layer, direction: message.direction, name: message.name, bytes: message.liveBytes ?? 0 });
    }
  }
  return { events: events.sort((a, b) => a.eventId - b.eventId), unmatched };
}

/** Everything the webview shows of a live run. */
export function liveMeasurement(result: Pick<LiveResult, 'model' | 'live' | 'comparison' | 'relayLatenessMs'>, conditions: string): LiveMeasurement {
  const { comparison } = result;
  return {
    conditions,
    ...measuredEvents(result),
    types: byMessageType(comparison).map((row) => ({ ...row })),
    exchanges: comparison.exchanges.map((exchange) => ({ ...exchange })),
    differences: [...comparison.differences],
    notMeasured: [...comparison.notMeasured],
    relayLatenessMs: result.relayLatenessMs,
  };
}
