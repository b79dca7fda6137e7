import { formatBytes, formatCount, formatMs } from '../drawing/format';
import type { LiveAvailability, LiveClient, LiveMeasurement, MeasuredFigure, RouteView } from '../protocol/messages';

/*
 * The pure side of "Run live": the client picker's options, the button's state, and the "Model
 * vs real" summary, from the plain data the host sent: per connection, the model's and the real
 * figures side by side, then every difference in words. A difference is always marked by a sign
 * and a word as well as by its colour (WCAG 1.4.1).
 */

/** The client picker's options: what plays the route, in words. */
export const LIVE_CLIENT_LABELS: Readonly<Record<LiveClient, string>> = {
  node: 'Node (https, ws)',
  curl: 'curl',
  browser: 'Chromium (headless)',
};

/** The "Run live" button: enabled, or disabled with the reason as its tooltip. */
export interface LiveButtonState {
  label: string;
  disabled: boolean;
  tooltip: string;
}

export function liveButtonState(view: RouteView | undefined, running: boolean, client: LiveClient = 'node'): LiveButtonState {
  if (running) return { label: 'Running live…', disabled: true, tooltip: 'A live run is going on 127.0.0.1; cancel it from its notification.' };
  const availability: LiveAvailability | undefined = view?.live;
  if (!view || !availability) return { label: 'Run live', disabled: true, tooltip: 'Simulate a route first; this extension host cannot run it live.' };
  if (!availability.supported) return { label: 'Run live', disabled: true, tooltip: availability.reason };
  if (client === 'curl' && view.apiType === 'WEBSOCKET') return { label: 'Run live', disabled: true, tooltip: 'curl cannot play a WebSocket route (Debian\'s curl is built without WebSocket support): pick Node or Chromium' };
  return {
    label: view.measured ? 'Run live again' : 'Run live',
    disabled: false,
    tooltip: `Run this route for real on 127.0.0.1 with ${LIVE_CLIENT_LABELS[client]} against a stand-in gateway answering as the model says, capture it, and show the real connections beside the model's`,
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
    text: count === 0 ? `✓ ${view.measured.client}: agrees with the model` : `≠ ${view.measured.client}: ${count} difference${count === 1 ? '' : 's'} from the model`,
    title: view.measured.conditions,
  };
}

export interface SummaryRow {
  cells: string[];
  differs: boolean;
}

export interface ConnectionSummary {
  caption: string;
  rows: SummaryRow[];
  notes: string[];
}

export interface LiveSummary {
  headline: string;
  conditions: string;
  connections: ConnectionSummary[];
  differences: string[];
}

export const FIGURE_HEADERS = ['', 'Measure', 'Model', 'Real', 'Difference'] as const;

function signed(value: number, format: (value: number) => string): string {
  return value > 0 ? `+${format(value)}` : value < 0 ? `−${format(-value)}` : `±${format(0)}`;
}

const FORMATS: Record<MeasuredFigure['unit'], (value: number) => string> = { count: formatCount, bytes: formatBytes, ms: formatMs };

function figureRow(figure: MeasuredFigure): SummaryRow {
  const format = FORMATS[figure.unit];
  const shown = (value: number | null): string => (value === null ? '–' : format(value));
  const difference = figure.model === null || figure.real === null ? '' : signed(figure.real - figure.model, format);
  return { differs: figure.differs, cells: [figure.differs ? '≠' : '✓', figure.name, shown(figure.model), shown(figure.real), difference] };
}

/** The "Model vs real" summary: per connection, each figure modelled and real, and the sentences of the differences. */
export function liveSummary(measurement: LiveMeasurement): LiveSummary {
  const differenceCount = measurement.differences.length;
  const several = measurement.connections.length > 1;
  return {
    headline: differenceCount === 0
      ? `✓ The real ${measurement.client} connection${several ? 's agree' : ' agrees'} with the model: every packet, record, message and frame, and the time to the first response within 10%`
      : `≠ ${differenceCount} difference${differenceCount === 1 ? '' : 's'} between the model and the real ${measurement.client} client`,
    conditions: `Measured: ${measurement.conditions}. Instrument: ${measurement.instrument}.`,
    connections: measurement.connections.map((connection, index) => ({
      caption: `Connection ${index + 1}${connection.negotiated ? ` (${connection.negotiated})` : ''}`,
      rows: connection.figures.map(figureRow),
      notes: connection.notes.map((note) => `Aligned: ${note}`),
    })),
    differences: [...measurement.differences],
  };
}
