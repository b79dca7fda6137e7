import type { Layer, TraceJson, TraceEventJson } from '../../simulator/trace/trace';
import { formatCount } from '../drawing/format';
import { LAYER_LABELS } from '../drawing/layers';

/*
 * The event table's model: one row per event, sorted by a column, filtered by text and
 * layer, and exported as CSV (RFC 4180). No DOM here. (A live run's figures are per connection,
 * in the Summary tab's "Model vs real": the harness compares captures, not the model's events one by one.)
 */

export const TABLE_COLUMNS = [
  { id: 'id', label: '#', numeric: true, csv: 'id' },
  { id: 'time', label: 'Time (ms)', numeric: true, csv: 'time_ms' },
  { id: 'layer', label: 'Layer', numeric: false, csv: 'layer' },
  { id: 'from', label: 'From', numeric: false, csv: 'from' },
  { id: 'to', label: 'To', numeric: false, csv: 'to' },
  { id: 'name', label: 'Message', numeric: false, csv: 'name' },
  { id: 'bytes', label: 'Bytes', numeric: true, csv: 'bytes' },
  { id: 'wireBytes', label: 'Wire bytes', numeric: true, csv: 'wire_bytes' },
  { id: 'duration', label: 'Duration (ms)', numeric: true, csv: 'duration_ms' },
  { id: 'arrival', label: 'Arrival (ms)', numeric: true, csv: 'arrival_ms' },
  { id: 'connection', label: 'Connection', numeric: false, csv: 'connection' },
  { id: 'error', label: 'Error', numeric: false, csv: 'error' },
] as const;

export type TableColumn = (typeof TABLE_COLUMNS)[number];
export type TableColumnId = TableColumn['id'];

export type SortDirection = 'ascending' | 'descending';

export function isColumnId(value: unknown): value is TableColumnId {
  return TABLE_COLUMNS.some((column) => column.id === value);
}

export interface TableRow {
  eventId: number;
  layer: Layer;
  error: boolean;
  /** Sortable and exportable values: numbers stay numbers. */
  values: Record<TableColumnId, string | number>;
  /** What each cell displays. */
  display: Record<TableColumnId, string>;
  /** Lower-case text that the filter searches: names, participants, layer, connection, error, details. */
  haystack: string;
}

export interface TableQuery {
  sortColumn: TableColumnId;
  sortDirection: SortDirection;
  /** Words that must all occur (case-insensitive) somewhere in the row. */
  filter: string;
  layers: ReadonlySet<Layer>;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function errorText(event: TraceEventJson): string {
  if (!event.error) return '';
  return `${event.error.code}${event.error.status !== undefined ? ` (${event.error.status})` : ''}: ${event.error.message}`;
}

/** Builds the row of one event; `labelOf` names participants. */
export function tableRow(event: TraceEventJson, labelOf: ReadonlyMap<string, string>): TableRow {
  const from = labelOf.get(event.from) ?? event.from;
  const to = labelOf.get(event.to) ?? event.to;
  const duration = round3(event.arrival - event.time);
  const error = errorText(event);
  const values: Record<TableColumnId, string | number> = {
    id: event.id, time: round3(event.time), arrival: round3(event.arrival), duration, from, to, layer: event.layer,
    name: event.name, bytes: event.bytes, wireBytes: event.wireBytes, connection: event.connection ?? '', error,
  };
  const display: Record<TableColumnId, string> = {
    id: String(event.id), time: event.time.toFixed(3), arrival: event.arrival.toFixed(3), duration: duration.toFixed(3), from, to,
    layer: LAYER_LABELS[event.layer], name: event.name, bytes: formatCount(event.bytes), wireBytes: formatCount(event.wireBytes),
    connection: event.connection ?? '', error,
  };
  const details = Object.entries(event.detail ?? {}).map(([key, value]) => `${key}=${String(value)}`);
  const haystack = [event.name, event.from, from, event.to, to, event.layer, LAYER_LABELS[event.layer], event.connection ?? '', error, ...details].join('\n').toLowerCase();
  return { eventId: event.id, layer: event.layer, error: event.error !== undefined, values, display, haystack };
}

const COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return COLLATOR.compare(String(a), String(b));
}

/** Splits a filter into lower-case words; quotes keep spaces: `"200 ok" gateway`. */
export function filterTerms(filter: string): string[] {
  const terms: string[] = [];
  for (const match of filter.toLowerCase().matchAll(/"([^"]*)"|(\S+)/g)) {
    const term = match[1] ?? match[2];
    if (term) terms.push(term);
  }
  return terms;
}

/**
 * The rows to show: events of the visible layers that match every filter word, sorted (ties in
 * event order).
 */
export function tableRows(trace: TraceJson, query: TableQuery): TableRow[] {
  const labelOf = new Map(trace.participants.map((participant) => [participant.id, participant.label]));
  const terms = filterTerms(query.filter);
  const rows = trace.events
    .filter((event) => query.layers.has(event.layer))
    .map((event) => tableRow(event, labelOf))
    .filter((row) => terms.every((term) => row.haystack.includes(term)));
  const sign = query.sortDirection === 'ascending' ? 1 : -1;
  return rows.sort((a, b) => sign * compareValues(a.values[query.sortColumn], b.values[query.sortColumn]) || a.eventId - b.eventId);
}

/** The direction a header click gives: the other one on the sorted column, ascending on a new one. */
export function nextSort(current: { sortColumn: TableColumnId; sortDirection: SortDirection }, column: TableColumnId): { sortColumn: TableColumnId; sortDirection: SortDirection } {
  if (current.sortColumn !== column) return { sortColumn: column, sortDirection: 'ascending' };
  return { sortColumn: column, sortDirection: current.sortDirection === 'ascending' ? 'descending' : 'ascending' };
}

/**
 * One CSV field (RFC 4180 §2): quoted when it holds a comma, a quote, a line break or
 * leading/trailing spaces, with quotes doubled. Text that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR; OWASP "CSV injection") gets a leading apostrophe.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV with a header line (the shown columns); CRLF line ends as RFC 4180 asks. */
export function tableCsv(rows: readonly TableRow[], columns: readonly TableColumn[] = TABLE_COLUMNS): string {
  const lines = [columns.map((column) => column.csv).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(row.values[column.id])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
