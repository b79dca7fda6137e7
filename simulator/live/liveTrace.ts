import { TraceRecorder } from '../trace/recorder';
import { tlsMessageName } from '../net/tls';
import type { DetailValue, Participant, TlsMessageKind, Trace } from '../trace/trace';
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

const HANDSHAKE_MESSAGES: Record<number, TlsMessageKind> = {
  1: 'client_hello', 2: 'server_hello', 4: 'new_session_ticket', 11: 'certificate', 12: 'server_key_exchange', 14: 'server_hello_done', 16: 'client_key_exchange',
};
/** TLS 1.3 encrypts the server's handshake after ServerHello (RFC 8446 §2): the records are named by their place. */
const TLS13_SERVER_ENCRYPTED: TlsMessageKind[] = ['encrypted_extensions', 'certificate', 'certificate_verify', 'finished'];

/** Record overhead around application data: header, explicit nonce (TLS 1.2 AES-GCM), inner type (1.3), AEAD tag. */
export function recordOverhead(tlsVersion: string, cipher: string): number {
  if (tlsVersion === 'TLSv1.3') return 5 + 1 + 16;
  return 5 + (/CHACHA20/i.test(cipher) ? 0 : 8) + 16;
}

/** An HTTP message or WebSocket frame in the decrypted stream, with the details code reads. */
interface MessageSpan {
  layer: 'http' | 'ws';
  kind: 'http.request' | 'http.response' | 'ws.frame';
  name: string;
  detail: Record<string, DetailValue>;
  start: number;
  end: number;
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
interface NamedRecord {
  record: TimedRecord;
  message: TlsMessageKind;
  name: string;
  /** An alert's description, when the record's place tells it (RFC 8446 §6.1 close_notify). */
  alert?: string;
}

function classify(records: TimedRecord[], direction: Direction, plaintext: PlaintextConnection): { named: NamedRecord[]; app: AppRecord[] } {
  const tls13 = plaintext.tlsVersion === 'TLSv1.3';
  const overhead = recordOverhead(plaintext.tlsVersion, plaintext.cipher);
  const chunks = plaintext.chunks.filter((chunk) => chunk.direction === direction);
  const plaintextBytes = chunks.reduce((sum, chunk) => sum + chunk.bytes.length, 0);
  const sealed = records.filter((record) => record.contentType === 23);
  const preamble = tls13 ? tls13Preamble(sealed, direction, overhead, plaintextBytes, chunks[0]?.at ?? Infinity) : 0;
  const named: NamedRecord[] = [];
  const message = (record: TimedRecord, kind: TlsMessageKind, name = tlsMessageName(kind), alert?: string): number => named.push({ record, message: kind, name, ...(alert ? { alert } : {}) });
  const app: AppRecord[] = [];
  let afterChangeCipherSpec = false;
  let sealedIndex = 0;
  let offset = 0;
  for (const record of records) {
    if (record.contentType === 20) {
      afterChangeCipherSpec = true;
      message(record, 'change_cipher_spec');
    } else if (record.contentType === 21) {
      if (afterChangeCipherSpec) message(record, 'alert', 'Alert (close_notify)', 'close_notify');
      else message(record, 'alert');
    } else if (record.contentType === 22) {
      const known = afterChangeCipherSpec ? 'finished' : HANDSHAKE_MESSAGES[record.handshakeType ?? 0];
      if (known) message(record, known);
      else message(record, 'handshake', `Handshake (${record.handshakeType})`);
    } else if (sealedIndex < preamble) {
      // application_data on the wire, but in TLS 1.3 the encrypted handshake and the tickets travel so too.
      const messages: TlsMessageKind[] = direction === 'up' ? ['finished'] : TLS13_SERVER_ENCRYPTED;
      message(record, messages[sealedIndex++] ?? 'new_session_ticket');
    } else if (offset < plaintextBytes) {
      sealedIndex++;
      const length = record.bytes - overhead;
      app.push({ record, start: offset, end: offset + length });
      offset += length;
    } else {
      sealedIndex++;
      message(record, 'alert', 'Alert (close_notify)', 'close_notify');
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
    time: 0, arrival: 0, from: client.id, to: client.id, layer: 'dns', kind: 'dns.cache_hit', name: 'DNS not measured (live runs connect to 127.0.0.1)', bytes: 0, wireBytes: 0, detail: { measured: false },
  });
  for (const { client: connection, relay, plaintext } of input.connections) {
    const id = recorder.connectionId();
    const tcp = (kind: 'tcp.syn' | 'tcp.syn_ack' | 'tcp.ack', name: string, direction: Direction, time: number, arrival: number): void => recorder.event({
      ...way(direction), time: at(time), arrival: at(arrival), layer: 'tcp', kind, name, bytes: 0, wireBytes: 0, connection: id,
      detail: { measured: false, note: 'loopback connect() plus the injected one-way delay; segments are below user space' },
    });
    tcp('tcp.syn', 'SYN', 'up', connection.connectAt, connection.connectAt + oneWayMs);
    tcp('tcp.syn_ack', 'SYN, ACK', 'down', connection.connectAt + oneWayMs, connection.readyAt);
    tcp('tcp.ack', 'ACK', 'up', connection.readyAt, connection.readyAt + oneWayMs);
    const requests: { name: string; at: number }[] = [];
    const responseRecords: { name: string; status: number; first: TimedRecord; last: TimedRecord }[] = [];
    for (const direction of ['up', 'down'] as const) {
      const records = splitTlsRecords(relay.chunks.filter((chunk) => chunk.direction === direction).map((chunk) => ({ sentAt: chunk.sentAt, arrivedAt: chunk.arrivedAt, bytes: chunk.bytes, ...(chunk.undelivered ? { undelivered: true as const } : {}) })));
      // A record the relay still held when the connection went down never arrived: it is not in the trace.
      const { named, app } = classify(records.filter((record) => Number.isFinite(record.arrivedAt)), direction, plaintext);
      for (const { record, message, name, alert } of named) {
        recorder.event({
          ...way(direction), time: at(record.sentAt), arrival: at(record.arrivedAt), layer: 'tls', kind: `tls.${message}`, name, bytes: record.bytes, wireBytes: record.bytes, connection: id,
          detail: {
            contentType: record.contentType, version: plaintext.tlsVersion, cipher: plaintext.cipher, measured: true,
            ...(alert ? { alert } : {}), ...(message === 'handshake' ? { handshakeType: record.handshakeType ?? 0 } : {}), ...(record.undelivered ? { delivered: false } : {}),
          },
        });
      }
      const stream = Buffer.concat(plaintext.chunks.filter((chunk) => chunk.direction === direction).map((chunk) => chunk.bytes));
      const { messages, rest } = splitHttpMessages(stream);
      const frames = splitWebSocketFrames(stream, rest);
      const names = frameNames(frames.map((span) => span.frame));
      const spans: MessageSpan[] = [
        ...messages.map((message): MessageSpan => {
          const [first, second, ...others] = message.head.startLine.split(' ');
          const upgrade = message.head.headers.some(([name, value]) => name.toLowerCase() === 'upgrade' && /websocket/i.test(value));
          if (direction === 'up') {
            const name = `${first} ${second}${upgrade ? ' (Upgrade: websocket)' : ''}`;
            return { layer: 'http', kind: 'http.request', name, detail: { method: first, target: second, ...(upgrade ? { upgrade: 'websocket' } : {}) }, start: message.start, end: message.end };
          }
          return { layer: 'http', kind: 'http.response', name: `${second} ${others.join(' ')}`, detail: { status: Number(second) }, start: message.start, end: message.end };
        }),
        ...frames.map(({ frame, start, end }, index): MessageSpan => ({
          layer: 'ws', kind: 'ws.frame', name: names[index], start, end,
          detail: { opcode: frame.opcode, ...(frame.opcode === 'close' && frame.payload.length >= 2 ? { code: (frame.payload[0] << 8) | frame.payload[1] } : {}) },
        })),
      ];
      for (const span of spans) {
        const carrying = app.filter((entry) => entry.end > span.start && entry.start < span.end);
        if (carrying.length === 0) continue;
        const first = carrying[0].record;
        const last = carrying[carrying.length - 1].record;
        const wireBytes = carrying.filter((entry) => entry.start >= span.start).reduce((sum, entry) => sum + entry.record.bytes, 0);
        recorder.event({
          ...way(direction), time: at(first.sentAt), arrival: at(last.arrivedAt), layer: span.layer, kind: span.kind, name: span.name, bytes: span.end - span.start, wireBytes, connection: id,
          payload: stream.subarray(span.start, span.end), detail: { ...span.detail, records: carrying.length, measured: true },
        });
        if (span.kind === 'http.request') requests.push({ name: `${span.detail.method} ${span.detail.target}`, at: first.sentAt });
        else if (span.kind === 'http.response') responseRecords.push({ name: span.name, status: Number(span.detail.status), first, last });
      }
    }
    responseRecords.forEach((response, index) => {
      const request = requests[index];
      const start = index === 0 ? connection.connectAt : request?.at ?? response.first.sentAt;
      const upgrade = response.status === 101;
      const name = upgrade ? 'WebSocket upgrade' : `${request?.name ?? response.name} #${index + 1}`;
      recorder.exchange({ kind: upgrade ? 'upgrade' : 'request', name, start: at(start), firstByte: at(response.first.arrivedAt), end: at(response.last.arrivedAt) });
    });
  }
  return recorder.finish();
}
