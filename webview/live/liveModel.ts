import type { TraceJson } from '../../simulator/trace/trace';
import { formatBytes, formatCount, formatMs } from '../drawing/format';
import type { LiveAvailability, LiveMeasurement, RouteView } from '../protocol/messages';
import type { SequenceLayout } from '../drawing/sequenceLayout';

/*
 * The pure side of "Run live": the button's state, each event's measured cells, and the
 * "Model vs measured" summary, from the plain data the host sent. A difference is always
 * marked by a sign and a word as well as by its colour (WCAG 1.4.1).
 */

/** How a model event fared: matched within tolerance, different, not sent live, or not something a live run sees. */
export type MatchStatus = 'same' | 'differs' | 'missing' | 'unmeasured';

export const MATCH_TEXT: Record<MatchStatus, string> = {
  same: '✓ same',
  differs: '≠ differs',
  missing: '✗ not sent',
  unmeasured: '– not measured',
};

export interface MeasuredCells {
  status: MatchStatus;
  /** Sortable values: undefined when there is nothing measured. */
  timeMs?: number;
  bytes?: number;
  /** Measured minus modelled bytes. */
  bytesDelta?: number;
  /** Measured minus modelled send time (ms). */
  timeDeltaMs?: number;
  display: { match: string; measuredTime: string; measuredBytes: string; difference: string };
}

function signed(value: number, format: (value: number) => string): string {
  return value > 0 ? `+${format(value)}` : value < 0 ? `−${format(-value)}` : `±${format(0)}`;
}

const NOTHING: MeasuredCells['display'] = { match: MATCH_TEXT.unmeasured, measuredTime: '', measuredBytes: '', difference: '' };

/** The measured cells of every event of `trace`, by event id. */
export function measuredCells(trace: TraceJson, measurement: LiveMeasurement): Map<number, MeasuredCells> {
  const cells = new Map<number, MeasuredCells>();
  for (const event of trace.events) cells.set(event.id, { status: 'unmeasured', display: NOTHING });
  for (const measured of measurement.events) {
    const event = trace.events[measured.eventId];
    if (!event) continue;
    if (measured.bytes === undefined || measured.timeMs === undefined) {
      cells.set(event.id, { status: 'missing', display: { match: MATCH_TEXT.missing, measuredTime: '–', measuredBytes: '–', difference: '' } });
      continue;
    }
    const bytesDelta = measured.bytes - event.bytes;
    const timeDeltaMs = measured.timeMs - event.time;
    const status: MatchStatus = measured.ok ? 'same' : 'differs';
    cells.set(event.id, {
      status, timeMs: measured.timeMs, bytes: measured.bytes, bytesDelta, timeDeltaMs,
      display: {
        match: MATCH_TEXT[status], measuredTime: measured.timeMs.toFixed(3), measuredBytes: formatCount(measured.bytes),
        difference: `${signed(bytesDelta, formatBytes)}, ${signed(timeDeltaMs, formatMs)}`,
      },
    });
  }
  return cells;
}

/** The "Run live" button: enabled, or disabled with the reason as its tooltip. */
export interface LiveButtonState {
  label: string;
  disabled: boolean;
  tooltip: string;
}

export function liveButtonState(view: RouteView | undefined, running: boolean): LiveButtonState {
  if (running) return { label: 'Running live…', disabled: true, tooltip: 'A live run is going on 127.0.0.1; cancel it from its notification.' };
  const availability: LiveAvailability | undefined = view?.live;
  if (!view || !availability) return { label: 'Run live', disabled: true, tooltip: 'Simulate a route first; this extension host cannot run it live.' };
  if (!availability.supported) return { label: 'Run live', disabled: true, tooltip: availability.reason };
  return {
    label: view.measured ? 'Run live again' : 'Run live',
    disabled: false,
    tooltip: 'Run this scenario for real on 127.0.0.1 (a local gateway emulator, a delay relay and a real client) and show the measurement beside the model',
  };
}

/**
 * The words beside the button: the outcome of the run shown, or, when the scenario cannot run
 * live, that it cannot (the reason as its tooltip: a disabled button takes no keyboard focus,
 * so the status text is what a keyboard or screen reader user finds).
 */
