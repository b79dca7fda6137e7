import type { RelayConnection } from './delayRelay';
import type { ClientConnection } from './liveClient';

/*
 * The delay relay is meant to hold every chunk for exactly the one-way delay, as netem would
 * in the kernel; in user space its timers fire late whenever the event loop is busy or the
 * process waits for a CPU. That lateness is an error of the instrument, not a property of
 * what it measures. On the path to the first byte the protocol is a chain of flights, each
 * sent once the previous one has arrived, so the instrument's error on that path is the sum
 * of the lateness of each flight's last chunk (and of the emulated SYN-ACK wait).
 */

/** Lateness (ms) of the relay and the emulated TCP handshake on the way to `firstByteAt` (stopwatch time). */
export function relayLatenessBeforeFirstByte(relay: RelayConnection, client: ClientConnection, oneWayMs: number, firstByteAt: number): number {
  const chunks = relay.chunks.filter((chunk) => chunk.arrivedAt <= firstByteAt + 1e-6).sort((a, b) => a.sentAt - b.sentAt);
  let lateness = Math.max(0, client.readyAt - (client.connectAt + 2 * oneWayMs));
  chunks.forEach((chunk, index) => {
    const next = chunks[index + 1];
    const lastOfFlight = !next || next.direction !== chunk.direction;
    if (lastOfFlight) lateness += Math.max(0, chunk.arrivedAt - chunk.sentAt - oneWayMs);
  });
  return lateness;
}
