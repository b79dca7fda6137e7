import type { ConnectionView, Side, WirePacket } from './connectionView';

/*
 * The delay relay's own error, read off the capture rather than the relay's bookkeeping: each
 * data segment the relay wrote on one leg, against the time its first byte left its sender on
 * the other leg (the same byte stream, so the same relative sequence number), less the
 * injected delay. Unlike the relay's timestamps this includes the time the relay's event loop
 * took to read the bytes at all (a loaded machine delays both). It only ever adds to the real
 * times the harness measures.
 */

function sentAt(packets: readonly WirePacket[], seq: number): number | undefined {
  return packets.find((packet) => packet.payloadBytes > 0 && packet.seq <= seq && seq < packet.seq + packet.payloadBytes)?.time;
}

/** Lateness (ms) of every data segment the relay passed on, both ways, in capture order per direction. */
export function relayLateness(clientLeg: ConnectionView, serverLeg: ConnectionView, oneWayMs: number): number[] {
  const crossings = (sender: Side, from: ConnectionView, to: ConnectionView): number[] => {
    const sent = from.packets.filter((packet) => packet.from === sender);
    return to.packets.filter((packet) => packet.from === sender && packet.payloadBytes > 0).flatMap((packet) => {
      const at = sentAt(sent, packet.seq);
      return at === undefined ? [] : [to.origin + packet.time - (from.origin + at) - oneWayMs];
    });
  };
  // Client bytes cross from the client's leg to the stand-in's; the stand-in's the other way.
  return [...crossings('client', clientLeg, serverLeg), ...crossings('server', serverLeg, clientLeg)];
}

const absolute = (view: ConnectionView, time: number): number => view.origin + time;

/**
 * The relay's lateness on the way to the first response: from the response back to the
 * ClientHello, each send explained by the last data segment that had reached its sender by
 * then (the request before the response, the server's flight before the client's Finished, the
 * ClientHello before the flight), and each such crossing's lateness summed. The real time to
 * the first response less this is what the programs took plus the relay's exact delay, as the
 * model's path has it.
 */
export function pathLateness(clientLeg: ConnectionView, serverLeg: ConnectionView, oneWayMs: number): number {
  if (serverLeg.firstResponseAt === undefined || clientLeg.clientHelloAt === undefined) return 0;
  const helloAt = absolute(clientLeg, clientLeg.clientHelloAt);
  let at = absolute(serverLeg, serverLeg.firstResponseAt);
  let side: Side = 'server';
  let total = 0;
  // Each step goes back one crossing; a handshake and a request are a handful of them.
  for (let step = 0; step < 32 && at > helloAt; step++) {
    const sender: Side = side === 'server' ? 'client' : 'server';
    const [arrivalLeg, senderLeg] = side === 'server' ? [serverLeg, clientLeg] : [clientLeg, serverLeg];
    const arrived = arrivalLeg.packets.filter((packet) => packet.from === sender && packet.payloadBytes > 0 && absolute(arrivalLeg, packet.time) <= at).at(-1);
    const sent = arrived && sentAt(senderLeg.packets.filter((packet) => packet.from === sender), arrived.seq);
    if (!arrived || sent === undefined) break;
    total += Math.max(0, absolute(arrivalLeg, arrived.time) - absolute(senderLeg, sent) - oneWayMs);
    at = absolute(senderLeg, sent);
    side = sender;
  }
  return total;
}
