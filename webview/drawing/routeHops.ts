import type { EventFields, Participant } from '../../simulator/trace/trace';

/*
 * The hops a request passes, in the order it first reaches them: what the hover's flow image
 * draws. The transport's own events (DNS, TCP, TLS) and a participant's steps within itself
 * are not hops. Either form of the trace will do: payloads are not read.
 */

export function routeHops(trace: { participants: readonly Participant[]; events: readonly EventFields[] }): string[] {
  const labels = new Map(trace.participants.map((participant) => [participant.id, participant.label]));
  const hops: string[] = [];
  for (const event of trace.events) {
    if (event.layer === 'tcp' || event.layer === 'tls' || event.layer === 'dns' || event.from === event.to) continue;
    const hop = labels.get(event.to) ?? event.to;
    if (!hops.includes(hop)) hops.push(hop);
  }
  return ['Client', ...hops.filter((hop) => hop !== 'Client')];
}
