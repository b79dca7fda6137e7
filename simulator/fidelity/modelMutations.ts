import type { ConnectionView, WirePacket } from './connectionView';
import type { ModelVariation } from './fidelityRows';

/*
 * Deliberate changes to the model side of a row (issue 13, part 3), each of which the harness
 * must report as a difference it did not report before: the proof that the instrument can
 * fail. Two are options of the model run (a header the backend adds, a slower gateway step);
 * the others transform the model's dissected connections (what the model's pcapng export
 * would show if the model did that). None touches the real side or any source file.
 */

export interface Mutation {
  name: string;
  variation?: ModelVariation;
  transform?: (views: ConnectionView[]) => ConnectionView[];
}

const IP_AND_TCP_HEADERS = 20 + 32;
const TLS_RECORD_HEADER = 5;

/** Every data segment that carries more than one TLS record becomes one segment per record (the records' sizes as the view has them). */
function oneRecordPerSegment(view: ConnectionView): ConnectionView {
  const packets: WirePacket[] = [];
  for (const packet of view.packets) {
    const records = packet.recordLengths ?? [];
    if (records.length <= 1 || packet.payloadBytes === 0) {
      packets.push(packet);
      continue;
    }
    for (const length of records) {
      const payloadBytes = TLS_RECORD_HEADER + length;
      packets.push({ ...packet, payloadBytes, ipBytes: IP_AND_TCP_HEADERS + payloadBytes, recordLengths: [length] });
    }
  }
  return { ...view, packets };
}

/** The client's ClientHello record and the segment that carries it, 10% larger. */
function largerClientHello(view: ConnectionView): ConnectionView {
  const index = view.records.findIndex((record) => record.from === 'client' && record.handshakeTypes.includes(1));
  if (index < 0) return view;
  const extra = Math.round(view.records[index].length * 0.1);
  const packetIndex = view.packets.findIndex((packet) => packet.from === 'client' && packet.payloadBytes > 0);
  return {
    ...view,
    records: view.records.map((record, at) => (at === index ? { ...record, length: record.length + extra } : record)),
    packets: view.packets.map((packet, at) => (at === packetIndex ? { ...packet, payloadBytes: packet.payloadBytes + extra, ipBytes: packet.ipBytes + extra } : packet)),
  };
}

/** The client's WebSocket frames without their mask (RFC 6455 §5.3 requires one): 4 bytes fewer each. */
function unmaskedClientFrames(view: ConnectionView): ConnectionView {
  return { ...view, webSocket: view.webSocket.map((frame) => (frame.from === 'client' ? { ...frame, masked: false } : frame)) };
}

/** The browser's CORS preflight left out: the OPTIONS request and its response (HTTP/1.1), or its stream's frames (HTTP/2). */
function withoutPreflight(view: ConnectionView): ConnectionView {
  const preflightIndex = view.http.findIndex((message) => message.from === 'client' && message.startLine.startsWith('OPTIONS '));
  const http = preflightIndex < 0 ? view.http : view.http.filter((_message, index) => index !== preflightIndex && index !== view.http.findIndex((candidate, at) => at > preflightIndex && candidate.from === 'server'));
  const streams = new Set(view.http2.filter((frame) => frame.method === 'OPTIONS').map((frame) => frame.streamId));
  return { ...view, http, http2: view.http2.filter((frame) => !streams.has(frame.streamId)) };
}

export const MUTATIONS: readonly Mutation[] = [
  // A 500-byte header: 'x-mutation: ' (12 B) and 486 B of value, plus CRLF.
  { name: 'an extra 500-byte response header', variation: { backend: { headers: { 'x-mutation': 'm'.repeat(486) } } } },
  { name: 'one TLS record per segment', transform: (views) => views.map(oneRecordPerSegment) },
  { name: 'a gateway step 300 ms slower', variation: { latency: { routingMs: 2 + 300 } } },
  { name: 'a ClientHello 10% larger', transform: (views) => views.map(largerClientHello) },
  { name: 'client frames unmasked', transform: (views) => views.map(unmaskedClientFrames) },
  { name: 'a missing preflight', transform: (views) => views.map(withoutPreflight) },
];
