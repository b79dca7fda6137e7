import { formatBytes, formatCount, formatMs, formatUsd } from '../drawing/format';
import type { CompareApiResult, CompareView, CompareWorkload } from '../protocol/messages';

/*
 * The Compare view's view-model: from the simulator's compare result to what the view draws.
 * Three measures (latency, bytes per message, monthly cost), each a set of bars per API type,
 * the winner of each, the rules of thumb with their verdicts, and the same figures as a table.
 * Positions come from `barLayout`; compareView.ts only draws. No DOM here: tests run it in Node.
 *
 *   Latency           ┌───────────┐
 *   REST API  first   ████████████████ 95.1 ms
 *             later   ████ 31.2 ms
 *   HTTP API ★ first  ██████████████ 88.0 ms
 *   ...
 */

export type ApiTypeId = CompareApiResult['apiType'];
export type MetricId = 'latency' | 'bytes' | 'cost' | 'headers';

export const API_TYPE_LABELS: Readonly<Record<ApiTypeId, string>> = { REST: 'REST API', HTTP: 'HTTP API', WEBSOCKET: 'WebSocket API' };

export interface CompareSeries {
  id: string;
  label: string;
  /** What the figure is, for the tooltip and the table. */
  description: string;
}

export interface CompareBar {
  /** Stable join key: `<metric>:<api type>:<series>`. */
  key: string;
  apiType: ApiTypeId;
  series: string;
  value: number;
  text: string;
}

export interface CompareMetric {
  id: MetricId;
  title: string;
  /** One sentence on what is measured and how the winner is chosen. */
  note: string;
  series: CompareSeries[];
  bars: CompareBar[];
  /** The API types with the best (lowest) deciding value; more than one on a tie. */
  winners: ApiTypeId[];
  winnerTitle: string;
  /** The winning figure, as text: `22.00 ms per later message`. */
  winnerText: string;
  /** What a screen reader hears for the chart. */
  ariaLabel: string;
}

export interface CompareApiType {
  apiType: ApiTypeId;
  label: string;
  api: string;
  /** The API is the user's own (from the config), not the simulator's reference API. */
  fromConfig: boolean;
  breaksFirst: string;
}

export interface CompareRuleModel {
  rule: string;
  holds: boolean;
  verdict: string;
  finding: string;
}

export interface CompareTable {
  head: string[];
  rows: { header: string; cells: string[]; best: boolean[] }[];
}

export interface CompareModel {
  workload: string;
  description: string;
  /** The workload's figures in one line: clients, calls, updates, sizes. */
  workloadText: string;
  source: string;
  apiTypes: CompareApiType[];
  metrics: CompareMetric[];
  /**
   * Request header bytes per request, first and second on one kept-alive connection, under
   * HTTP/1.1 and h2 (HPACK), beside a WebSocket message's frame header: the figures the rule of
   * thumb about header overhead speaks of. Undefined when the result has none (no REST or HTTP API measured them).
   */
  headers?: CompareMetric;
  rules: CompareRuleModel[];
  table: CompareTable;
}

const DOLLARS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A monthly bill: `$14,026.80`; below a cent, as many digits as it takes. */
export function formatMonthlyUsd(usd: number): string {
  return Math.abs(usd) >= 0.01 ? `$${DOLLARS.format(usd)}` : formatUsd(usd);
}

/** Relative tolerance under which two figures count as a tie. */
const TIE = 1e-6;

/** The API types whose `value` is lowest (all of them on a tie). */
export function lowest(results: readonly CompareApiResult[], value: (result: CompareApiResult) => number): ApiTypeId[] {
  const best = Math.min(...results.map(value));
  return results.filter((result) => value(result) - best <= Math.abs(best) * TIE).map((result) => result.apiType);
}

function perMinute(count: number): string {
  return count >= 1 || count === 0 ? formatCount(count) : String(Number(count.toPrecision(2)));
}

/** The workload in one line, as a user would describe it. */
export function workloadText(workload: CompareWorkload): string {
  const parts = [
    `${formatCount(workload.clients)} clients`,
    `${perMinute(workload.requestsPerMinute)} calls/min each (${formatBytes(workload.requestBytes)} up, ${formatBytes(workload.responseBytes)} down)`,
    workload.updatesPerMinute > 0
      ? `${perMinute(workload.updatesPerMinute)} server updates/min (${formatBytes(workload.updateBytes)}), polled every ${workload.pollIntervalSeconds} s without WebSocket`
      : 'no server updates',
  ];
  return parts.join(' · ');
}

