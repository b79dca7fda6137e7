import { TraceRecorder } from '../trace/recorder';
import type { Participant, Trace } from '../trace/trace';
import type { Direction, RelayConnection } from './delayRelay';
import type { PlaintextConnection } from './gatewayEmulator';
import type { ClientConnection } from './liveClient';
import { frameNames, splitHttpMessages, splitTlsRecords, splitWebSocketFrames, type TimedRecord } from './streamSplitter';

/*
 * Builds a trace in the simulator's format from what a live run captured: the relay's
 * TLS records (times as the client and the emulator saw them, the injected delay included)
 * and the emulator's decrypted stream, which names the HTTP messages and WebSocket frames
 * each run of application-data records carries. TCP segments stay below user space: the
 * handshake is shown from connect() plus the injected delay, ACKs and FINs not at all.
 */

export interface CapturedConnection {
  client: ClientConnection;
  relay: RelayConnection;
  plaintext: PlaintextConnection;
}

export interface LiveTraceInput {
  scenario: string;
  client: Participant;
  endpoint: Participant;
  oneWayMs: number;
  /** Stopwatch time the trace starts at (the first connect()). */
  origin: number;
  connections: CapturedConnection[];
}

const HANDSHAKE_NAMES: Record<number, string> = {
  1: 'ClientHello', 2: 'ServerHello', 4: 'NewSessionTicket', 11: 'Certificate', 12: 'ServerKeyExchange', 14: 'ServerHelloDone', 16: 'ClientKeyExchange',
};
/** TLS 1.3 encrypts the server's handshake after ServerHello (RFC 8446 §2): the records are named by their place. */
const TLS13_SERVER_ENCRYPTED = ['EncryptedExtensions', 'Certificate', 'CertificateVerify', 'Finished'];

/** Record overhead around application data: header, explicit nonce (TLS 1.2 AES-GCM), inner type (1.3), AEAD tag. */
export function recordOverhead(tlsVersion: string, cipher: string): number {
  if (tlsVersion === 'TLSv1.3') return 5 + 1 + 16;
  return 5 + (/CHACHA20/i.test(cipher) ? 0 : 8) + 16;
}

interface AppRecord {
  record: TimedRecord;
  start: number;
  end: number;
}

/**
 * How many TLS 1.3 records of type application_data open the stream before the application
 * data does: the encrypted handshake (1 from the client: Finished; from the server:
 * EncryptedExtensions, Certificate, CertificateVerify, Finished), then, from the server, its
 * session tickets. How many tickets is read off the stream: the fewest, at least those sent
 * before the emulator's first write, after which the following records carry exactly the
 * plaintext the emulator wrote (the emulator may write before the relay has read the
 * tickets, so time alone cannot tell).
 */
function tls13Preamble(sealed: readonly TimedRecord[], direction: Direction, overhead: number, plaintextBytes: number, firstWriteAt: number): number {
  if (direction === 'up') return 1;
  const handshake = TLS13_SERVER_ENCRYPTED.length;
  const sentBefore = sealed.filter((record) => record.sentAt < firstWriteAt).length;
  const carriesExactly = (start: number): boolean => {
    let sum = 0;
    for (let index = start; index < sealed.length && sum < plaintextBytes; index++) sum += sealed[index].bytes - overhead;
    return sum === plaintextBytes;
  };
  for (let preamble = Math.max(handshake, sentBefore); preamble <= sealed.length; preamble++) if (carriesExactly(preamble)) return preamble;
  return Math.max(handshake, sentBefore);
}

/** Names the records that are not application data, and lays the rest over the plaintext stream's offsets. */
function classify(records: TimedRecord[], direction: Direction, plaintext: PlaintextConnection): { named: { record: TimedRecord; name: string }[]; app: AppRecord[] } {
  const tls13 = plaintext.tlsVersion === 'TLSv1.3';
  const overhead = recordOverhead(plaintext.tlsVersion, plaintext.cipher);
  const chunks = plaintext.chunks.filter((chunk) => chunk.direction === direction);
  const plaintextBytes = chunks.reduce((sum, chunk) => sum + chunk.bytes.length, 0);
  const sealed = records.filter((record) => record.contentType === 23);
  const preamble = tls13 ? tls13Preamble(sealed, direction, overhead, plaintextBytes, chunks[0]?.at ?? Infinity) : 0;
  const named: { record: TimedRecord; name: string }[] = [];
  const app: AppRecord[] = [];
  let afterChangeCipherSpec = false;
  let sealedIndex = 0;
  let offset = 0;
  for (const record of records) {
    if (record.contentType === 20) {
      afterChangeCipherSpec = true;
      named.push({ record, name: 'ChangeCipherSpec' });
    } else if (record.contentType === 21) {
      named.push({ record, name: afterChangeCipherSpec ? 'Alert (close_notify)' : 'Alert' });
    } else if (record.contentType === 22) {
      named.push({ record, name: afterChangeCipherSpec ? 'Finished' : HANDSHAKE_NAMES[record.handshakeType ?? 0] ?? `Handshake (${record.handshakeType})` });
    } else if (sealedIndex < preamble) {
      // application_data on the wire, but in TLS 1.3 the encrypted handshake and the tickets travel so too.
      const names = direction === 'up' ? ['Finished'] : TLS13_SERVER_ENCRYPTED;
      named.push({ record, name: names[sealedIndex++] ?? 'NewSessionTicket' });
    } else if (offset < plaintextBytes) {
      sealedIndex++;
      const length = record.bytes - overhead;
      app.push({ record, start: offset, end: offset + length });
      offset += length;
    } else {
      sealedIndex++;
      named.push({ record, name: 'Alert (close_notify)' });
    }
  }
  return { named, app };
}

