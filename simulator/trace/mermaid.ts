import { isPureAck } from './eventQueries';
import type { EventFields, TraceOf } from './trace';

/**
 * A Mermaid sequence diagram of a trace (https://mermaid.js.org/syntax/sequenceDiagram.html).
 * Participant ids are generated (P0, P1, ...) with the labels as aliases, and message text
 * is reduced to characters Mermaid treats literally, so any label from a config is safe.
 */
export function toMermaid(trace: TraceOf<EventFields>, options: { layers?: ReadonlySet<string> } = {}): string {
  const ids = new Map(trace.participants.map((participant, index) => [participant.id, `P${index}`]));
  const lines = ['sequenceDiagram'];
  for (const participant of trace.participants) lines.push(`  participant ${ids.get(participant.id)} as ${text(participant.label)}`);
  for (const event of trace.events) {
    if (options.layers && !options.layers.has(event.layer)) continue;
    const arrow = event.error ? '-x' : isPureAck(event) ? '-->>' : '->>';
    const size = event.bytes > 0 ? ` (${event.bytes} B)` : '';
    lines.push(`  ${ids.get(event.from)}${arrow}${ids.get(event.to)}: ${event.time.toFixed(1)} ms ${text(event.name)}${size}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Keeps letters, digits, spaces and plain punctuation; replaces what Mermaid would parse (; # : < > etc.). */
function text(value: string): string {
  return value.replace(/[^\w .,/()[\]{}=+*'"@$%?!-]/g, ' ').replace(/\s+/g, ' ').trim();
}
