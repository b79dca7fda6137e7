import { InvariantError } from '../errors';
import type { Random } from '../engine/random';
import { ascii } from './byteWriter';

/*
 * A structurally valid X.509 certificate (RFC 5280 §4.1) of an exact DER size, so a TLS 1.2
 * Certificate message of the modelled length dissects cleanly. The key and the signature are
 * seeded filler: no real CA signed it, and nothing can verify it.
 */

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  return Buffer.concat([Uint8Array.from([tag, ...derLength(body.length)]), body]);
}

const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const NULL = Uint8Array.of(0x05, 0x00);
const OID = 0x06;
const UTF8_STRING = 0x0c;
const UTC_TIME = 0x17;

const SHA256_WITH_RSA = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b); // 1.2.840.113549.1.1.11
const RSA_ENCRYPTION = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01); // 1.2.840.113549.1.1.1
const COMMON_NAME = Uint8Array.of(0x55, 0x04, 0x03); // 2.5.4.3

function name(commonName: string): Uint8Array {
  return tlv(SEQUENCE, tlv(SET, tlv(SEQUENCE, tlv(OID, COMMON_NAME), tlv(UTF8_STRING, ascii(commonName)))));
}

/** A positive INTEGER of `length` content bytes (first byte below 0x80, not zero). */
function positiveInteger(random: Random, length: number): Uint8Array {
  const value = random.bytes(length);
  value[0] = (value[0] & 0x7f) | 0x40;
  return tlv(INTEGER, value);
}

/** A certificate of exactly `size` DER bytes for `subject`, issued by `issuer`. */
export function syntheticCertificate(random: Random, size: number, subject: string, issuer: string): Uint8Array {
  const algorithm = tlv(SEQUENCE, tlv(OID, SHA256_WITH_RSA), NULL);
  // RSA-2048 public key: modulus 257 bytes (leading zero), exponent 65537 (RFC 8017 §A.1.1).
  const modulus = random.bytes(257);
  modulus[0] = 0;
  modulus[1] |= 0x80;
  const publicKey = tlv(SEQUENCE, tlv(INTEGER, modulus), tlv(INTEGER, Uint8Array.of(0x01, 0x00, 0x01)));
  const subjectPublicKeyInfo = tlv(SEQUENCE, tlv(SEQUENCE, tlv(OID, RSA_ENCRYPTION), NULL), tlv(BIT_STRING, Uint8Array.of(0), publicKey));
  const validity = tlv(SEQUENCE, tlv(UTC_TIME, ascii('260101000000Z')), tlv(UTC_TIME, ascii('270101000000Z')));
  const build = (serialLength: number, signatureLength: number): Uint8Array => {
    const tbs = tlv(SEQUENCE,
      tlv(0xa0, tlv(INTEGER, Uint8Array.of(2))), // [0] version v3
      positiveInteger(random.fork(`serial:${serialLength}`), serialLength),
      algorithm, name(issuer), validity, name(subject), subjectPublicKeyInfo);
    return tlv(SEQUENCE, tbs, algorithm, tlv(BIT_STRING, Uint8Array.of(0), random.fork('signature').bytes(signatureLength)));
  };
  // The signature absorbs the size; a longer serial number (1..20 bytes, RFC 5280 §4.1.2.2)
  // steps over the sizes a DER length-of-length change would skip.
  const base = build(1, 0).length;
  for (let serial = 1; serial <= 20; serial++) {
    for (let signature = Math.max(0, size - base - serial - 8); signature <= size - base; signature++) {
      const certificate = build(serial, signature);
      if (certificate.length === size) return certificate;
      if (certificate.length > size) break;
    }
  }
  throw new InvariantError(`no certificate layout of exactly ${size} bytes (smallest is ${base})`);
}
