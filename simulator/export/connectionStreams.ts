import { Random } from '../engine/random';
import { invariant } from '../errors';
import type { TlsVersion } from '../net/tlsProfiles';
import { tlsMessage } from '../trace/eventQueries';
import type { Trace, TraceEvent } from '../trace/trace';
import { ByteWriter } from './bytes';
import { encodeRecord, type TlsConnectionContext } from './tlsRecord';

/*
 * The byte streams of one TCP connection, rebuilt from the trace. The TCP model only counts
 * bytes; the events on the connection say which messages those bytes were, in stream order
 * (a direction's messages leave in the order they were written, and the trace orders events
 * by when their first byte left). Each direction has two views:
 *
 *   wire   the bytes as sent: TLS records (real headers, filler where encrypted), or the
 *          application bytes themselves on a plain connection;
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

/** The record overhead (header, nonce, tag) read off an encrypted record, and what the connection's records share. */
function tlsContext(events: readonly TraceEvent[], serverName: string | undefined, random: Random): { context: TlsConnectionContext; overhead: number } | undefined {
  const tls = events.filter((event) => event.layer === 'tls');
  if (tls.length === 0) return undefined;
  const version: TlsVersion = String(tls[0].detail?.version ?? '').includes('1.2') ? '1.2' : '1.3';
  const encrypted = tls.find((event) => event.detail?.encrypted === true);
  const overhead = encrypted ? encrypted.bytes - Number(encrypted.detail?.plaintextBytes) : version === '1.3' ? 22 : 29;
  const finished = tls.find((event) => event.kind === 'tls.finished');
  const hello = tls.find((event) => event.kind === 'tls.client_hello');
  const context: TlsConnectionContext = {
    version,
    resumed: !tls.some((event) => event.kind === 'tls.certificate'),
    ...(serverName ? { serverName } : {}),
    clientHelloExtensions: String(hello?.detail?.extensions ?? '').split(', ').filter((name) => name !== ''),
    hashLength: finished ? Number(finished.detail?.plaintextBytes) - 4 : 32,
    // TLS 1.2 record overhead: header 5 + explicit nonce + tag 16.
    explicitNonceLength: version === '1.2' ? Math.max(0, overhead - 21) : 0,
    random,
  };
  return { context, overhead };
}

/** The host a client named, from its first request's Host header, for SNI and the certificate subject. */
function hostName(events: readonly TraceEvent[], client: string): string | undefined {
  for (const event of events) {
    if (event.layer !== 'http' || event.from !== client || event.payload === undefined) continue;
    const host = /\r\nHost: ([^\r:]+)/i.exec(Buffer.from(event.payload).toString('latin1'))?.[1];
    if (host) return host;
  }
  return undefined;
}

/** Application data records for `plain` bytes (at most 2^14 per record, RFC 8446 §5.1). */
function appendApplicationData(builder: StreamBuilder, plain: Uint8Array, context: TlsConnectionContext, overhead: number): void {
  for (let offset = 0; offset < plain.length; offset += 16384) {
    const chunk = plain.subarray(offset, Math.min(offset + 16384, plain.length));
    const before = context.version === '1.2' ? context.explicitNonceLength : 0;
    const after = overhead - 5 - before;
    builder.wireOnly(new ByteWriter().u8(23).u16(0x0303).u16(before + chunk.length + after).bytes(context.random.bytes(before)).finish());
    builder.application(chunk, context.random.bytes(chunk.length));
    builder.wireOnly(context.random.bytes(after));
  }
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
    const tls = tlsContext(events, hostName(events, connection.client), connectionRandom.fork('tls'));
    const context = tls?.context;
    const builders = { up: new StreamBuilder(), down: new StreamBuilder() };
    for (const event of events) {
      const builder = event.from === connection.client ? builders.up : builders.down;
      if (event.layer === 'tls') {
        invariant(context !== undefined, 'tls event without a TLS connection');
        const detail = event.detail ?? {};
        builder.wireOnly(encodeRecord({
          message: tlsMessage(event), ...(typeof detail.alert === 'string' ? { alert: detail.alert } : {}), contentType: String(detail.contentType), bytes: event.bytes,
          plaintextBytes: Number(detail.plaintextBytes), encrypted: detail.encrypted === true,
        }, context));
      } else if (tls) {
        appendApplicationData(builder, eventBytes(event, connectionRandom), tls.context, tls.overhead);
      } else {
        builder.application(eventBytes(event, connectionRandom));
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
