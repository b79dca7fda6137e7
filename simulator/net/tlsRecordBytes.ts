import type { Random } from '../engine/random';
import { invariant } from '../errors';
import type { TlsMessageKind } from '../trace/trace';
import { ascii, ByteWriter } from './byteWriter';
import { syntheticCertificate } from './syntheticCertificate';
import { encodeClientHello } from './clientHello';
import { seededHelloRandom, writeClientHello, type ClientHelloContext } from './clientHellos';
import { applicationRecordSizes, encryptedRecordBytes, issuesTls12Ticket, RECORD_HEADER_BYTES, tls12SessionIdBytes, type TlsContentType, type TlsRecordPlan, type TlsSession } from './tls';
import { clientProfile } from './tlsProfiles';

/*
 * The bytes of the records the TLS model plans (tls.ts), with real record and handshake
 * headers, sized exactly as the model sized them. There are no real keys, so what is
 * encrypted is seeded filler; what travels in the clear (ClientHello, ServerHello, and the
 * TLS 1.2 Certificate, ServerKeyExchange, ServerHelloDone, ClientKeyExchange,
 * NewSessionTicket) is laid out field by field so a dissector can read it:
 *
 *   record:    | type 1 | version 2 | length 2 | fragment |          (RFC 8446 §5.1, RFC 5246 §6.2)
 *   handshake: | msg_type 1 | length 3 | body |                       (RFC 8446 §4)
 *
 * Built on demand (for a capture) rather than while simulating: most runs never need them.
 */

/** What the records of one connection share: the session, and the seeded source of everything random in them. */
export interface TlsRecordContext extends TlsSession {
  random: Random;
}

/** One application data record around `plaintext` (RFC 8446 §5.2, RFC 5246 §6.2.3.3). */
export interface ProtectedRecord {
  /** Record header, and TLS 1.2's explicit nonce. */
  header: Uint8Array;
  plaintext: Uint8Array;
  /** Stands for the plaintext on the wire: filler of its length. */
  ciphertext: Uint8Array;
  /** TLS 1.3's inner content type, and the AEAD tag: filler. */
  trailer: Uint8Array;
}

const CONTENT_TYPES: Readonly<Record<TlsContentType, number>> = { change_cipher_spec: 20, alert: 21, handshake: 22, application_data: 23 };

/** Handshake message types (RFC 8446 §4, RFC 5246 §7.4). */
const HANDSHAKE_TYPES: Readonly<Partial<Record<TlsMessageKind, number>>> = {
  client_hello: 1, server_hello: 2, new_session_ticket: 4, end_of_early_data: 5, encrypted_extensions: 8, certificate: 11,
  server_key_exchange: 12, server_hello_done: 14, certificate_verify: 15, client_key_exchange: 16, finished: 20,
};

/** RFC 8446 §6 alert descriptions the model names. */
const ALERTS: Readonly<Record<string, number>> = { close_notify: 0, unexpected_message: 10, handshake_failure: 40, protocol_version: 70, internal_error: 80 };

const TLS12 = 0x0303;
/** OpenSSL writes TLS 1.0 as the record version of the first ClientHello (RFC 8446 §5.1 allows 0x0301). */
const TLS10 = 0x0301;

/** The record bytes for one planned record. */
export function encodeRecord(record: Omit<TlsRecordPlan, 'name'>, context: TlsRecordContext): Uint8Array {
  const fragmentLength = record.bytes - 5;
  invariant(fragmentLength >= 0 && fragmentLength <= 16384 + 256, `tls record ${record.message}: ${record.bytes} bytes is not a record`);
  let type = CONTENT_TYPES[record.contentType];
  let fragment: Uint8Array;
  if (record.encrypted) {
    // TLS 1.3 hides the real content type inside: every protected record says application_data (RFC 8446 §5.2).
    if (context.version === '1.3') type = 23;
    fragment = context.random.bytes(fragmentLength);
  } else if (type === 20) {
    fragment = Uint8Array.of(1);
  } else if (type === 21) {
    const description = record.alert ?? 'internal_error';
    fragment = Uint8Array.of(description === 'close_notify' ? 1 : 2, ALERTS[description] ?? 80);
  } else if (type === 22) {
    fragment = handshakeMessage(record, context);
  } else {
    fragment = context.random.bytes(fragmentLength);
  }
  invariant(fragment.length === fragmentLength, `tls record ${record.message}: built ${fragment.length} bytes, the model says ${fragmentLength}`);
  return new ByteWriter().u8(type).u16(record.message === 'client_hello' ? TLS10 : TLS12).vector(2, fragment).finish();
}

