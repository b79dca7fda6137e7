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