function names(apiTypes: readonly ApiTypeId[]): string {
  return apiTypes.map((apiType) => API_TYPE_LABELS[apiType]).join(' and ');
}

function metric(id: MetricId, title: string, note: string, series: CompareSeries[], results: readonly CompareApiResult[],
  values: Record<string, (result: CompareApiResult) => number>, format: (value: number) => string,
  decide: (result: CompareApiResult) => number, winnerTitle: string, winnerUnit: string): CompareMetric {
  const bars = results.flatMap((result) => series.map((entry) => {
    const value = values[entry.id](result);
    return { key: `${id}:${result.apiType}:${entry.id}`, apiType: result.apiType, series: entry.id, value, text: format(value) };
  }));
  const winners = lowest(results, decide);
  const winning = results.find((result) => result.apiType === winners[0]);
  const winnerText = winning ? `${format(decide(winning))}${winnerUnit}` : '';
  const spoken = results.map((result) => `${API_TYPE_LABELS[result.apiType]}: ${series.map((entry) => `${entry.label} ${format(values[entry.id](result))}`).join(', ')}`).join('; ');
  return { id, title, note, series, bars, winners, winnerTitle, winnerText, ariaLabel: `${title}. ${spoken}. ${winnerTitle}: ${names(winners)}.` };
}

/** The view-model for a compare result (see the file comment). */
export function compareModel(view: CompareView): CompareModel {
  const { workload, results, rules } = view.result;
  const configApis = new Set(view.config?.apis ?? []);
  const apiTypes: CompareApiType[] = results.map((result) => ({
    apiType: result.apiType, label: API_TYPE_LABELS[result.apiType], api: result.api, fromConfig: configApis.has(result.route.apiId), breaksFirst: result.breaksFirst,
  }));
  const own = apiTypes.filter((entry) => entry.fromConfig).length;
  const source = !view.config || own === 0 ? 'Minimal Regional reference APIs with a Lambda proxy integration'
    : own === apiTypes.length ? `Your APIs from ${view.config.file}`
      : `Your APIs from ${view.config.file} where it has one of the type, reference APIs for the others`;

  const latency = metric('latency', 'Latency', 'Time to the first byte of the answer. REST and HTTP: a request and its response; WebSocket: the first message includes the upgrade, later ones are server pushes. Fastest by later messages.', [
    { id: 'first', label: 'first', description: 'First message, on a new connection (DNS cached, TCP and TLS handshakes included)' },
    { id: 'later', label: 'later', description: 'A later message on the open connection' },
    // The load keeps a quantile sketch, not every latency: PERCENTILE_RELATIVE_ACCURACY in simulator/scenario/quantileSketch.ts.
    { id: 'p99', label: 'p99', description: '99th percentile under the workload\'s load, within 0.5%' },
  ], results, { first: (result) => result.coldLatencyMs, later: (result) => result.warmLatencyMs, p99: (result) => result.p99LatencyMs },
  formatMs, (result) => result.warmLatencyMs, 'Fastest', ' per later message');

  const bytes = metric('bytes', 'Bytes per message', 'Bytes on the wire (IP packets) for one client message and one server answer or update. Fewest by the two together.', [
    { id: 'up', label: 'up', description: 'Client to server: one request, or one WebSocket frame (masked)' },
    { id: 'down', label: 'down', description: 'Server to client: one response, or one pushed frame' },
  ], results, { up: (result) => result.bytesUpPerMessage, down: (result) => result.bytesDownPerMessage },
  formatBytes, (result) => result.bytesUpPerMessage + result.bytesDownPerMessage, 'Fewest bytes', ' up and down');

  const cost = metric('cost', 'Monthly cost', 'API Gateway charges for a month of this workload (requests, or messages and connection minutes), us-east-1 prices. Lambda and data transfer are not included.', [
    { id: 'month', label: 'month', description: 'API Gateway charges for 30 days' },
  ], results, { month: (result) => result.monthlyCostUsd }, formatMonthlyUsd, (result) => result.monthlyCostUsd, 'Cheapest', ' a month');

  const metrics = [latency, bytes, cost];
  const headers = headerMetric(results);
  return {
    workload: workload.name,
    description: workload.description,
    workloadText: workloadText(workload),
    source,
    apiTypes,
    metrics,
    ...(headers ? { headers } : {}),
    rules: rules.map((rule) => ({ rule: rule.rule, holds: rule.holds, verdict: rule.holds ? 'Holds' : 'Does not hold', finding: rule.finding })),
    table: compareTable(results, metrics),
  };
}

