import type { CompareResult } from '../scenario/compare';
import type { LatencyPercentiles, LoadResult } from '../scenario/load';
import type { PollingVsPushResult } from '../scenario/pollingVsPush';
import { criticalPathSentence, criticalPaths } from '../trace/criticalPath';
import { PHASE_LABELS, requestTimings, type RequestTiming } from '../trace/requestTimings';
import type { Trace } from '../trace/trace';

/*
 * Results as plain text: the ladder of a trace, and the reports of compare, load and
 * polling-vs-push, for the terminal (and the text document a load run opens in the editor).
 */

/** Renders a trace as a plain-text ladder and summary, for the terminal. Pure: trace in, text out. */
export function formatTrace(trace: Trace, options: { title?: string; layers?: ReadonlySet<string> } = {}): string {
  const labels = new Map(trace.participants.map((participant) => [participant.id, participant.label]));
  const events = options.layers ? trace.events.filter((event) => options.layers!.has(event.layer)) : trace.events;
  const rows = events.map((event) => [
    ms(event.time),
    ms(event.arrival),
    event.from === event.to ? `${labels.get(event.from) ?? event.from} (itself)` : `${labels.get(event.from) ?? event.from} → ${labels.get(event.to) ?? event.to}`,
    event.layer,
    event.name + (event.error ? `  [${event.error.code}]` : ''),
    String(event.bytes),
    String(event.wireBytes),
  ]);
  const header = ['sent ms', 'arrived ms', 'from → to', 'layer', 'message', 'bytes', 'wire'];
  const widths = columnWidths(header, rows);
  const line = (cells: string[]): string =>
    cells.map((cell, column) => (column <= 1 || column >= 5 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  const summary = trace.summary;
  const out: string[] = [];
  if (options.title) out.push(options.title, '');
  if (trace.calibration) out.push(`calibrated from ${trace.calibration.source}, ${trace.calibration.samples} request${trace.calibration.samples === 1 ? '' : 's'}`, '');
  out.push(line(header), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line), '');
  out.push(
    `time to first byte ${ms(summary.timeToFirstByteMs)} ms · total ${ms(summary.totalTimeMs)} ms · ` +
      `${summary.roundTrips} round trip${summary.roundTrips === 1 ? '' : 's'} before first byte`,
    trace.seed === 'live' ? liveBytes(trace) : `bytes up ${summary.bytesUp} · bytes down ${summary.bytesDown} · ${summary.packets} packets` +
      (summary.packetsLost > 0 ? ` (${summary.packetsLost} lost)` : ''),
  );
  // Every exchange but the one the summary line times (the first request; a CORS preflight is listed).
  const timed = summary.exchanges.find((exchange) => exchange.kind !== 'preflight') ?? summary.exchanges[0];
  for (const exchange of summary.exchanges.filter((candidate) => candidate !== timed)) {
    out.push(`  ${exchange.name}: first byte after ${ms(exchange.firstByte - exchange.start)} ms, ${exchange.roundTrips} round trip${exchange.roundTrips === 1 ? '' : 's'}`);
  }
  // The browser's CORS verdicts in words: why a preflight was (not) needed, or Chromium's reason for blocking.
  for (const check of trace.events.filter((event) => event.kind === 'http.cors_check')) {
    const why = check.error?.message ?? (typeof check.detail?.reason === 'string' ? check.detail.reason : '');
    out.push(`${check.name}${why ? `: ${why}` : ''}`);
  }
  const timings = requestTimings(trace);
  if (timings.length > 0) out.push('', devToolsTimings(timings), '', ...criticalPathLines(trace));
  return out.join('\n');
}

/** Requests listed whole in the timing table; a long series shows its first ones and says how many follow. */
const TIMING_ROWS = 12;

/** DevTools' Timing tab for every request, a row each (ms; `-`: the phase did not happen, a reused connection). */
function devToolsTimings(timings: readonly RequestTiming[]): string {
  const phase = (value: number): string => (value < 0 ? '-' : ms(value));
  const rows = timings.slice(0, TIMING_ROWS).map((timing) => [timing.name, ...PHASE_LABELS.map(([key]) => phase(timing.phases[key])), ms(timing.total)]);
  const header = ['request (DevTools timing, ms)', 'Queueing', 'Stalled', 'DNS', 'Initial conn.', 'SSL', 'Sent', 'Waiting (TTFB)', 'Download', 'total'];
  const more = timings.length - TIMING_ROWS;
  return table(header, rows) + (more > 0 ? `\n… ${more} more request${more === 1 ? '' : 's'} (--format har lists every one)` : '');
}

/** Each request's critical path in a line, as many as the timing table lists: what its time to first byte waited on, and what to fix first. */
function criticalPathLines(trace: Trace): string[] {
  const paths = criticalPaths(trace);
  const more = paths.length - TIMING_ROWS;
  return [
    'Critical path (what each request\'s time to first byte waited on, ms):',
    ...paths.slice(0, TIMING_ROWS).map((path) => `  ${criticalPathSentence(path)}`),
    ...(more > 0 ? [`  … ${more} more request${more === 1 ? '' : 's'}`] : []),
    ...(paths.slice(0, TIMING_ROWS).some((path) => path.segments.some((segment) => segment.shared))
      ? ['  (shared): the setup of a connection another request opened, which this one waited for (DevTools: Stalled)'] : []),
  ];
}

/** A live run records byte streams, not packets: say so rather than print zero IP bytes. */
function liveBytes(trace: Trace): string {
  const client = trace.participants[0]?.id;
  const sum = (sent: boolean): number => trace.events.filter((event) => event.from !== event.to && (event.from === client) === sent).reduce((total, event) => total + event.wireBytes, 0);
  return `stream bytes up ${sum(true)} · down ${sum(false)} (TCP/IP packets are not captured in live runs)`;
}

function ms(value: number): string {
  return value.toFixed(2);
}

/**
 * Cells wider than this are printed whole but do not widen their column: a name of a megabyte
 * (an API or function name is the config's to choose) padded every row to a megabyte, and the
 * ladder of one request grew to hundreds of megabytes and took seconds (issue 17).
 */
const MAX_COLUMN_WIDTH = 96;

/** Each column as wide as its widest cell, the header at least, at most MAX_COLUMN_WIDTH. */
function columnWidths(header: readonly string[], rows: readonly string[][]): number[] {
  return header.map((title, column) => rows.reduce((width, row) => Math.max(width, Math.min(row[column].length, MAX_COLUMN_WIDTH)), title.length));
}


/** A plain-text table: right-aligned numbers, left-aligned text. */
export function table(header: string[], rows: string[][]): string {
  const widths = columnWidths(header, rows);
  const numeric = (cell: string): boolean => /^[-$\d.,%]+( ms| s| B)?$/.test(cell);
  const line = (cells: string[]): string => cells.map((cell, column) => (numeric(cell) && column > 0 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)].join('\n');
}

export function formatCompare(result: CompareResult): string {
  const ms = (value: number): string => `${value.toFixed(0)} ms`;
  const usd = (value: number): string => `$${value.toFixed(2)}`;
  const { workload } = result;
  const out = [
    `Workload ${workload.name}: ${workload.description}`,
    `${workload.clients} clients; ${workload.requestsPerMinute} calls and ${workload.updatesPerMinute} updates per client per minute; ` +
      `${workload.requestBytes} B up, ${workload.responseBytes} B answers, ${workload.updateBytes} B updates; REST/HTTP poll every ${workload.pollIntervalSeconds} s`,
    '',
    table(
      ['', 'cold', 'warm', 'p99', 'round trips', 'bytes up/msg', 'bytes down/msg', 'overhead up', 'update seen after', 'monthly cost'],
      result.results.map((row) => [
        row.apiType, ms(row.coldLatencyMs), ms(row.warmLatencyMs), ms(row.p99LatencyMs), `${row.coldRoundTrips} → ${row.warmRoundTrips}`,
        `${row.bytesUpPerMessage} B`, `${row.bytesDownPerMessage} B`, `${row.overheadUpBytes} B`, row.updateNoticeMs > 0 ? ms(row.updateNoticeMs) : '-', usd(row.monthlyCostUsd),
      ]),
    ),
    '',
    'Request header bytes (the request less its body), first and later request on one kept-alive connection:',
    table(
      ['', 'HTTP/1.1 first', 'HTTP/1.1 later', 'HTTP/2 first', 'HTTP/2 later'],
      result.results.flatMap((row) => (row.requestHeaderBytes ? [[
        row.apiType, `${row.requestHeaderBytes.http1.first} B`, `${row.requestHeaderBytes.http1.later} B`, `${row.requestHeaderBytes.http2.first} B`, `${row.requestHeaderBytes.http2.later} B`,
      ]] : [])),
    ),
    '',
    'What breaks first:',
    ...result.results.map((row) => `  ${row.apiType.padEnd(9)} ${row.breaksFirst}`),
    '',
    'Rules of thumb:',
    ...result.rules.map((rule) => `  ${(rule.holds ? 'holds' : 'does not hold').padEnd(13)}  "${rule.rule}"\n  ${''.padEnd(13)}  ${rule.finding}`),
    '',
    'Latencies from the protocol and gateway model (warm: a kept-alive request, or a push); cost at us-east-1 list prices, API Gateway only.',
  ];
  return out.join('\n');
}

export function formatLoad(result: LoadResult): string {
  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  const accuracy = (percentiles: LatencyPercentiles): string => `percentiles within ${+(percentiles.relativeAccuracy * 100).toFixed(3)}%`;
  const out = [
    `${result.requests} requests: ${result.succeeded} answered, ${result.throttled.usagePlan > 0 ? `${result.throttled.usagePlan} throttled at the usage plan, ` : ''}${result.throttled.stage} throttled at the stage/route, ${result.throttled.account} at the account (429)`,
    `latency p50 ${ms(result.latencyMs.p50)} · p95 ${ms(result.latencyMs.p95)} · p99 ${ms(result.latencyMs.p99)} · max ${ms(result.latencyMs.max)} (warm base ${ms(result.baseLatencyMs)}; ${accuracy(result.latencyMs)}, max exact)`,
    `${result.coldStarts} cold starts; peak ${result.peakConcurrency} requests in flight; API Gateway cost $${result.costUsd.toFixed(2)}`,
  ];
  if (result.fanOut) {
    const fan = result.fanOut;
    out.push(
      `fan-out: ${fan.connections} connections × ${fan.pushes} pushes = ${fan.messages} messages ($${fan.costUsd.toFixed(2)})`,
      `  connecting them all takes ${fan.connectSeconds.toFixed(0)} s at 500 new connections per second`,
      `  each push reaches everyone within ${fan.fanOutSecondsPerPush.toFixed(1)} s (@connections share the account throttle); delivery p50 ${ms(fan.deliveryDelayMs.p50)}, p99 ${ms(fan.deliveryDelayMs.p99)} (${accuracy(fan.deliveryDelayMs)})`,
    );
  }
  return out.join('\n');
}

export function formatPollingVsPush(result: PollingVsPushResult): string {
  const ms = (value: number): string => `${value.toFixed(0)} ms`;
  return [
    table(
      ['', 'API', 'billable', 'bytes up', 'bytes down', 'mean notice', 'max notice', 'monthly cost'],
      [result.polling, result.push].map((row) => [
        row.approach, row.api, String(row.billableUnits), `${row.bytesUp} B`, `${row.bytesDown} B`, ms(row.meanNoticeMs), ms(row.maxNoticeMs), `$${row.monthlyCostUsd.toFixed(2)}`,
      ]),
    ),
    '',
    result.breakEvenPollIntervalMs === undefined
      ? 'push costs nothing extra here'
      : `polling costs more than push unless it polls less often than every ${(result.breakEvenPollIntervalMs / 1000).toFixed(0)} s`,
  ].join('\n');
}
