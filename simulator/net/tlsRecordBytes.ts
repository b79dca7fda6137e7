import type { Random } from '../engine/random';
import { invariant } from '../errors';
import type { TlsMessageKind } from '../trace/trace';
import { ascii, ByteWriter } from './byteWriter';
import { syntheticCertificate } from './syntheticCertificate';
import { applicationRecordSizes, encryptedRecordBytes, RECORD_HEADER_BYTES, type TlsContentType, type TlsRecordPlan, type TlsSession } from './tls';

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
  const sessionId = tls13 || context.resumed ? random.bytes(32) : new Uint8Array(0);
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
    if (!context.resumed) extensions.push(extension(11, Uint8Array.of(3, 0, 1, 2)), extension(35, new Uint8Array(0)));
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

const SIGNATURE_SCHEMES = [0x0804, 0x0403, 0x0805, 0x0503, 0x0806, 0x0603, 0x0401, 0x0501, 0x0601];
const TLS13_SUITES = [0x1302, 0x1303, 0x1301];
const TLS12_SUITES = [0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc02b, 0xc02f, 0x009f, 0x009e, 0x00ff];

function u16List(values: readonly number[]): Uint8Array {
  const out = new ByteWriter();
  for (const value of values) out.u16(value);
  return out.finish();
}

/** The body of a ClientHello extension the model names, with typical content. */
function clientExtension(name: string, index: number, context: TlsRecordContext, pskIdentity: number): Uint8Array | undefined {
  const random = context.random;
  const tls13 = context.version === '1.3';
  const empty = new Uint8Array(0);
  switch (name) {
    case 'server_name': {
      const host = ascii(context.serverName ?? 'apigw-sim.invalid');
      return extension(0, new ByteWriter().vector(2, new ByteWriter().u8(0).vector(2, host).finish()).finish());
    }
    case 'status_request': return extension(5, Uint8Array.of(1, 0, 0, 0, 0));
    case 'supported_groups': return extension(10, new ByteWriter().vector(2, u16List([0x001d, 0x0017, 0x0018])).finish());
    case 'ec_point_formats': return extension(11, Uint8Array.of(3, 0, 1, 2));
    case 'signature_algorithms': return extension(13, new ByteWriter().vector(2, u16List(SIGNATURE_SCHEMES)).finish());
    case 'application_layer_protocol_negotiation': return extension(16, new ByteWriter().vector(2, new ByteWriter().vector(1, ascii('http/1.1')).finish()).finish());
    case 'signed_certificate_timestamp': return extension(18, empty);
    case 'padding': return extension(21, empty);
    case 'encrypt_then_mac': return extension(22, empty);
    case 'extended_master_secret': return extension(23, empty);
    case 'compress_certificate': return extension(27, Uint8Array.of(2, 0, 2)); // brotli
    case 'session_ticket': return extension(35, empty);
    case 'early_data': return extension(42, empty);
    case 'supported_versions': return extension(43, new ByteWriter().vector(1, u16List(tls13 ? [0x0304, 0x0303] : [0x0303])).finish());
    case 'psk_key_exchange_modes': return extension(45, Uint8Array.of(1, 1));
    case 'post_handshake_auth': return extension(49, empty);
    case 'key_share': return extension(51, new ByteWriter().vector(2, new ByteWriter().u16(0x001d).vector(2, random.bytes(32)).finish()).finish());
    case 'application_settings': return extension(0x4469, new ByteWriter().vector(2, new ByteWriter().vector(1, ascii('h2')).finish()).finish());
    case 'encrypted_client_hello': // GREASE ECH (draft-ietf-tls-esni §6.2): outer, HKDF-SHA256/AES-128-GCM, config id, enc, payload
      return extension(0xfe0d, new ByteWriter().u8(0).u16(1).u16(1).u8(random.int(0, 255)).vector(2, random.bytes(32)).vector(2, random.bytes(144)).finish());
    case 'renegotiation_info': return extension(0xff01, Uint8Array.of(0));
    case 'GREASE': return extension(index === 0 ? 0x0a0a : 0xfafa, index === 0 ? empty : Uint8Array.of(0)); // RFC 8701
    case 'pre_shared_key': {
      // One identity (the ticket, its length absorbing the slack) and its binder (RFC 8446 §4.2.11).
      const identities = new ByteWriter().vector(2, random.bytes(pskIdentity)).u32(random.uint32()).finish();
      const binders = new ByteWriter().vector(1, random.bytes(hashLength(context))).finish();
      return extension(41, new ByteWriter().vector(2, identities).vector(2, binders).finish());
    }
    default: return undefined;
  }
}

/**
 * A ClientHello of exactly the modelled length with the model's extensions in its order.
 * Their contents are typical rather than the profile's own, so the difference goes into
 * the padding extension (RFC 7685) or, when resuming with TLS 1.3, the ticket identity.
 */
function clientHello(length: number, context: TlsRecordContext): Uint8Array {
  const names = [...context.clientHelloExtensions];
  const hasPsk = names.includes('pre_shared_key');
  let suites = context.version === '1.3' ? [...TLS13_SUITES, ...TLS12_SUITES] : TLS12_SUITES;
  let sessionIdLength = context.version === '1.3' || context.resumed ? 32 : 0;
  const build = (pskIdentity: number, padding: number): Uint8Array => {
    let grease = 0;
    const extensions = names.flatMap((name) => {
      if (name === 'padding') return [extension(21, new Uint8Array(padding))];
      const body = clientExtension(name, name === 'GREASE' ? grease++ : 0, context, pskIdentity);
      return body ? [body] : [];
    });
    return new ByteWriter().u16(TLS12).bytes(context.random.bytes(32)).vector(1, context.random.bytes(sessionIdLength))
      .vector(2, u16List(suites)).vector(1, Uint8Array.of(0)).vector(2, Buffer.concat(extensions)).finish();
  };
  let slack = length - build(1, 0).length;
  while (slack < 0 && suites.length > 1) {
    suites = suites.slice(0, -1);
    slack += 2;
  }
  invariant(slack >= 0, `tls ClientHello of ${length} bytes is smaller than its extensions`);
  if (hasPsk) return build(1 + slack, 0);
  if (!names.includes('padding') && slack > 0) {
    if (slack < 4) {
      // Too little for a padding extension's header: move the difference into the session id.
      if (sessionIdLength >= 4) {
        sessionIdLength -= 4 - slack;
        slack = 4;
      } else {
        sessionIdLength += slack;
        slack = 0;
      }
    }
    if (slack >= 4) {
      names.push('padding');
      slack -= 4;
    }
  }
  return build(1, slack);
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
