import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';

/*
 * A throwaway self-signed RSA-2048 certificate for the live gateway emulator, made at run
 * time with node:crypto alone (no openssl binary): the X.509 structure (RFC 5280 §4.1) is
 * encoded here in DER and signed with sha256WithRSAEncryption. It names the API's host in
 * subjectAltName (RFC 6125 §6.4.4), so the client verifies it as it would the real endpoint.
 */

export interface LiveCertificate {
  /** PEM of the private key and of the certificate, as node:tls takes them. */
  key: string;
  cert: string;
  /** Size of the DER certificate: what the TLS Certificate message carries. */
  derBytes: number;
}

/** A DER TLV: tag, definite length (X.690 §8.1.3), contents. */
export function tlv(tag: number, contents: Buffer): Buffer {
  const length = contents.length;
  const header = length < 0x80 ? Buffer.from([tag, length])
    : length < 0x100 ? Buffer.from([tag, 0x81, length])
    : Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  return Buffer.concat([header, contents]);
}

export const sequence = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));

export function objectIdentifier(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) base128.unshift((value & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime `YYMMDDHHMMSSZ` (RFC 5280 §4.1.2.5.1: years before 2050). */
export function utcTime(date: Date): Buffer {
  const iso = date.toISOString();
  return tlv(0x17, Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`, 'latin1'));
}

export function commonName(name: string): Buffer {
  return sequence(tlv(0x31, sequence(objectIdentifier('2.5.4.3'), tlv(0x0c, Buffer.from(name, 'utf8')))));
}

export const SHA256_WITH_RSA = sequence(objectIdentifier('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

/** Makes a certificate for `hostName`, valid from an hour ago for one day (the wall clock is read here, once). */
export function makeLiveCertificate(hostName: string): LiveCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = new Date();
  // A positive 16-byte serial (RFC 5280 §4.1.2.2: at most 20 octets, positive).
  const serial = Buffer.concat([Buffer.from([0x01]), randomBytes(15)]);
  const subjectAltName = sequence(
    objectIdentifier('2.5.29.17'),
    tlv(0x04, sequence(tlv(0x82, Buffer.from(hostName.toLowerCase(), 'latin1')))),
  );
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))), // v3
    tlv(0x02, serial),
    SHA256_WITH_RSA,
    commonName(hostName),
    sequence(utcTime(new Date(now.getTime() - 3600_000)), utcTime(new Date(now.getTime() + 86400_000))),
    commonName(hostName),
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, sequence(subjectAltName)),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.concat([Buffer.from([0x00]), signature])));
  const cert = new X509Certificate(der).toString();
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert, derBytes: der.length };
}
