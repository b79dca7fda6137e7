import type { ConnectionView, Side, WireRecord } from './connectionView';
import { alignEchGrease } from './echGrease';
import { alignRelayReset } from './relayReset';

/*
 * The model's connection against the real one, sender by sender, each difference named in
 * words: packets (count, payload sizes, flags), TLS records (type and length), HTTP/1.1
 * messages (start line, header names in order, head bytes), WebSocket frames (opcode, mask,
 * payload length), HTTP/2 frames (type and length) and the time from the ClientHello to the
 * first response (within TIME_TOLERANCE; the real time with the relay's lateness on its path
 * taken off, relayCrossings.ts, and the median of several runs where there were several,
 * repeatedRuns.ts). Exact everywhere else: every byte count here is
 * decided by a stack, and the stand-in's own random-length fields (none with RSA-2048 and
 * x25519) do not vary.
 */

/** Allowed relative error of the time to first response (issue 13: within 10% at 20 ms one way). */
export const TIME_TOLERANCE = 0.1;

/** The time's label, and its key in a mutation run. */
export const TIME_LABEL = 'ClientHello to first response';

export interface ConnectionMeasures {
  packets: Record<Side, number>;
  ipBytes: Record<Side, number>;
  records: Record<Side, number>;
  messages: number;
  webSocketFrames: number;
  http2Frames: number;
  /** ClientHello to first response (ms), or NaN; a real connection's less the relay's lateness on the way (relayLatenessOnPathMs). */
  timeToFirstResponseMs: number;
}

export interface ConnectionComparison {
  model: ConnectionMeasures;
  real: ConnectionMeasures;
  differences: string[];
  /**
   * What a mutation run tells differences apart by (mutationRun.ts), one per difference: its
   * text for exact measures, where any change of a number is a change of bytes or packets; the
   * label alone for the time, whose model figure moves with any change to the model's clock and
   * counts only when it crosses the tolerance.
   */
  keys: string[];
  /** What was aligned before comparing (Chromium's random ECH GREASE size, the relay's reset leg), in words. */
  notes: string[];
}