export function liveNoteFor(view: RouteView): { text: string; title: string } {
  // Restricted Mode is not the scenario's doing: the whole sentence, with what lifts it, in view.
  if (view.live && !view.live.supported && view.live.restrictedMode) return { text: view.live.reason, title: view.live.reason };
  if (view.live && !view.live.supported) return { text: 'Run live: not for this scenario', title: view.live.reason };
  if (!view.measured) return { text: '', title: '' };
  const count = view.measured.differences.length;
  return {
    text: count === 0 ? '✓ measured: agrees with the model' : `≠ measured: ${count} difference${count === 1 ? '' : 's'} from the model`,
    title: view.measured.conditions,
  };
}

export interface SummaryRow {
  cells: string[];
  differs: boolean;
}

export interface LiveSummary {
  headline: string;
  conditions: string;
  types: SummaryRow[];
  exchanges: SummaryRow[];
  differences: string[];
  notMeasured: string;
}

export const TYPE_HEADERS = ['', 'Layer', 'Direction', 'Message type', 'Count', 'Modelled', 'Measured', 'Difference'] as const;
export const EXCHANGE_HEADERS = ['', 'Exchange', 'Round trips before first byte (model / measured)', 'First byte: model', 'First byte: measured', 'Difference'] as const;

/** The "Model vs measured" summary: per message type, per exchange, and the sentences of the differences. */
export function liveSummary(measurement: LiveMeasurement): LiveSummary {
  const differenceCount = measurement.differences.length;
  const types = measurement.types.map((row): SummaryRow => {
    // Not modelBytes !== liveBytes: TLS records may differ within tolerance by their random-length fields.
    const differs = !row.ok;
    return {
      differs,
      cells: [differs ? '≠' : '✓', row.layer.toUpperCase(), row.direction, row.type, formatCount(row.count), formatBytes(row.modelBytes), formatBytes(row.liveBytes), signed(row.liveBytes - row.modelBytes, formatBytes)],
    };
  });
  const exchanges = measurement.exchanges.map((row): SummaryRow => {
    const differs = row.modelRoundTrips !== row.liveRoundTrips;
    return {
      differs,
      cells: [differs ? '≠' : '✓', row.name, `${row.modelRoundTrips} / ${row.liveRoundTrips}`, formatMs(row.modelTimeToFirstByteMs), formatMs(row.liveTimeToFirstByteMs), signed(row.liveTimeToFirstByteMs - row.modelTimeToFirstByteMs, formatMs)],
    };
  });
  return {
    headline: differenceCount === 0 ? '✓ Model and measurement agree (bytes within tolerance, same round trips)' : `≠ ${differenceCount} difference${differenceCount === 1 ? '' : 's'} beyond tolerance`,
    conditions: `Measured: ${measurement.conditions}; relay timers up to ${formatMs(measurement.relayLatenessMs)} late. HTTP and WebSocket bytes must match exactly, TLS records within 2%.`,
    types, exchanges,
    differences: [...measurement.differences],
    notMeasured: `Not measured: ${measurement.notMeasured.join('; ')}.`,
  };
}

/** A measured send time drawn over the sequence diagram: a short tick on the sender's lifeline. */
export interface GhostTick {
  key: string;
  eventId: number;
  /** Layout coordinates: the sender's lifeline, the measured send time. */
  x: number;
  y: number;
  differs: boolean;
  /** The tooltip. */
  label: string;
}

/**
 * Ghost ticks for the shown arrows, in proportional time only: there y is time, so the tick sits
 * where the measured message left, above or below the model's arrow. In compact time rows are
 * not time, and a tick would suggest an offset that is not there.
 */
export function ghostTicks(layout: SequenceLayout, measurement: LiveMeasurement): GhostTick[] {
  if (layout.timeScale !== 'proportional') return [];
  const arrows = new Map(layout.items.flatMap((item) => (item.kind === 'arrow' ? [[item.eventId, item] as const] : [])));
  return measurement.events.flatMap((measured): GhostTick[] => {
    const arrow = arrows.get(measured.eventId);
    if (!arrow || measured.timeMs === undefined) return [];
    return [{
      key: `ghost-${measured.eventId}`, eventId: measured.eventId, x: arrow.x1, y: layout.top + measured.timeMs * layout.pxPerMs, differs: !measured.ok,
      label: `Measured: sent at ${measured.timeMs.toFixed(3)} ms (${signed(measured.timeMs - arrow.time, formatMs)} against the model)${measured.ok ? '' : ', ≠ bytes differ'}`,
    }];
  });
}
