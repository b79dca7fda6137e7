import { invariant } from '../errors';
import { summarize } from './summary';
import type { Exchange, Packet, Participant, Trace, TraceEvent } from './trace';

export type EventInput = Omit<TraceEvent, 'id'>;

/**
 * Collects what the models report while a simulation runs and turns it into a `Trace`.
 * Models record events when they know the arrival time (on delivery), so recording order
 * is not time order; `finish` sorts with a stable key, which keeps traces deterministic.
 */
export class TraceRecorder {
  private readonly participants = new Map<string, Participant>();
  private readonly events: (TraceEvent & { order: number })[] = [];
  private readonly packets: Packet[] = [];
  private readonly exchanges: Exchange[] = [];
  private nextConnection = 1;
  private nextRequest = 1;

  constructor(readonly scenario: string, readonly seed: number | string, readonly clientId = 'client') {}

  participant(participant: Participant): string {
    const existing = this.participants.get(participant.id);
    invariant(!existing || existing.kind === participant.kind, `participant ${participant.id} declared twice with different kinds`);
    if (!existing) this.participants.set(participant.id, participant);
    return participant.id;
  }

  /** A fresh connection id: `tcp-1`, `tcp-2`, ... */
  connectionId(prefix = 'tcp'): string {
    return `${prefix}-${this.nextConnection++}`;
  }

  /** A fresh request tag for the events a gateway records while serving one request: `request-1`, `request-2`, ... */
  requestTag(): string {
    return `request-${this.nextRequest++}`;
  }

  event(input: EventInput): void {
    invariant(this.participants.has(input.from) && this.participants.has(input.to), `event ${input.name}: unknown participant ${input.from} or ${input.to}`);
    invariant(input.arrival >= input.time, `event ${input.name}: arrives before it is sent`);
    invariant(input.wireBytes >= 0 && input.bytes >= 0, `event ${input.name}: negative size`);
    const { payload, ...rest } = input;
    const event: TraceEvent & { order: number } = { id: 0, ...rest, order: this.events.length };
    if (payload) {
      invariant(payload.length === input.bytes, `event ${input.name}: payload of ${payload.length} bytes but bytes = ${input.bytes}`);
      // A copy (of a Buffer too, whose slice() would share): the sender may reuse its buffer, and the trace keeps the bytes as sent.
      event.payload = new Uint8Array(payload);
    }
    this.events.push(event);
  }

  packet(packet: Packet): void {
    this.packets.push(packet);
  }

  exchange(exchange: Omit<Exchange, 'roundTrips'>): void {
    invariant(exchange.start <= exchange.firstByte && exchange.firstByte <= exchange.end, `exchange ${exchange.name}: times out of order`);
    this.exchanges.push({ ...exchange, roundTrips: 0 });
  }

  finish(): Trace {
    const events = [...this.events]
      .sort((a, b) => a.time - b.time || a.arrival - b.arrival || a.order - b.order)
      .map(({ order: _order, ...event }, index) => ({ ...event, id: index }));
    const packets = [...this.packets].sort((a, b) => a.time - b.time || a.arrival - b.arrival);
    const participants = [...this.participants.values()];
    return {
      version: 1,
      seed: this.seed,
      scenario: this.scenario,
      participants,
      events,
      packets,
      summary: summarize(events, packets, this.exchanges, this.clientId),
    };
  }
}
