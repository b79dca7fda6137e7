import type { TraceJson } from '../../simulator/trace/trace';
import { labelReadsPayload } from '../drawing/eventLabels';

/*
 * Which payloads travel with a 'show' message and which stay with the host until the details
 * panel asks for one. The hex of every payload is most of a trace's JSON (1,000 events of the
 * shop's POST /orders: 873 of 1,229 kB), and the page pays for it on arrival: the structured
 * clone of the message, the check of every event, the garbage it leaves. Only the details panel
 * reads a payload, and only for the one event it shows, so the host sends one when asked
 * (messages.ts, `payload`).
 *
 * WebSocket data frames keep theirs: their labels read the frame's FIN bit from its first byte
 * (drawing/eventLabels.ts, labelReadsPayload), and they are few and small next to the HTTP and
 * TLS messages.
 */

/** `trace` without the payloads the page reads only on request, and the ids of the events they belong to. */
export function holdBackPayloads(trace: TraceJson): { trace: TraceJson; held: number[] } {
  const held: number[] = [];
  const events = trace.events.map((event) => {
    if (event.payloadHex === undefined || labelReadsPayload(event)) return event;
    held.push(event.id);
    const without = { ...event };
    delete without.payloadHex;
    return without;
  });
  return { trace: { ...trace, events }, held };
}