const HEADER_SERIES: readonly (CompareSeries & { version: 'http1' | 'http2'; request: 'first' | 'later' })[] = [
  { id: 'h1-first', label: 'h1 1st', description: 'HTTP/1.1, the first request on a new connection', version: 'http1', request: 'first' },
  { id: 'h1-later', label: 'h1 2nd', description: 'HTTP/1.1, the next request on the kept-alive connection', version: 'http1', request: 'later' },
  { id: 'h2-first', label: 'h2 1st', description: 'HTTP/2, the first request (HPACK, empty dynamic table)', version: 'http2', request: 'first' },
  { id: 'h2-later', label: 'h2 2nd', description: 'HTTP/2, the next request on the kept-alive connection (HPACK indexes what the first sent)', version: 'http2', request: 'later' },
];
const FRAME_SERIES: CompareSeries = { id: 'frame', label: 'frame', description: 'WebSocket: the frame header of a client message (masked); a message has no headers' };

/**
 * The header bytes chart (CompareModel.headers): a bar per request and HTTP version for REST and
 * HTTP APIs, and the WebSocket frame header. No winner: it shows what the rule of thumb compares.
 */
function headerMetric(results: readonly CompareApiResult[]): CompareMetric | undefined {
  if (!results.some((result) => result.requestHeaderBytes)) return undefined;
  const bars: CompareBar[] = results.flatMap((result) => {
    const measured = result.requestHeaderBytes;
    if (measured) return HEADER_SERIES.map((series) => ({ key: `headers:${result.apiType}:${series.id}`, apiType: result.apiType, series: series.id, value: measured[series.version][series.request], text: formatBytes(measured[series.version][series.request]) }));
    return result.apiType === 'WEBSOCKET' ? [{ key: `headers:${result.apiType}:frame`, apiType: result.apiType, series: FRAME_SERIES.id, value: result.overheadUpBytes, text: formatBytes(result.overheadUpBytes) }] : [];
  });
  const series = [...HEADER_SERIES.map(({ id, label, description }) => ({ id, label, description })), FRAME_SERIES];
  const spoken = results.map((result) => `${API_TYPE_LABELS[result.apiType]}: ${bars.filter((bar) => bar.apiType === result.apiType).map((bar) => `${series.find((entry) => entry.id === bar.series)!.description} ${bar.text}`).join(', ')}`).join('; ');
  const title = 'Request headers, HTTP/1.1 and h2';
  return {
    id: 'headers', title,
    note: 'Bytes a request carries besides its body, the first and the second on one kept-alive connection: HTTP/1.1 repeats its head, h2 compresses it with HPACK. WebSocket: the header of a message frame.',
    series, bars, winners: [], winnerTitle: '', winnerText: '', ariaLabel: `${title}. ${spoken}.`,
  };
}

