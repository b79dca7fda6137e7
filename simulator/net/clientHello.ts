import { invariant } from '../errors';
import { ByteWriter } from './byteWriter';

/*
 * A ClientHello as fields, the bytes it is written as, and those bytes read back.
 *
 *   handshake: | msg_type 1 (=1) | length 3 | body |                          (RFC 8446 §4)
 *   body:      | legacy_version 2 | random 32 | legacy_session_id <0..32> |
 *              | cipher_suites <2..2^16-2> | legacy_compression_methods <1..2^8-1> |
 *              | extensions <8..2^16-1>: (type 2 | extension_data <0..2^16-1>)* |   (RFC 8446 §4.1.2)
 *
 * The profiles (tlsProfiles.ts) say which fields each client writes; this file only lays
 * them out, so the size the model counts and the bytes the capture export writes are one thing.
 */

export interface HelloExtension {
  /** The extension's number (IANA TLS ExtensionType Values); a GREASE value (RFC 8701) for GREASE. */
  type: number;
  body: Uint8Array;
}

export interface ClientHelloFields {
  legacyVersion: number;
  random: Uint8Array;
  sessionId: Uint8Array;
  cipherSuites: readonly number[];
  compressionMethods: Uint8Array;
  extensions: readonly HelloExtension[];
}

export const CLIENT_HELLO_TYPE = 1;

/** The handshake message (4-byte header included) for `fields`. */
export function encodeClientHello(fields: ClientHelloFields): Uint8Array {
  const suites = new ByteWriter();
  for (const suite of fields.cipherSuites) suites.u16(suite);
  const extensions = new ByteWriter();
  for (const extension of fields.extensions) extensions.u16(extension.type).vector(2, extension.body);
  const body = new ByteWriter().u16(fields.legacyVersion).bytes(fields.random).vector(1, fields.sessionId)
    .vector(2, suites.finish()).vector(1, fields.compressionMethods).vector(2, extensions.finish()).finish();
  return new ByteWriter().u8(CLIENT_HELLO_TYPE).vector(3, body).finish();
}

/** Reads big-endian fields off a byte array, failing (a simulator or fixture bug) when one runs past the end. */
class Reader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get left(): number {
    return this.bytes.length - this.offset;
  }

  take(length: number): Uint8Array {
    invariant(length <= this.left, `ClientHello: ${length} bytes wanted at offset ${this.offset}, ${this.left} left`);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  uint(length: 1 | 2 | 3): number {
    return this.take(length).reduce((value, byte) => value * 256 + byte, 0);
  }

  vector(prefix: 1 | 2 | 3): Uint8Array {
    return this.take(this.uint(prefix));
  }
}

/** A ClientHello handshake message (from its 4-byte header on) read back into fields. */
export function parseClientHello(message: Uint8Array): ClientHelloFields {
  const outer = new Reader(message);
  invariant(outer.uint(1) === CLIENT_HELLO_TYPE, 'ClientHello: not a client_hello handshake message');
  const body = new Reader(outer.vector(3));
  invariant(outer.left === 0, 'ClientHello: bytes after the message');
  const legacyVersion = body.uint(2);
  const random = body.take(32);
  const sessionId = body.vector(1);
  const suiteBytes = new Reader(body.vector(2));
  const cipherSuites: number[] = [];
  while (suiteBytes.left > 0) cipherSuites.push(suiteBytes.uint(2));
  const compressionMethods = body.vector(1);
  const extensions: HelloExtension[] = [];
  if (body.left > 0) {
    const list = new Reader(body.vector(2));
    while (list.left > 0) extensions.push({ type: list.uint(2), body: list.vector(2) });
  }
  invariant(body.left === 0, 'ClientHello: bytes after the extensions');
  return { legacyVersion, random, sessionId, cipherSuites, compressionMethods, extensions };
}

/** The handshake message inside a plaintext TLS record (5-byte header: type 22, version, length). */
export function clientHelloOfRecord(record: Uint8Array): Uint8Array {
  invariant(record[0] === 22, 'ClientHello: not a handshake record');
  const length = (record[3] << 8) | record[4];
  invariant(record.length === 5 + length, `ClientHello: record of ${record.length} bytes says ${length}`);
  return record.subarray(5);
}

/** RFC 8701 §2: GREASE values for cipher suites, extensions, groups and versions are 0x?A?A with both bytes equal. */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}

/** An extension's body as a list of 16-bit values behind a length prefix of `prefix` bytes (supported_groups, signature_algorithms, supported_versions). */
export function u16ListOf(body: Uint8Array, prefix: 1 | 2): number[] {
  const reader = new Reader(new Reader(body).vector(prefix));
  const values: number[] = [];
  while (reader.left > 0) values.push(reader.uint(2));
  return values;
}

/** ALPN protocol names (RFC 7301 §3.1: a 2-byte list of 1-byte-prefixed names). */
export function alpnProtocolsOf(body: Uint8Array): Uint8Array[] {
  const reader = new Reader(new Reader(body).vector(2));
  const names: Uint8Array[] = [];
  while (reader.left > 0) names.push(reader.vector(1));
  return names;
}