const SIDES: readonly Side[] = ['client', 'server'];
const RECORD_TYPES: Record<number, string> = { 20: 'change_cipher_spec', 21: 'alert', 22: 'handshake', 23: 'application_data' };
const HANDSHAKE_TYPES: Record<number, string> = {
  1: 'ClientHello', 2: 'ServerHello', 4: 'NewSessionTicket', 8: 'EncryptedExtensions', 11: 'Certificate', 12: 'ServerKeyExchange', 13: 'CertificateRequest', 14: 'ServerHelloDone', 15: 'CertificateVerify', 16: 'ClientKeyExchange', 20: 'Finished',
};
const WS_OPCODES: Record<number, string> = { 0: 'continuation', 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' };
const H2_TYPES: Record<number, string> = { 0: 'DATA', 1: 'HEADERS', 2: 'PRIORITY', 3: 'RST_STREAM', 4: 'SETTINGS', 5: 'PUSH_PROMISE', 6: 'PING', 7: 'GOAWAY', 8: 'WINDOW_UPDATE', 9: 'CONTINUATION' };

/** What the table counts of one connection (and the time it compares). */
export function connectionMeasures(view: ConnectionView): ConnectionMeasures {
  const bySide = (count: (side: Side) => number): Record<Side, number> => ({ client: count('client'), server: count('server') });
  return {
    packets: bySide((side) => view.packets.filter((packet) => packet.from === side).length),
    ipBytes: bySide((side) => view.packets.filter((packet) => packet.from === side).reduce((sum, packet) => sum + packet.ipBytes, 0)),
    records: bySide((side) => view.records.filter((record) => record.from === side).length),
    messages: view.http.length, webSocketFrames: view.webSocket.length, http2Frames: view.http2.length,
    // A real connection's time less the relay's lateness on its path: the programs' time plus the relay's exact delay, as the model's.
    timeToFirstResponseMs: view.firstResponseAt !== undefined && view.clientHelloAt !== undefined ? view.firstResponseAt - view.clientHelloAt - (view.relayLatenessOnPathMs ?? 0) : Number.NaN,
  };
}

function recordName(record: WireRecord): string {
  const inside = record.handshakeTypes.map((type) => HANDSHAKE_TYPES[type] ?? `handshake ${type}`).join('+');
  return `${inside || RECORD_TYPES[record.outerType] || `type ${record.outerType}`} ${record.length} B`;
}

/** Two lists of item descriptions: a count difference and the first few items that differ. */
function listDifferences(what: string, model: readonly string[], real: readonly string[], limit = 3): string[] {
  const out: string[] = [];
  if (model.length !== real.length) out.push(`${what}: model ${model.length}, real ${real.length}`);
  let shown = 0;
  for (let index = 0; index < Math.max(model.length, real.length) && shown < limit; index++) {
    if (model[index] === real[index]) continue;
    out.push(`${what} #${index + 1}: model ${model[index] ?? 'none'}, real ${real[index] ?? 'none'}`);
    shown++;
  }
  return out;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The packets of one sender in words: how many, and the payload of each data segment. */
function packetSummary(view: ConnectionView, side: Side): string {
  const packets = view.packets.filter((packet) => packet.from === side);
  const data = packets.filter((packet) => packet.payloadBytes > 0).map((packet) => packet.payloadBytes);
  return `${plural(packets.length, 'packet')} (${data.length} with data: ${data.join(', ') || 'none'}; ${packets.length - data.length} without)`;
}

/** A sender's packets in order, a data segment as its payload size and a pure ACK (or other empty segment) as 'ack'. */
function packetOrder(packets: readonly { payloadBytes: number }[]): string {
  return packets.map((packet) => (packet.payloadBytes > 0 ? String(packet.payloadBytes) : 'ack')).join(' ');
}

/**
 * The model's connection against the real one. `realTimeMs`: the real time to first response to
 * hold the model's against, when several real runs were made (by their median error, repeatedRuns.ts);
 * by default the real connection's own.
 */
export function compareConnections(drawn: ConnectionView, real: ConnectionView, realTimeMs?: number): ConnectionComparison {
  const differences: string[] = [];
  const ech = alignEchGrease(drawn, real);
  const { model, note: resetNote } = alignRelayReset(ech.model, real);
  const notes = [ech.note, resetNote].filter((note): note is string => note !== undefined);
  for (const side of SIDES) {
    const pick = <T extends { from: Side }>(items: readonly T[]): T[] => items.filter((item) => item.from === side);
    const modelPackets = pick(model.packets);
    const realPackets = pick(real.packets);
    const modelData = modelPackets.map((packet) => packet.payloadBytes);
    const realData = realPackets.map((packet) => packet.payloadBytes);
    if (modelPackets.length !== realPackets.length || modelData.join() !== realData.join()) {
      const sameSummary = packetSummary(model, side) === packetSummary(real, side);
      // The same segments in another order (an ACK sent before a data segment rather than after it): the order is the difference.
      differences.push(sameSummary
        ? `${side} packets: the same ${plural(modelPackets.length, 'packet')} in another order: model ${packetOrder(modelPackets)}, real ${packetOrder(realPackets)}`
        : `${side} packets: model ${packetSummary(model, side)}, real ${packetSummary(real, side)}; in order: model ${packetOrder(modelPackets)}, real ${packetOrder(realPackets)}`);
    } else {
      differences.push(...listDifferences(`${side} packet flags`, modelPackets.map((packet) => packet.flags), realPackets.map((packet) => packet.flags)));
    }
    differences.push(...listDifferences(`${side} TLS records`, pick(model.records).map(recordName), pick(real.records).map(recordName)));
    const modelHttp = pick(model.http);
    const realHttp = pick(real.http);
    differences.push(...listDifferences(`${side} HTTP/1.1 start lines`, modelHttp.map((message) => message.startLine), realHttp.map((message) => message.startLine)));
    modelHttp.forEach((message, index) => {
      const measured = realHttp[index];
      if (!measured) return;
      const names = (lines: readonly string[]): string => lines.map((line) => line.split(':')[0]).join(', ');
      if (names(message.headerLines) !== names(measured.headerLines)) differences.push(`${side} HTTP/1.1 message ${index + 1} header names: model [${names(message.headerLines)}], real [${names(measured.headerLines)}]`);
      if (message.headBytes !== measured.headBytes) differences.push(`${side} HTTP/1.1 message ${index + 1} head: model ${message.headBytes} B, real ${measured.headBytes} B`);
    });
    const frameName = (frame: ConnectionView['webSocket'][number]): string => `${WS_OPCODES[frame.opcode] ?? frame.opcode}${frame.masked ? ' masked' : ' unmasked'}${frame.fin ? '' : ' (not final)'} ${frame.payloadLength} B`;
    differences.push(...listDifferences(`${side} WebSocket frames`, pick(model.webSocket).map(frameName), pick(real.webSocket).map(frameName)));
    const h2Name = (frame: ConnectionView['http2'][number]): string => `${H2_TYPES[frame.type] ?? frame.type} ${frame.length} B`;
    differences.push(...listDifferences(`${side} HTTP/2 frames`, pick(model.http2).map(h2Name), pick(real.http2).map(h2Name)));
  }
  const modelMeasures = connectionMeasures(model);
  const realMeasures = { ...connectionMeasures(real), ...(realTimeMs !== undefined ? { timeToFirstResponseMs: realTimeMs } : {}) };
  const modelTime = modelMeasures.timeToFirstResponseMs;
  const realTime = realMeasures.timeToFirstResponseMs;
  const keys = [...differences];
  if (!(Math.abs(modelTime - realTime) <= TIME_TOLERANCE * realTime)) {
    keys.push(TIME_LABEL);
    differences.push(`${TIME_LABEL}: model ${modelTime.toFixed(1)} ms, real ${realTime.toFixed(1)} ms (${Number.isFinite(realTime) ? `${(((modelTime - realTime) / realTime) * 100).toFixed(0)}%` : 'not measured'}, allowed ${TIME_TOLERANCE * 100}%)`);
  }
  return { model: modelMeasures, real: realMeasures, differences, keys, notes };
}
