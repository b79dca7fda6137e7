import { Random } from '../engine/random';
import { invariant } from '../errors';
import { ByteWriter } from '../net/byteWriter';
import { recordPlanOf, tlsSessionOf } from '../net/tls';
import { encodeApplicationData, encodeRecord, type TlsRecordContext } from '../net/tlsRecordBytes';
import type { Trace, TraceEvent } from '../trace/trace';

/*
 * The byte streams of one TCP connection, rebuilt from the trace. The TCP model only counts
 * bytes; the events on the connection say which messages those bytes were, in stream order
 * (a direction's messages leave in the order they were written, and the trace orders events
 * by when their first byte left). Each direction has two views:
 *
 *   wire   the bytes as sent: TLS records (built by net/tlsRecordBytes.ts from what the TLS
 *          model recorded), or the application bytes themselves on a plain connection;
 *   plain  the application bytes only (HTTP, WebSocket), TLS removed;
 *
 * and `runs` saying where each run of plain bytes sits inside the wire stream.
 */

export interface PlainRun {
  wire: number;
  plain: number;
  length: number;
}

export interface DirectionStream {
  wire: Uint8Array;
  plain: Uint8Array;
  runs: PlainRun[];
}

export interface ConnectionStreams {
  id: string;
  client: string;
  server: string;
  secure: boolean;
  /** Client to server, then server to client. */
  up: DirectionStream;
  down: DirectionStream;
}

/** Wire offset -> plain offset: how many plain bytes lie before wire offset `offset`. */
export function plainOffset(stream: DirectionStream, offset: number): number {
  let low = 0;
  let high = stream.runs.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (stream.runs[middle].wire < offset) low = middle + 1;
    else high = middle;
  }
  const run = stream.runs[low - 1];
  if (!run) return 0;
  return run.plain + Math.min(run.length, offset - run.wire);
}

class StreamBuilder {
  private readonly wire = new ByteWriter();
  private readonly plain = new ByteWriter();
  private readonly runs: PlainRun[] = [];

  get wireLength(): number {
    return this.wire.length;
  }

  /** Bytes that are on the wire only (TLS headers, encrypted handshake, tags). */
  wireOnly(bytes: Uint8Array): void {
    this.wire.bytes(bytes);
  }

  /** Application bytes: in the plain view as they are, on the wire as `onWire` (their ciphertext, or themselves). */
  application(bytes: Uint8Array, onWire: Uint8Array = bytes): void {
    invariant(onWire.length === bytes.length, 'stream: ciphertext and plaintext differ in length');
    const last = this.runs[this.runs.length - 1];
    if (last && last.wire + last.length === this.wire.length && last.plain + last.length === this.plain.length) last.length += bytes.length;
    else this.runs.push({ wire: this.wire.length, plain: this.plain.length, length: bytes.length });
    this.wire.bytes(onWire);
    this.plain.bytes(bytes);
  }

  finish(): DirectionStream {
    return { wire: this.wire.finish(), plain: this.plain.finish(), runs: this.runs };
  }
}

function eventBytes(event: TraceEvent, random: Random): Uint8Array {
  // Every HTTP and WebSocket message the models send carries its bytes; filler only if one does not.
  return event.payload ?? random.bytes(event.bytes);
}

/**
 * The connection's messages as they were written: an event's bytes, or, for HTTP/2 frames one
 * side wrote together (the same `detail.write`, see scenario/http2Client.ts), their bytes
 * joined, since they travel in one TLS record.
 */
function writes(events: readonly TraceEvent[], random: Random): [TraceEvent, Uint8Array][] {
  const result: [TraceEvent, Uint8Array[]][] = [];
  // Per direction, the last message and its write: the other direction's events may fall between a write's frames.
  const lastFrom = new Map<string, [TraceEvent, Uint8Array[]]>();
  for (const event of events) {
    if (event.layer === 'tls') {
      result.push([event, []]);
      lastFrom.delete(event.from);
      continue;
    }
    const write = event.detail?.write;
    const last = lastFrom.get(event.from);
    if (write !== undefined && last && last[0].detail?.write === write) {
      last[1].push(eventBytes(event, random));
      continue;
    }
    const entry: [TraceEvent, Uint8Array[]] = [event, [eventBytes(event, random)]];
    result.push(entry);
    lastFrom.set(event.from, entry);
  }
  return result.map(([event, parts]) => [event, parts.length === 1 ? parts[0] : Buffer.concat(parts)]);
}

/** Rebuilds every TCP connection's streams; `coverage` is how far the packets reach in each direction. */
export function connectionStreams(trace: Trace): Map<string, ConnectionStreams> {
  const random = new Random(trace.seed).fork('pcapng');
  const connections = new Map<string, ConnectionStreams>();
  const coverage = new Map<string, number>();
  for (const packet of trace.packets) {
    if (packet.protocol !== 'tcp') continue;
    if (packet.flags === 'SYN' && !connections.has(packet.connection)) {
      connections.set(packet.connection, { id: packet.connection, client: packet.from, server: packet.to, secure: false, up: emptyStream(), down: emptyStream() });
    }
    const key = `${packet.connection} ${packet.from}`;
    if (packet.payloadBytes > 0) coverage.set(key, Math.max(coverage.get(key) ?? 0, (packet.seq ?? 1) - 1 + packet.payloadBytes));
  }
  for (const connection of connections.values()) {
    const events = trace.events.filter((event) => event.connection === connection.id && (event.layer === 'tls' || event.layer === 'http' || event.layer === 'ws'));
    const connectionRandom = random.fork(connection.id);
    const session = tlsSessionOf(events);
    const context: TlsRecordContext | undefined = session && { ...session, random: connectionRandom.fork('tls') };
    const builders = { up: new StreamBuilder(), down: new StreamBuilder() };
    for (const [event, bytes] of writes(events, connectionRandom)) {
      const builder = event.from === connection.client ? builders.up : builders.down;
      if (event.layer === 'tls') {
        invariant(context !== undefined, 'tls event without a TLS connection');
        builder.wireOnly(encodeRecord(recordPlanOf(event), context));
      } else if (context) {
        for (const record of encodeApplicationData(bytes, context)) {
          builder.wireOnly(record.header);
          builder.application(record.plaintext, record.ciphertext);
          builder.wireOnly(record.trailer);
        }
      } else {
        builder.application(bytes);
      }
    }
    for (const [side, builder] of [['up', builders.up], ['down', builders.down]] as const) {
      const from = side === 'up' ? connection.client : connection.server;
      const reach = coverage.get(`${connection.id} ${from}`) ?? 0;
      invariant(builder.wireLength <= reach, `pcapng: ${connection.id} ${from} sent ${builder.wireLength} bytes of messages but its packets carry ${reach}`);
      // Bytes the packets carry but no event describes (a message cut off when the connection was abandoned).
      if (reach > builder.wireLength) builder.wireOnly(connectionRandom.bytes(reach - builder.wireLength));
    }
    connection.secure = context !== undefined;
    connection.up = builders.up.finish();
    connection.down = builders.down.finish();
  }
  return connections;
}

function emptyStream(): DirectionStream {
  return { wire: new Uint8Array(0), plain: new Uint8Array(0), runs: [] };
}