export function buildLiveTrace(input: LiveTraceInput): Trace {
  const { client, endpoint, origin, oneWayMs } = input;
  const recorder = new TraceRecorder(input.scenario, 'live', client.id);
  recorder.participant(client);
  recorder.participant(endpoint);
  const at = (time: number): number => Math.max(0, time - origin);
  const way = (direction: Direction): { from: string; to: string } => (direction === 'up' ? { from: client.id, to: endpoint.id } : { from: endpoint.id, to: client.id });
  recorder.event({
    time: 0, arrival: 0, from: client.id, to: client.id, layer: 'dns', name: 'DNS not measured (live runs connect to 127.0.0.1)', bytes: 0, wireBytes: 0, detail: { measured: false },
  });
  for (const { client: connection, relay, plaintext } of input.connections) {
    const id = recorder.connectionId();
    const tcp = (name: string, direction: Direction, time: number, arrival: number): void => recorder.event({
      ...way(direction), time: at(time), arrival: at(arrival), layer: 'tcp', name, bytes: 0, wireBytes: 0, connection: id,
      detail: { measured: false, note: 'loopback connect() plus the injected one-way delay; segments are below user space' },
    });
    tcp('SYN', 'up', connection.connectAt, connection.connectAt + oneWayMs);
    tcp('SYN, ACK', 'down', connection.connectAt + oneWayMs, connection.readyAt);
    tcp('ACK', 'up', connection.readyAt, connection.readyAt + oneWayMs);
    const requests: { name: string; at: number }[] = [];
    const responseRecords: { name: string; first: TimedRecord; last: TimedRecord }[] = [];
    for (const direction of ['up', 'down'] as const) {
      const records = splitTlsRecords(relay.chunks.filter((chunk) => chunk.direction === direction).map((chunk) => ({ sentAt: chunk.sentAt, arrivedAt: chunk.arrivedAt, bytes: chunk.bytes, ...(chunk.undelivered ? { undelivered: true as const } : {}) })));
      // A record the relay still held when the connection went down never arrived: it is not in the trace.
      const { named, app } = classify(records.filter((record) => Number.isFinite(record.arrivedAt)), direction, plaintext);
      for (const { record, name } of named) {
        recorder.event({
          ...way(direction), time: at(record.sentAt), arrival: at(record.arrivedAt), layer: 'tls', name, bytes: record.bytes, wireBytes: record.bytes, connection: id,
          detail: { contentType: record.contentType, version: plaintext.tlsVersion, cipher: plaintext.cipher, measured: true, ...(record.undelivered ? { delivered: false } : {}) },
        });
      }
      const stream = Buffer.concat(plaintext.chunks.filter((chunk) => chunk.direction === direction).map((chunk) => chunk.bytes));
      const { messages, rest } = splitHttpMessages(stream);
      const frames = splitWebSocketFrames(stream, rest);
      const names = frameNames(frames.map((span) => span.frame));
      const spans = [
        ...messages.map((message) => {
          const [first, second, ...others] = message.head.startLine.split(' ');
          const upgrade = message.head.headers.some(([name, value]) => name.toLowerCase() === 'upgrade' && /websocket/i.test(value));
          const name = direction === 'up' ? `${first} ${second}${upgrade ? ' (Upgrade: websocket)' : ''}` : `${second} ${others.join(' ')}`;
          return { layer: 'http' as const, name, start: message.start, end: message.end };
        }),
        ...frames.map((span, index) => ({ layer: 'ws' as const, name: names[index], start: span.start, end: span.end })),
      ];
      for (const span of spans) {
        const carrying = app.filter((entry) => entry.end > span.start && entry.start < span.end);
        if (carrying.length === 0) continue;
        const first = carrying[0].record;
        const last = carrying[carrying.length - 1].record;
        const wireBytes = carrying.filter((entry) => entry.start >= span.start).reduce((sum, entry) => sum + entry.record.bytes, 0);
        recorder.event({
          ...way(direction), time: at(first.sentAt), arrival: at(last.arrivedAt), layer: span.layer, name: span.name, bytes: span.end - span.start, wireBytes, connection: id,
          payload: stream.subarray(span.start, span.end), detail: { records: carrying.length, measured: true },
        });
        if (span.layer !== 'http') continue;
        if (direction === 'up') requests.push({ name: span.name.replace(' (Upgrade: websocket)', ''), at: first.sentAt });
        else responseRecords.push({ name: span.name, first, last });
      }
    }
    responseRecords.forEach((response, index) => {
      const request = requests[index];
      const start = index === 0 ? connection.connectAt : request?.at ?? response.first.sentAt;
      const name = response.name.startsWith('101') ? 'WebSocket upgrade' : `${request?.name ?? response.name} #${index + 1}`;
      recorder.exchange({ name, start: at(start), firstByte: at(response.first.arrivedAt), end: at(response.last.arrivedAt) });
    });
  }
  return recorder.finish();
}