/** Every figure as a table row (the accessible fallback for the charts, and the place for exact values). */
function compareTable(results: readonly CompareApiResult[], metrics: readonly CompareMetric[]): CompareTable {
  const rows: CompareTable['rows'] = [];
  for (const entry of metrics) {
    for (const series of entry.series) {
      const bars = results.map((result) => entry.bars.find((bar) => bar.apiType === result.apiType && bar.series === series.id)!);
      const best = Math.min(...bars.map((bar) => bar.value));
      rows.push({ header: `${entry.title}: ${series.description}`, cells: bars.map((bar) => bar.text), best: bars.map((bar) => bar.value - best <= Math.abs(best) * TIE) });
    }
  }
  const plain = (header: string, cell: (result: CompareApiResult) => string): void => {
    rows.push({ header, cells: results.map(cell), best: results.map(() => false) });
  };
  plain('Round trips before the first answer (later)', (result) => `${result.coldRoundTrips} (${result.warmRoundTrips})`);
  plain('Protocol overhead per message, up / down', (result) => `${formatBytes(result.overheadUpBytes)} / ${formatBytes(result.overheadDownBytes)}`);
  // HPACK shrinks a later request's headers on a kept-alive h2 connection; a WebSocket message has none.
  const headers = (version: 'http1' | 'http2') => (result: CompareApiResult): string => {
    const bytes = result.requestHeaderBytes?.[version];
    return bytes ? `${formatBytes(bytes.first)} / ${formatBytes(bytes.later)}` : '–';
  };
  plain('Request headers over HTTP/1.1, first / later request', headers('http1'));
  plain('Request headers over h2 (HPACK), first / later request', headers('http2'));
  plain('A server-side change reaches the client after', (result) => (result.updateNoticeMs > 0 ? formatMs(result.updateNoticeMs) : '–'));
  plain('Metered units a month (requests or messages)', (result) => formatCount(result.monthlyUnits));
  return { head: ['', ...results.map((result) => API_TYPE_LABELS[result.apiType])], rows };
}

export interface BarRow {
  key: string;
  apiType: ApiTypeId;
  series: string;
  seriesLabel: string;
  /** The API type's name, starred when it wins, is written on its first row only. */
  apiLabel?: string;
  winner: boolean;
  y: number;
  width: number;
  text: string;
  /** The value text goes inside the bar's end when the bar is long, after it otherwise. */
  textInside: boolean;
}

export interface BarChartLayout {
  width: number;
  height: number;
  /** x where bars start: room for the API type and series labels. */
  plotLeft: number;
  plotWidth: number;
  barHeight: number;
  rows: BarRow[];
  /** Vertical separators between API types. */
  separators: number[];
}

/** Charts side by side when there is room for them at this width, else one above the other. */
export function chartColumns(width: number, charts: number, minWidth = 380, gap = 22): { columns: number; width: number } {
  const columns = Math.max(1, Math.min(charts, Math.floor((width + gap) / (minWidth + gap))));
  return { columns, width: Math.floor((width - gap * (columns - 1)) / columns) };
}

export const BAR_DEFAULTS = { barHeight: 16, gap: 4, groupGap: 10, apiLabelWidth: 118, seriesLabelWidth: 44, valueRoom: 84 } as const;

/**
 * Bar positions for one measure at `width` pixels: one group of bars per API type, one bar per
 * series, on a linear scale from zero to the largest value (so lengths compare honestly).
 */
export function barLayout(entry: CompareMetric, width: number, apiTypes: readonly ApiTypeId[]): BarChartLayout {
  const { barHeight, gap, groupGap, apiLabelWidth, seriesLabelWidth, valueRoom } = BAR_DEFAULTS;
  const plotLeft = apiLabelWidth + seriesLabelWidth;
  const plotWidth = Math.max(40, width - plotLeft - 8);
  const max = Math.max(...entry.bars.map((bar) => bar.value), 0);
  const scale = (value: number): number => (max > 0 ? (value / max) * plotWidth : 0);
  const rows: BarRow[] = [];
  const separators: number[] = [];
  let y = 2;
  apiTypes.forEach((apiType, group) => {
    if (group > 0) {
      separators.push(y + groupGap / 2 - gap / 2);
      y += groupGap;
    }
    let named = false;
    entry.series.forEach((series) => {
      const bar = entry.bars.find((candidate) => candidate.apiType === apiType && candidate.series === series.id);
      if (!bar) return;
      // The API type's name goes on its first drawn bar (a WebSocket API has no request-header bars, only its frame's).
      const first = !named;
      named = true;
      const barWidth = Math.max(bar.value > 0 ? 2 : 0, Math.round(scale(bar.value) * 10) / 10);
      rows.push({
        key: bar.key, apiType, series: series.id, seriesLabel: entry.series.length > 1 ? series.label : '',
        ...(first ? { apiLabel: `${entry.winners.includes(apiType) ? '★ ' : ''}${API_TYPE_LABELS[apiType]}` } : {}),
        winner: entry.winners.includes(apiType), y, width: barWidth, text: bar.text,
        textInside: plotWidth - barWidth < valueRoom,
      });
      y += barHeight + gap;
    });
  });
  return { width, height: y + 2, plotLeft, plotWidth, barHeight, rows, separators };
}