function handshakeMessage(record: Omit<TlsRecordPlan, 'name'>, context: TlsRecordContext): Uint8Array {
  const type = HANDSHAKE_TYPES[record.message];
  invariant(type !== undefined, `tls: no layout for handshake message ${record.message}`);
  const bodyLength = record.plaintextBytes - 4;
  const body = handshakeBody(record.message, bodyLength, context);
  invariant(body.length === bodyLength, `tls ${record.message}: built ${body.length} bytes, the model says ${bodyLength}`);
  return new ByteWriter().u8(type).vector(3, body).finish();
}

function handshakeBody(message: TlsMessageKind, length: number, context: TlsRecordContext): Uint8Array {
  const random = context.random;
  switch (message) {
    case 'client_hello':
      return clientHello(length, context);
    case 'server_hello':
      return serverHello(length, context);
    case 'certificate':
      return certificateList(length, context);
    case 'server_key_exchange': {
      // ECDHE with a named curve, then an RSA-PSS signature (RFC 8422 §5.4); the point absorbs the size.
      const signature = 256;
      const point = length - (1 + 2 + 1 + 2 + 2 + signature);
      invariant(point > 0 && point < 256, `tls ServerKeyExchange of ${length} bytes`);
      return new ByteWriter().u8(3).u16(point === 32 ? 0x001d : 0x0017).vector(1, random.bytes(point)).u16(0x0804).vector(2, random.bytes(signature)).finish();
    }
    case 'server_hello_done':
    case 'end_of_early_data':
      return new Uint8Array(0);
    case 'client_key_exchange':
      return new ByteWriter().vector(1, random.bytes(length - 1)).finish();
    case 'new_session_ticket': // TLS 1.2 (RFC 5077 §3.3): lifetime hint, ticket
      return new ByteWriter().u32(7200).vector(2, random.bytes(length - 6)).finish();
    default:
      return random.bytes(length);
  }
}

function certificateList(length: number, context: TlsRecordContext): Uint8Array {
  // The model gives the whole message; cut it into certificates of about 1.2 KB, as a leaf and intermediates are.
  const total = length - 3;
  const count = Math.max(1, Math.round(total / 1250));
  const entries = new ByteWriter();
  let left = total;
  for (let index = 0; index < count; index++) {
    const entry = index === count - 1 ? left : Math.floor(total / count);
    left -= entry;
    const subject = index === 0 ? context.serverName ?? 'apigw-sim.invalid' : `Simulated Intermediate CA ${index}`;
    entries.vector(3, syntheticCertificate(context.random.fork(`certificate:${index}`), entry - 3, subject, `Simulated Intermediate CA ${index + 1}`));
  }
  return new ByteWriter().vector(3, entries.finish()).finish();
}

function cipherSuite(context: TlsRecordContext): number {
  invariant(context.suite !== undefined, 'tls: a ServerHello without a chosen cipher suite');
  return context.suite.code;
}

/** Transcript hash length of the session's suite (the PSK binder's length); SHA-256's before one is chosen. */
function hashLength(context: TlsRecordContext): number {
  return context.suite?.hashLength ?? 32;
}

function extension(type: number, body: Uint8Array): Uint8Array {
  return new ByteWriter().u16(type).vector(2, body).finish();
}

