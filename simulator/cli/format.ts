import type { Trace } from '../trace/trace';

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
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string =>
    cells.map((cell, column) => (column <= 1 || column >= 5 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  const summary = trace.summary;
  const out: string[] = [];
  if (options.title) out.push(options.title, '');
  out.push(line(header), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line), '');
  out.push(
    `time to first byte ${ms(summary.timeToFirstByteMs)} ms · total ${ms(summary.totalTimeMs)} ms · ` +
      `${summary.roundTrips} round trip${summary.roundTrips === 1 ? '' : 's'} before first byte`,
    `bytes up ${summary.bytesUp} · bytes down ${summary.bytesDown} · ${summary.packets} packets` +
      (summary.packetsLost > 0 ? ` (${summary.packetsLost} lost)` : ''),
  );
  for (const exchange of summary.exchanges.slice(1)) {
    out.push(`  ${exchange.name}: first byte after ${ms(exchange.firstByte - exchange.start)} ms, ${exchange.roundTrips} round trip${exchange.roundTrips === 1 ? '' : 's'}`);
  }
  return out.join('\n');
}

function ms(value: number): string {
  return value.toFixed(2);
}

