import { TIME_TOLERANCE, type ConnectionMeasures } from './connectionComparison';
import type { RowComparison } from './harnessRow';

/*
 * The fidelity table of `npm run fidelity`: per row, the model's and the real counts side by
 * side (packets and IP bytes per sender, TLS records, HTTP/1.1 messages, WebSocket and HTTP/2
 * frames, ClientHello to first response), then every difference in words.
 */

export interface TableRow {
  name: string;
  /** Why the row was not measured (a client that cannot play it), or undefined. */
  notMeasured?: string;
  comparison?: RowComparison;
  /** ALPN / TLS version / cipher the stand-in negotiated per connection. */
  negotiated?: string;
  /** The instrument's own timing error, in words. */
  instrument?: string;
  /** What the model was told of the real client before comparing (headless Chromium's User-Agent), in words. */
  aligned?: readonly string[];
  /** Several real runs (repeatedRuns.ts): how many, the one the model is held against, and what they disagreed on. */
  runs?: { count: number; closest: number; variation: readonly string[]; differencesPerRun?: readonly number[] };
}

function pair(model: number, real: number): string {
  return model === real ? `${model}` : `${model}/${real}`;
}

function cells(model: ConnectionMeasures, real: ConnectionMeasures): string {
  const time = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '-');
  return [
    `pkts c ${pair(model.packets.client, real.packets.client)}`, `s ${pair(model.packets.server, real.packets.server)}`,
    `IP B c ${pair(model.ipBytes.client, real.ipBytes.client)}`, `s ${pair(model.ipBytes.server, real.ipBytes.server)}`,
    `records c ${pair(model.records.client, real.records.client)}`, `s ${pair(model.records.server, real.records.server)}`,
    `h1 msgs ${pair(model.messages, real.messages)}`, `ws ${pair(model.webSocketFrames, real.webSocketFrames)}`, `h2 ${pair(model.http2Frames, real.http2Frames)}`,
    `hello→response ms ${time(model.timeToFirstResponseMs)}/${time(real.timeToFirstResponseMs)}`,
  ].join('  ');
}

export function formatTable(rows: readonly TableRow[], header: string): string {
  const lines = [header, '(model/real where they differ; c = client, s = server; each sender on its own leg)', ''];
  for (const row of rows) {
    if (row.notMeasured) {
      lines.push(`■ ${row.name}: not measured: ${row.notMeasured}`, '');
      continue;
    }
    const comparison = row.comparison!;
    lines.push(`■ ${row.name}${row.negotiated ? `  [${row.negotiated}]` : ''}`);
    comparison.connections.forEach((connection, index) => lines.push(`  connection ${index + 1}: ${cells(connection.model, connection.real)}`));
    if (row.runs && row.runs.count > 1) {
      const perRun = row.runs.differencesPerRun ? ` (exact differences from each run: ${row.runs.differencesPerRun.join('/')})` : '';
      lines.push(`  real runs: ${row.runs.count}; the model held against run ${row.runs.closest + 1}, the closest${perRun}, and its time by the runs' median error (each run's time less its own model's)`);
      lines.push(`  the runs varied: ${row.runs.variation.join('; ')}`);
    }
    if (row.instrument) lines.push(`  instrument: ${row.instrument}`);
    for (const note of row.aligned ?? []) lines.push(`  aligned: ${note}`);
    for (const note of comparison.connections.flatMap((connection) => connection.notes)) lines.push(`  aligned: ${note}`);
    lines.push(comparison.differences.length === 0 ? '  differences: none' : `  differences (${comparison.differences.length}):`);
    for (const difference of comparison.differences) lines.push(`    - ${difference}`);
    lines.push('');
  }
  const measured = rows.filter((row) => row.comparison);
  lines.push(`rows agreeing: ${measured.filter((row) => row.comparison!.differences.length === 0).length}/${measured.length} measured (${rows.length - measured.length} not measured)`);
  const repeated = Math.max(0, ...measured.map((row) => row.runs?.count ?? 1));
  if (repeated > 1) lines.push(`(a row agrees when the model equals one of its ${repeated} real runs in every exact measure, and its time is within ${TIME_TOLERANCE * 100}% of the real one by the runs' median error)`);
  return lines.join('\n');
}