function serverHello(length: number, context: TlsRecordContext): Uint8Array {
  const random = context.random;
  const tls13 = context.version === '1.3';
  const sessionId = random.bytes(tls13 ? 32 : tls12SessionIdBytes(context.resumed, context.clientHelloExtensions));
  const fixed = 2 + 32 + 1 + sessionId.length + 2 + 1 + 2;
  const extensions: Uint8Array[] = [];
  if (tls13) {
    extensions.push(extension(43, Uint8Array.of(0x03, 0x04))); // supported_versions: TLS 1.3
    const psk = context.resumed ? extension(41, Uint8Array.of(0, 0)) : new Uint8Array(0);
    const share = length - fixed - 6 - 8 - psk.length;
    invariant(share > 0, `tls ServerHello of ${length} bytes`);
    const group = share === 1120 ? 0x11ec : share === 65 ? 0x0017 : 0x001d;
    extensions.push(extension(51, new ByteWriter().u16(group).vector(2, random.bytes(share)).finish()));
    if (psk.length > 0) extensions.push(psk);
  } else {
    extensions.push(extension(0xff01, Uint8Array.of(0)), extension(23, new Uint8Array(0)));
    if (!context.resumed) extensions.push(extension(11, Uint8Array.of(3, 0, 1, 2)));
    if (!context.resumed && issuesTls12Ticket(context.clientHelloExtensions)) extensions.push(extension(35, new Uint8Array(0)));
    const rest = length - fixed - extensions.reduce((sum, item) => sum + item.length, 0);
    if (rest > 0) {
      // What is left is the ALPN answer: list length 2, name length 1, the protocol.
      const protocol = rest - 7 === 8 ? ascii('http/1.1') : rest - 7 === 2 ? ascii('h2') : ascii('x'.repeat(Math.max(1, rest - 7)));
      extensions.push(extension(16, new ByteWriter().vector(2, new ByteWriter().vector(1, protocol).finish()).finish()));
    }
  }
  return new ByteWriter().u16(TLS12).bytes(random.bytes(32)).vector(1, sessionId).u16(cipherSuite(context)).u8(0)
    .vector(2, Buffer.concat(extensions)).finish();
}

/**
 * The ClientHello the model sized, written by the client's own profile (clientHellos.ts) in
 * the extension order the trace recorded, with the size choices the simulation made; its
 * random contents (random, session id, key shares, GREASE values, ECH GREASE) are seeded.
 */
function clientHello(length: number, context: TlsRecordContext): Uint8Array {
  invariant(context.clientProfile !== undefined, 'tls: a ClientHello event without the client profile that wrote it');
  const profile = clientProfile(context.clientProfile);
  const choices = [...(context.helloChoices ?? [])];
  const helloContext: ClientHelloContext = {
    maxVersion: context.version,
    ...(context.serverName ? { serverName: context.serverName } : {}),
    alpn: context.alpnOffered ?? [],
    // The ticket the server issued: its length is what the identity (1.3) or session_ticket (1.2) carries.
    ...(context.ticketLength !== undefined ? { ticketLength: context.ticketLength, binderLength: hashLength(context) } : {}),
    earlyData: context.clientHelloExtensions.includes('early_data'),
    pick: (options) => {
      const choice = choices.shift();
      invariant(choice !== undefined && options.includes(choice), `tls: the trace recorded no ClientHello choice among ${options.join(', ')}`);
      return choice;
    },
  };
  const { fields } = writeClientHello(profile.hello, helloContext, seededHelloRandom(context.random), context.clientHelloExtensions);
  const message = encodeClientHello(fields);
  invariant(message.length === length + 4, `tls ClientHello: the ${profile.name} profile writes ${message.length} bytes, the model sized ${length + 4}`);
  return message.subarray(4);
}

/**
 * Application data as the records TlsConnection.send cuts it into (at most 2^14 bytes of
 * plaintext each, RFC 8446 §5.1), each as long as encryptedRecordBytes says.
 */
export function encodeApplicationData(plaintext: Uint8Array, context: TlsRecordContext): ProtectedRecord[] {
  const suite = context.suite;
  invariant(suite !== undefined, 'tls: application data before a cipher suite was chosen');
  const records: ProtectedRecord[] = [];
  let offset = 0;
  for (const length of applicationRecordSizes(plaintext.length)) {
    const chunk = plaintext.subarray(offset, offset + length);
    offset += length;
    const recordBytes = encryptedRecordBytes(length, context.version, suite);
    const nonce = context.version === '1.2' ? suite.explicitNonceLength : 0;
    const header = new ByteWriter().u8(CONTENT_TYPES.application_data).u16(TLS12).u16(recordBytes - RECORD_HEADER_BYTES).bytes(context.random.bytes(nonce)).finish();
    const ciphertext = context.random.bytes(length);
    const trailer = context.random.bytes(recordBytes - header.length - length);
    records.push({ header, plaintext: chunk, ciphertext, trailer });
  }
  return records;
}
