import { SIMULATED_EPOCH_MS } from '../engine/clock';
import { Random } from '../engine/random';
import { invariant } from '../errors';
import type { Packet, Trace } from '../trace/trace';
import { addressPlan, type Addresses } from './addressPlan';
import { ByteWriter } from '../net/byteWriter';
import { connectionStreams, plainOffset, type ConnectionStreams, type DirectionStream } from './connectionStreams';
import { encodeFrame, type Host, type TcpFlags } from './frame';
import { encodePcapng, type CaptureFrame } from './pcapng';

/*
 * A trace's packets as captured frames. The capture point sees every packet as it leaves
 * its sender, stamped with
 * the simulated clock from SIMULATED_EPOCH_MS (2026-01-01T12:00:00Z, the origin the HTTP Date
 * headers use) at nanosecond resolution.
 *
 * Two views of the same exchange:
 *   wire   every packet of the trace, TLS records as sent (encrypted parts are seeded filler);
 *   plain  the same connections with TLS taken out, as if decrypted: segments carry the HTTP
 *          and WebSocket bytes they carried inside records, the server listens on port 80,
 *          and packets left with nothing to say (handshake records, ACKs of them) are dropped.
 *
 * A packet the link loses is in the capture, with a comment, but only its headers (captured
 * length < original length): its payload never reached the receiver, and given in full it
 * would make Wireshark reassemble records from it and then report the retransmission of the
 * same bytes as overlapping data (a malformed-packet error).
 */

export type CaptureView = 'wire' | 'plain';

/** Linux's window scale for a default receive buffer, and the windows it opens with (SYN 64240, SYN-ACK 65160). */
const WINDOW_SCALE = 7;
const SYN_WINDOW = 64240;
const SYN_ACK_WINDOW = 65160;
const WINDOW = 0xffff;
const HOP_LIMIT = 64;
/** Linux ip_local_port_range: 32768-60999. */
const EPHEMERAL_PORTS = [32768, 60999] as const;

interface DirectionState {
  from: string;
  stream: DirectionStream;
  isn: number;
  tsBase: number;
  ipId: number;
  /** Highest acknowledgement number sent in this view (plain view: ACKs that add nothing are dropped). */
  lastAck: number;
  /** Arrival times and TSvals of this direction's delivered frames, in order. */
  arrivals: { at: number; tsval: number }[];
  /** Data packets of the trace in this direction, for SACK blocks. */
  data: Packet[];
}

interface TcpState {
  streams: ConnectionStreams;
  ipVersion: 4 | 6;
  mss: number;
  ports: { client: number; server: number };
  up: DirectionState;
  down: DirectionState;
}

function parseFlags(text: string | undefined): TcpFlags {
  const names = new Set((text ?? '').split(',').map((name) => name.trim()));
  return { syn: names.has('SYN'), ack: names.has('ACK'), fin: names.has('FIN'), psh: names.has('PSH'), rst: names.has('RST') };
}

/** A relative sequence number of the wire stream in the view's numbering. */
function viewSequence(view: CaptureView, stream: DirectionStream, relative: number): number {
  if (view === 'wire' || relative <= 0) return relative;
  const wireOffset = relative - 1;
  if (wireOffset <= stream.wire.length) return 1 + plainOffset(stream, wireOffset);
  return 1 + stream.plain.length + (wireOffset - stream.wire.length); // the FIN's sequence number
}

function tcpOptions(syn: boolean, mss: number, tsval: number, tsecr: number, sack: readonly [number, number][]): Uint8Array {
  const out = new ByteWriter();
  if (syn) {
    // Linux's SYN layout: MSS, SACK permitted, timestamps, NOP, window scale (RFC 9293, 2018, 7323).
    return out.u8(2).u8(4).u16(mss).u8(4).u8(2).u8(8).u8(10).u32(tsval).u32(tsecr).u8(1).u8(3).u8(3).u8(WINDOW_SCALE).finish();
  }
  out.u8(1).u8(1).u8(8).u8(10).u32(tsval).u32(tsecr);
  if (sack.length > 0) {
    out.u8(1).u8(1).u8(5).u8(2 + 8 * sack.length);
    for (const [left, right] of sack) out.u32(left >>> 0).u32(right >>> 0);
  }
  return out.finish();
}

