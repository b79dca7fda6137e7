import { packetHolding, type ConnectionView, type Side, type WirePacket } from './connectionView';

/*
 * The delay relay's own error, read off the capture rather than the relay's bookkeeping: each
 * data segment the relay wrote on one leg, against the time its first byte left its sender on
 * the other leg (the same byte stream, so the same relative sequence number), less the
 * injected delay. Unlike the relay's timestamps this includes the time the relay's event loop
 * took to read the bytes at all (a loaded machine delays both). It only ever adds to the real
 * times the harness measures.
 */

const absolute = (view: ConnectionView, time: number): number => view.origin + time;

/** The lateness of a segment that arrived on one leg, against when its first byte left its sender on the other. */
function crossingLateness(arrivalLeg: ConnectionView, arrived: WirePacket, senderLeg: ConnectionView, oneWayMs: number): { lateness: number; sentAt: number } | undefined {
  const sent = packetHolding(senderLeg.packets.filter((packet) => packet.from === arrived.from), arrived.seq)?.time;
  if (sent === undefined) return undefined;
  return { lateness: absolute(arrivalLeg, arrived.time) - absolute(senderLeg, sent) - oneWayMs, sentAt: absolute(senderLeg, sent) };
}

/** Lateness (ms) of every data segment the relay passed on, both ways, in capture order per direction. */
export function relayLateness(clientLeg: ConnectionView, serverLeg: ConnectionView, oneWayMs: number): number[] {
  const crossings = (sender: Side, from: ConnectionView, to: ConnectionView): number[] =>
    to.packets.filter((packet) => packet.from === sender && packet.payloadBytes > 0).flatMap((packet) => {
      const crossing = crossingLateness(to, packet, from, oneWayMs);
      return crossing ? [crossing.lateness] : [];
    });
  // Client bytes cross from the client's leg to the stand-in's; the stand-in's the other way.
  return [...crossings('client', clientLeg, serverLeg), ...crossings('server', serverLeg, clientLeg)];
}

/**
 * The relay's lateness on the way to the first response: the crossing of the segment that
 * completed the first request's head (what the stand-in answers, whatever else the client sent
 * after it: an HTTP/2 SETTINGS ACK), then back from its sending to the ClientHello, each send
 * explained by the last data segment that had reached its sender by then (the server's flight
 * before the client's Finished, the ClientHello before the flight), each such crossing's
 * lateness summed. The real time to the first response less this is what the programs took
 * plus the relay's exact delay, as the model's path has it.
 */
export function pathLateness(clientLeg: ConnectionView, serverLeg: ConnectionView, oneWayMs: number): number {
  if (serverLeg.firstRequestAt === undefined || serverLeg.firstResponseAt === undefined || clientLeg.clientHelloAt === undefined) return 0;
  const helloAt = absolute(clientLeg, clientLeg.clientHelloAt);
  const requestAt = serverLeg.firstRequestAt;
  let arrived = serverLeg.packets.find((packet) => packet.from === 'client' && packet.payloadBytes > 0 && packet.time === requestAt);
  let [arrivalLeg, senderLeg] = [serverLeg, clientLeg];
  let total = 0;
  // Each step goes back one crossing; a handshake and a request are a handful of them.
  for (let step = 0; step < 32 && arrived; step++) {
    const crossing = crossingLateness(arrivalLeg, arrived, senderLeg, oneWayMs);
    if (!crossing) break;
    total += Math.max(0, crossing.lateness);
    if (crossing.sentAt <= helloAt) break;
    // What the sender had received by then, on its own leg: the other side's last data segment.
    [arrivalLeg, senderLeg] = [senderLeg, arrivalLeg];
    const sender: Side = arrived.from === 'client' ? 'server' : 'client';
    arrived = arrivalLeg.packets.filter((packet) => packet.from === sender && packet.payloadBytes > 0 && absolute(arrivalLeg, packet.time) <= crossing.sentAt).at(-1);
  }
  return total;
}
