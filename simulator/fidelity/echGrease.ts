import type { ConnectionView } from './connectionView';

/*
 * Chromium sends ECH GREASE (an encrypted_client_hello extension with random contents) whose
 * payload is one of four sizes, drawn afresh for every connection (BoringSSL setup_ech_grease:
 * 144, 176, 208 or 240 bytes; simulator/net/clientHellos.ts). The model draws its own from the
 * seed, so a model's hello and a real one differ by that draw, a multiple of 32 bytes, one time
 * in four at best. Before comparing, the model's hello takes the real draw's size: the record
 * and the segment that ends it grow or shrink by the difference, and everything else in the
 * hello, and every other record and segment, is still compared exactly. The comparison says
 * what it aligned.
 */

export interface EchAlignment {
  model: ConnectionView;
  /** What was aligned, for the differences' reader; undefined when nothing was. */
  note?: string;
}

/** The client's ClientHello record, and where it ends in the client's byte stream (tshark's relative seq: the stream starts at 1). */
function hello(view: ConnectionView): { index: number; end: number; echLength: number } | undefined {
  let offset = 1;
  for (const [index, record] of view.records.entries()) {
    if (record.from !== 'client') continue;
    offset += 5 + record.length;
    if (record.handshakeTypes.includes(1)) return record.echLength === undefined ? undefined : { index, end: offset, echLength: record.echLength };
  }
  return undefined;
}

export function alignEchGrease(model: ConnectionView, real: ConnectionView): EchAlignment {
  const modelHello = hello(model);
  const realHello = hello(real);
  if (!modelHello || !realHello || modelHello.echLength === realHello.echLength) return { model };
  const delta = realHello.echLength - modelHello.echLength;
  const records = model.records.map((record, index) => (index === modelHello.index ? { ...record, length: record.length + delta, echLength: realHello.echLength } : record));
  // The client's segment that carries the hello's last byte carries the difference; later ones only move in sequence space.
  const packets = model.packets.map((packet) => {
    if (packet.from !== 'client' || packet.payloadBytes === 0) return packet;
    if (packet.seq <= modelHello.end - 1 && modelHello.end - 1 < packet.seq + packet.payloadBytes) {
      return { ...packet, payloadBytes: packet.payloadBytes + delta, ipBytes: packet.ipBytes + delta, ...(packet.recordLengths ? { recordLengths: packet.recordLengths.map((length) => (length === model.records[modelHello.index].length ? length + delta : length)) } : {}) };
    }
    return packet.seq >= modelHello.end ? { ...packet, seq: packet.seq + delta } : packet;
  });
  return {
    model: { ...model, records, packets },
    note: `ECH GREASE payload aligned: model drew a ${modelHello.echLength}-byte extension, Chromium sent ${realHello.echLength} (a random one of four sizes per connection)`,
  };
}