/** Out-of-order data the receiver holds above `acknowledged` when it sends at `time` (RFC 2018 §4). */
function sackBlocks(data: readonly Packet[], time: number, acknowledged: number, count: number): [number, number][] {
  const ranges = data
    .filter((packet) => !packet.lost && packet.arrival <= time && (packet.seq ?? 0) > acknowledged)
    .map((packet): [number, number] => [packet.seq ?? 0, (packet.seq ?? 0) + packet.payloadBytes])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged.slice(0, count);
}

function latestTsval(arrivals: readonly { at: number; tsval: number }[], time: number): number {
  let low = 0;
  let high = arrivals.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (arrivals[middle].at <= time) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? 0 : arrivals[low - 1].tsval;
}

function timestampNs(time: number): bigint {
  return BigInt(SIMULATED_EPOCH_MS) * 1_000_000n + BigInt(Math.round(time * 1e6));
}

function host(addresses: Addresses | undefined, ipVersion: 4 | 6, port: number): Host {
  invariant(addresses !== undefined, 'pcapng: packet from an unknown participant');
  return { mac: addresses.mac, address: ipVersion === 6 ? addresses.ipv6 : addresses.ipv4, port };
}

/** Every frame of one view of the trace, in capture order. */
export function captureFrames(trace: Trace, view: CaptureView): CaptureFrame[] {
  const random = new Random(trace.seed).fork('pcapng-frames');
  const plan = addressPlan(trace);
  const streams = connectionStreams(trace);
  const tcp = new Map<string, TcpState>();
  const udpPorts = new Map<string, number>();
  const direction = (connectionRandom: Random, from: string, stream: DirectionStream): DirectionState => ({
    from, stream, isn: connectionRandom.uint32(), tsBase: connectionRandom.uint32(), ipId: connectionRandom.int(0, 0xffff), lastAck: -1, arrivals: [], data: [],
  });
  for (const connection of streams.values()) {
    const connectionRandom = random.fork(connection.id);
    const syn = trace.packets.find((packet) => packet.connection === connection.id && packet.flags === 'SYN')!;
    const ipVersion = syn.ipBytes - 40 === 40 ? 6 : 4;
    const synEvent = trace.events.find((event) => event.connection === connection.id && event.kind === 'tcp.syn');
    const state: TcpState = {
      streams: connection, ipVersion,
      mss: Number(synEvent?.detail?.mss ?? (ipVersion === 6 ? 1440 : 1460)),
      ports: { client: connectionRandom.int(...EPHEMERAL_PORTS), server: connection.secure && view === 'wire' ? 443 : 80 },
      up: direction(connectionRandom, connection.client, connection.up),
      down: direction(connectionRandom, connection.server, connection.down),
    };
    for (const packet of trace.packets) {
      if (packet.connection === connection.id && packet.payloadBytes > 0) (packet.from === connection.client ? state.up : state.down).data.push(packet);
    }
    tcp.set(connection.id, state);
  }
  const frames: CaptureFrame[] = [];
  for (const packet of trace.packets) {
    const comment = packet.lost ? 'lost on the link: the receiver never got this packet' : undefined;
    if (packet.protocol === 'udp') {
      const event = trace.events.find((candidate) => candidate.connection === packet.connection && candidate.from === packet.from && candidate.time === packet.time && candidate.bytes === packet.payloadBytes);
      const payload = event?.payload ?? random.bytes(packet.payloadBytes);
      if (!udpPorts.has(packet.connection)) udpPorts.set(packet.connection, random.fork(packet.connection).int(...EPHEMERAL_PORTS));
      // The asker (the side that sent first) uses an ephemeral port; DNS answers from 53.
      const asker = trace.packets.find((candidate) => candidate.connection === packet.connection)!.from;
      const askerPort = udpPorts.get(packet.connection)!;
      const data = encodeFrame({
        source: host(plan.get(packet.from), 4, packet.from === asker ? askerPort : 53),
        destination: host(plan.get(packet.to), 4, packet.to === asker ? askerPort : 53),
        ipId: random.int(0, 0xffff), hopLimit: HOP_LIMIT, transport: { kind: 'udp' }, payload,
      });
      frames.push({ timestampNs: timestampNs(packet.time), data, ...(comment ? { comment } : {}) });
      continue;
    }
    const state = tcp.get(packet.connection);
    invariant(state !== undefined, `pcapng: packets of ${packet.connection} before its SYN`);
    const [sender, receiver] = packet.from === state.streams.client ? [state.up, state.down] : [state.down, state.up];
    const flags = parseFlags(packet.flags);
    const relativeSeq = packet.seq ?? 0;
    const relativeAck = packet.ack ?? 0;
    const wireStart = Math.max(0, relativeSeq - 1);
    const seq = viewSequence(view, sender.stream, relativeSeq);
    const ack = flags.ack ? viewSequence(view, receiver.stream, relativeAck) : 0;
    let payload: Uint8Array;
    if (view === 'wire') {
      payload = sender.stream.wire.subarray(wireStart, wireStart + packet.payloadBytes);
    } else {
      payload = sender.stream.plain.subarray(plainOffset(sender.stream, wireStart), plainOffset(sender.stream, wireStart + packet.payloadBytes));
      // Nothing left to carry and nothing new to acknowledge: the decrypted view has no such packet.
      if (!flags.syn && !flags.fin && !flags.rst && payload.length === 0 && ack <= sender.lastAck) continue;
      if (payload.length === 0) flags.psh = false;
    }
    if (view === 'wire') invariant(payload.length === packet.payloadBytes, `pcapng: ${packet.connection} segment at ${relativeSeq} reaches past the stream`);
    if (flags.ack) sender.lastAck = Math.max(sender.lastAck, ack);
    const ipHeader = state.ipVersion === 6 ? 40 : 20;
    const tcpHeader = packet.ipBytes - packet.payloadBytes - ipHeader;
    const sackCount = flags.syn || tcpHeader <= 32 ? 0 : (tcpHeader - 36) / 8;
    const sack = sackBlocks(receiver.data, packet.time, relativeAck, sackCount)
      .map(([left, right]): [number, number] => [viewSequence(view, receiver.stream, left), viewSequence(view, receiver.stream, right)])
      .filter(([left, right]) => right > left)
      .map(([left, right]): [number, number] => [receiver.isn + left, receiver.isn + right]);
    const tsval = (sender.tsBase + Math.floor(packet.time)) >>> 0;
    const tsecr = flags.syn && !flags.ack ? 0 : latestTsval(receiver.arrivals, packet.time);
    // A RST answering a segment carries no options and a zero window (Linux's tcp_v4_send_reset).
    const options = flags.rst ? new Uint8Array(0) : tcpOptions(flags.syn === true, state.mss, tsval, tsecr, sack);
    const data = encodeFrame({
      source: host(plan.get(packet.from), state.ipVersion, sender === state.up ? state.ports.client : state.ports.server),
      destination: host(plan.get(packet.to), state.ipVersion, sender === state.up ? state.ports.server : state.ports.client),
      ipId: sender.ipId++, hopLimit: HOP_LIMIT,
      transport: {
        kind: 'tcp', seq: (sender.isn + seq) >>> 0, ack: flags.ack ? (receiver.isn + ack) >>> 0 : 0, flags,
        window: flags.rst ? 0 : flags.syn ? (flags.ack ? SYN_ACK_WINDOW : SYN_WINDOW) : WINDOW, options,
      },
      payload,
    });
    if (view === 'wire') invariant(data.length === 14 + packet.ipBytes, `pcapng: frame of ${data.length} bytes for a ${packet.ipBytes}-byte IP packet`);
    if (!packet.lost) sender.arrivals.push({ at: packet.arrival, tsval });
    const headers = data.length - payload.length;
    frames.push({
      timestampNs: timestampNs(packet.time), ...(comment ? { comment } : {}),
      ...(packet.lost && payload.length > 0 ? { data: data.subarray(0, headers), originalLength: data.length } : { data }),
    });
  }
  return frames;
}

/** The trace as a pcapng capture file (Ethernet, IPv4/IPv6, TCP/UDP) that Wireshark and tshark read. */
export function exportPcapng(trace: Trace, view: CaptureView = 'wire'): Uint8Array {
  return encodePcapng({
    application: 'apigw-sim',
    interfaceName: view === 'wire' ? 'simulated' : 'simulated-decrypted',
    comment: `apigw-sim ${trace.scenario}, seed ${trace.seed}, ${view === 'wire' ? 'as sent (TLS payloads are seeded filler)' : 'decrypted view (TLS removed)'}; ` +
      `times are simulated, from ${new Date(SIMULATED_EPOCH_MS).toISOString()}`,
  }, captureFrames(trace, view));
}
