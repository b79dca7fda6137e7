import { byMessageType, messageType, type Direction } from '../simulator/live/measurementComparison';
import type { LiveResult } from '../simulator/live/liveRun';
import type { Trace, TraceEvent } from '../simulator/trace/trace';
import type { LiveMeasurement, MeasuredEvent } from '../webview/protocol';

/*
 * A live run's result as the plain data the webview shows beside the model: each compared model
 * event with its measured counterpart, the per-type sums and the exchanges. The pairing is
 * compareTraces' own (per layer and direction, the n-th message of a type with the n-th of the
 * same type); its verdicts (ok, tolerance) are taken from the comparison, not recomputed. No
 * vscode here, so it is tested in plain Node.
 */

const CLIENT = 'client';

function directionOf(event: TraceEvent): Direction | undefined {
  if (event.from === CLIENT && event.to !== CLIENT) return 'client → server';
  if (event.to === CLIENT && event.from !== CLIENT) return 'server → client';
  return undefined;
}

function group(trace: Trace, layer: string, direction: Direction): TraceEvent[] {
  return trace.events.filter((event) => event.layer === layer && directionOf(event) === direction);
}

/** The model events compareTraces compared, each with its measured counterpart (time and bytes) and verdict. */
export function measuredEvents(result: Pick<LiveResult, 'model' | 'live' | 'comparison'>): { events: MeasuredEvent[]; unmatched: LiveMeasurement['unmatched'] } {
  const events: MeasuredEvent[] = [];
  const unmatched: LiveMeasurement['unmatched'] = [];
  const groups = new Map<string, typeof result.comparison.messages>();
  for (const message of result.comparison.messages) {
    const key = `${message.layer}|${message.direction}`;
    groups.set(key, [...(groups.get(key) ?? []), message]);
  }
  for (const [key, messages] of groups) {
    const [layer, direction] = key.split('|') as [string, Direction];
    const modelled = group(result.model, layer, direction);
    const remaining = new Map<string, TraceEvent[]>();
    for (const event of group(result.live, layer, direction)) {
      const type = messageType(event.name);
      remaining.set(type, [...(remaining.get(type) ?? []), event]);
    }
    const verdicts = messages.filter((message) => message.modelBytes !== undefined);
    if (verdicts.length !== modelled.length) throw new Error(`${key}: ${verdicts.length} compared messages for ${modelled.length} model events`);
    modelled.forEach((event, index) => {
      const measured = remaining.get(messageType(event.name))?.shift();
      events.push({ eventId: event.id, ...(measured ? { timeMs: measured.time, bytes: measured.bytes } : {}), ok: verdicts[index].ok });
    });
    for (const message of messages) {
      if (message.modelBytes === undefined) unmatched.push({ layer, direction, name: message.name, bytes: message.liveBytes ?? 0 });
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
    types: byMessageType(comparison).map((row) => ({
      ...row,
      ok: comparison.messages.every((message) => message.ok || message.layer !== row.layer || message.direction !== row.direction || messageType(message.name) !== row.type),
    })),
    exchanges: comparison.exchanges.map((exchange) => ({ ...exchange })),
    differences: [...comparison.differences],
    notMeasured: [...comparison.notMeasured],
    relayLatenessMs: result.relayLatenessMs,
  };
}
