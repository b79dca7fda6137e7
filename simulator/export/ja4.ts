import { createHash } from 'node:crypto';
import { alpnProtocolsOf, isGrease, u16ListOf, type ClientHelloFields } from '../net/clientHello';

/*
 * JA4, FoxIO's TLS client fingerprint (github.com/FoxIO-LLC/ja4, technical_details/JA4.md):
 *
 *   t 13 d 15 16 h2 _ 8daaf6152771 _ e5627efa2ab1
 *   | |  | |  |  |    |              sha256 of the sorted extensions (SNI 0000 and ALPN 0010 left out),
 *   | |  | |  |  |    |              "_", the signature algorithms in wire order; first 12 hex digits
 *   | |  | |  |  |    sha256 of the sorted cipher suites, first 12 hex digits
 *   | |  | |  |  first and last character of the first ALPN value ("00" without ALPN)
 *   | |  | |  extension count   (GREASE ignored everywhere, counts capped at 99)
 *   | |  | cipher suite count
 *   | |  d: SNI present, i: absent
 *   | highest supported_versions entry, else legacy_version
 *   t: TLS over TCP
 *
 * Extension order does not enter it, which is why it is stable across Chrome's per-connection
 * shuffle of its extensions, and GREASE values are dropped wherever they occur (RFC 8701),
 * signature algorithms included: Chromium puts one first there, and FoxIO's own expected
 * output for such a hello (python/test/testdata/sigalg-grease.pcapng.json) lists the
 * algorithms without it.
 */

const VERSIONS: Readonly<Record<number, string>> = { 0x0304: '13', 0x0303: '12', 0x0302: '11', 0x0301: '10', 0x0300: 's3', 0x0002: 's2' };
const SERVER_NAME = 0x0000;
const ALPN = 0x0010;
const SIGNATURE_ALGORITHMS = 0x000d;
const SUPPORTED_VERSIONS = 0x002b;

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function count(values: readonly unknown[]): string {
  return String(Math.min(values.length, 99)).padStart(2, '0');
}

/** "If a hashed field is empty, the output is 000s instead of a hash of an empty field" (JA4+ general rules). */
function truncatedHash(text: string): string {
  return text === '' ? '000000000000' : createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function isAlphanumeric(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/** First and last character of the first ALPN value; its hex digits' first and last when either end is not alphanumeric. */
function alpnPart(first: Uint8Array | undefined): string {
  if (!first || first.length === 0) return '00';
  const last = first[first.length - 1];
  if (isAlphanumeric(first[0]) && isAlphanumeric(last)) return String.fromCharCode(first[0], last);
  const hex = Buffer.from(first).toString('hex');
  return hex[0] + hex[hex.length - 1];
}

/** The parts JA4 is built from, before hashing (JA4_r, "raw"), sorted as JA4 sorts them. */
export interface Ja4Parts {
  prefix: string;
  cipherSuites: string[];
  extensions: string[];
  signatureAlgorithms: string[];
}

export function ja4Parts(hello: ClientHelloFields): Ja4Parts {
  const extensions = hello.extensions.filter((extension) => !isGrease(extension.type));
  const find = (type: number) => extensions.find((extension) => extension.type === type);
  const suites = hello.cipherSuites.filter((suite) => !isGrease(suite));
  const supportedVersions = find(SUPPORTED_VERSIONS);
  const version = supportedVersions
    ? Math.max(...u16ListOf(supportedVersions.body, 1).filter((value) => !isGrease(value)))
    : hello.legacyVersion;
  const alpn = find(ALPN);
  const signatures = find(SIGNATURE_ALGORITHMS);
  const prefix = `t${VERSIONS[version] ?? '00'}${find(SERVER_NAME) ? 'd' : 'i'}${count(suites)}${count(extensions)}${alpnPart(alpn ? alpnProtocolsOf(alpn.body)[0] : undefined)}`;
  return {
    prefix,
    cipherSuites: suites.map(hex4).sort(),
    extensions: extensions.filter((extension) => extension.type !== SERVER_NAME && extension.type !== ALPN).map((extension) => hex4(extension.type)).sort(),
    signatureAlgorithms: signatures ? u16ListOf(signatures.body, 2).filter((scheme) => !isGrease(scheme)).map(hex4) : [],
  };
}

/** JA4_r: the raw fingerprint, `prefix_suites_extensions_signatures`. */
export function ja4Raw(hello: ClientHelloFields): string {
  const parts = ja4Parts(hello);
  return [parts.prefix, parts.cipherSuites.join(','), parts.extensions.join(','), ...(parts.signatureAlgorithms.length > 0 ? [parts.signatureAlgorithms.join(',')] : [])].join('_');
}

/** JA4 from its parts (exported for checks against published JA4_r strings). */
export function ja4FromParts(parts: Ja4Parts): string {
  const extensionText = parts.extensions.join(',') + (parts.signatureAlgorithms.length > 0 ? `_${parts.signatureAlgorithms.join(',')}` : '');
  return `${parts.prefix}_${truncatedHash(parts.cipherSuites.join(','))}_${parts.extensions.length === 0 ? '000000000000' : truncatedHash(extensionText)}`;
}

/** The JA4 fingerprint of a ClientHello. */
export function ja4(hello: ClientHelloFields): string {
  return ja4FromParts(ja4Parts(hello));
}
