import type { Random } from '../engine/random';
import { invariant } from '../errors';
import { ascii, ByteWriter } from './byteWriter';
import { encodeClientHello, type ClientHelloFields, type HelloExtension } from './clientHello';
import type { TlsVersion } from './tlsVersion';

/*
 * Each client profile's ClientHello, field by field, as the real program writes it. Read off
 * hellos captured on loopback by a raw TCP server (test/helpers/clientHelloCapture.ts) from:
 *   node     Node v20.20.2 (OpenSSL 3.0.19): https.get, https with ALPNProtocols, http2.connect, ws;
 *   curl     curl 7.88.1 (OpenSSL 3.0.22, Debian 12): --http2 and --http1.1, --tls-max 1.2 and 1.3;
 *   browser  Chromium 156.0.8078.129 (Debian 12, headless, BoringSSL): fetch() from a page.
 * test/simulator/net/clientHello.realClients.test.ts captures them again and compares every
 * byte that is not random, and the JA4 fingerprint.
 *
 * What is random stays random, drawn from a seeded source (HelloRandom): the 32-byte random,
 * the session id, key shares, Chromium's GREASE values and ECH GREASE contents. Sizes never
 * depend on those draws; the two choices that change a size or an order (the ECH GREASE
 * payload length, Chromium's extension permutation) are taken while simulating and recorded
 * in the trace, so the export writes the hello the model sized.
 */

/** What the ClientHello depends on besides the profile. */
export interface ClientHelloContext {
  /** Highest version offered (a client limited to 1.2 sends a 1.2-only hello). */
  maxVersion: TlsVersion;
  /** SNI host name; absent for an IP literal. */
  serverName?: string;
  /** ALPN protocols offered, e.g. ['http/1.1']; an empty list sends no ALPN extension. */
  alpn: readonly string[];
  /** A resumption ticket (its length) carried in session_ticket (1.2) or pre_shared_key (1.3). */
  ticketLength?: number;
  /** TLS 1.3 PSK binder length = the ticket's cipher suite hash length. */
  binderLength?: number;
  /** 0-RTT: the early_data extension is present. */
  earlyData?: boolean;
  /** Seeded choice for randomised fields that change the size (Chrome's ECH GREASE payload size). */
  pick: (choices: readonly number[]) => number;
  /**
   * Seeded shuffle for a client that permutes its extensions per connection (Chrome); absent,
   * the profile's own order. Order changes no size, so sizing may leave it out.
   */
  shuffle?: <T>(items: readonly T[]) => T[];
}

/** GREASE values BoringSSL draws once per connection, one per place it puts them (RFC 8701 §3). */
export type GreaseSlot = 'cipher' | 'group' | 'extension1' | 'extension2' | 'version' | 'signature';

/** Where a hello's random contents come from. */
export interface HelloRandom {
  bytes(length: number): Uint8Array;
  grease(slot: GreaseSlot): number;
}

/** An extension with the name the model reports it by. */
export interface NamedExtension extends HelloExtension {
  name: string;
}

/** What a profile writes, before the generic steps (OpenSSL's padding) are applied. */
export interface ClientHelloDraft {
  sessionIdLength: number;
  cipherSuites: readonly number[];
  extensions: NamedExtension[];
  /** OpenSSL's SSL_OP_TLSEXT_PADDING (RFC 7685): a hello of 256 to 511 bytes is padded to 512. */
  padTo512?: boolean;
  /** BoringSSL's extension permutation: the order is drawn per connection (context.shuffle). */
  permutesExtensions?: boolean;
}

export type ClientHelloWriter = (context: ClientHelloContext, random: HelloRandom) => ClientHelloDraft;

const TLS12 = 0x0303;
const TLS13 = 0x0304;
const EMPTY = new Uint8Array(0);

function u16s(prefix: 1 | 2, values: readonly number[]): Uint8Array {
  const list = new ByteWriter();
  for (const value of values) list.u16(value);
  return new ByteWriter().vector(prefix, list.finish()).finish();
}

function named(name: string, type: number, body: Uint8Array = EMPTY): NamedExtension {
  return { name, type, body };
}

/** RFC 6066 §3: server_name_list, one host_name entry. Absent for an IP literal. */
function serverName(context: ClientHelloContext): NamedExtension[] {
  if (!context.serverName) return [];
  return [named('server_name', 0x0000, new ByteWriter().vector(2, new ByteWriter().u8(0).vector(2, ascii(context.serverName)).finish()).finish())];
}

/** RFC 7301 §3.1: protocol_name_list of 1-byte-prefixed names; none offered, no extension. */
function alpn(context: ClientHelloContext): NamedExtension[] {
  if (context.alpn.length === 0) return [];
  const names = new ByteWriter();
  for (const protocol of context.alpn) names.vector(1, ascii(protocol));
  return [named('application_layer_protocol_negotiation', 0x0010, new ByteWriter().vector(2, names.finish()).finish())];
}

/** RFC 8446 §4.2.8: KeyShareClientHello, one entry per group: group 2, key_exchange <2>. */
function keyShare(shares: readonly (readonly [number, number])[], random: HelloRandom): NamedExtension {
  const entries = new ByteWriter();
  for (const [group, length] of shares) entries.u16(group).vector(2, random.bytes(length));
  return named('key_share', 0x0033, new ByteWriter().vector(2, entries.finish()).finish());
}

/**
 * RFC 8446 §4.2.11: one identity (the ticket and its obfuscated age) and its binder, as long
 * as the suite's hash. Always the last extension (RFC 8446 §4.2.11: "MUST be the last").
 */
function preSharedKey(context: ClientHelloContext, random: HelloRandom): NamedExtension[] {
  if (context.maxVersion !== '1.3' || context.ticketLength === undefined) return [];
  const identities = new ByteWriter().vector(2, random.bytes(context.ticketLength)).bytes(random.bytes(4)).finish();
  const binders = new ByteWriter().vector(1, random.bytes(context.binderLength ?? 32)).finish();
  return [named('pre_shared_key', 0x0029, new ByteWriter().vector(2, identities).vector(2, binders).finish())];
}

function earlyData(context: ClientHelloContext): NamedExtension[] {
  return context.earlyData ? [named('early_data', 0x002a)] : [];
}

/* ---- OpenSSL 3.0 (Node and curl) ---------------------------------------------------------- */

/** OpenSSL 3.0's default signature_algorithms, 20 schemes, as both captures list them. */
const OPENSSL_SIGNATURE_ALGORITHMS = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b, 0x0804, 0x0805,
  0x0806, 0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602,
];
/** x25519, secp256r1, x448, secp521r1, secp384r1, and ffdhe2048..8192 when TLS 1.3 is offered (OpenSSL drops them for 1.2). */
const OPENSSL_GROUPS_TLS12 = [0x001d, 0x0017, 0x001e, 0x0019, 0x0018];
const OPENSSL_GROUPS_TLS13 = [...OPENSSL_GROUPS_TLS12, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104];
const OPENSSL_TLS13_SUITES = [0x1302, 0x1303, 0x1301];

/** How Node and curl set up OpenSSL: the rest is OpenSSL's own, in its ext_defs order (ssl/statem/extensions.c). */
interface OpensslClient {
  tls12Suites: readonly number[];
  /** session_ticket sent (empty, or the 1.2 ticket, RFC 5077 §3.2); off with SSL_OP_NO_TICKET. */
  sessionTicket: boolean;
  /** post_handshake_auth (RFC 8446 §4.2.6), when 1.3 is offered. */
  postHandshakeAuth: boolean;
  /** supported_versions when 1.3 is offered, highest first. */
  versions: readonly number[];
  padTo512: boolean;
}

/**
 * An OpenSSL 3.0 ClientHello. A 32-byte session id when 1.3 is offered (RFC 8446 §D.4
 * compatibility mode) or a 1.2 session is resumed; ALPN only when the caller sets one.
 */
function opensslHello(client: OpensslClient): ClientHelloWriter {
  return (context, random) => {
    const tls13 = context.maxVersion === '1.3';
    return {
      sessionIdLength: tls13 || context.ticketLength !== undefined ? 32 : 0,
      cipherSuites: tls13 ? [...OPENSSL_TLS13_SUITES, ...client.tls12Suites] : client.tls12Suites,
      extensions: [
        ...serverName(context),
        named('ec_point_formats', 0x000b, Uint8Array.of(3, 0, 1, 2)), // uncompressed, ansiX962_compressed_prime, _char2
        named('supported_groups', 0x000a, u16s(2, tls13 ? OPENSSL_GROUPS_TLS13 : OPENSSL_GROUPS_TLS12)),
        ...(client.sessionTicket ? [named('session_ticket', 0x0023, !tls13 && context.ticketLength !== undefined ? random.bytes(context.ticketLength) : EMPTY)] : []),
        ...alpn(context),
        named('encrypt_then_mac', 0x0016),
        named('extended_master_secret', 0x0017),
        ...(tls13 && client.postHandshakeAuth ? [named('post_handshake_auth', 0x0031)] : []),
        named('signature_algorithms', 0x000d, u16s(2, OPENSSL_SIGNATURE_ALGORITHMS)),
        ...(tls13 ? [
          named('supported_versions', 0x002b, u16s(1, client.versions)),
          named('psk_key_exchange_modes', 0x002d, Uint8Array.of(1, 1)), // psk_dhe_ke
          keyShare([[0x001d, 32]], random), // one x25519 share
          ...earlyData(context),
        ] : []),
        ...preSharedKey(context, random),
      ],
      padTo512: client.padTo512,
    };
  };
}

/** OpenSSL's DEFAULT cipher list in Node 20 (56 suites up to TLS 1.2, SCSV 0x00ff last), as captured. */
const NODE_TLS12_SUITES = [
  0xc02f, 0xc02b, 0xc030, 0xc02c, 0x009e, 0xc027, 0x0067, 0xc028, 0x006b, 0x00a3, 0x009f, 0xcca9, 0xcca8, 0xccaa,
  0xc0af, 0xc0ad, 0xc0a3, 0xc09f, 0xc05d, 0xc061, 0xc057, 0xc053, 0x00a2, 0xc0ae, 0xc0ac, 0xc0a2, 0xc09e, 0xc05c,
  0xc060, 0xc056, 0xc052, 0xc024, 0x006a, 0xc023, 0x0040, 0xc00a, 0xc014, 0x0039, 0x0038, 0xc009, 0xc013, 0x0033,
  0x0032, 0x009d, 0xc0a1, 0xc09d, 0xc051, 0x009c, 0xc0a0, 0xc09c, 0xc050, 0x003d, 0x003c, 0x0035, 0x002f, 0x00ff,
];

/**
 * Node's tls.connect (and https, http2, ws over it) with default options: session_ticket
 * always present, no padding. ALPN: http2.connect offers h2; https and ws none.
 */
export const NODE_HELLO = opensslHello({ tls12Suites: NODE_TLS12_SUITES, sessionTicket: true, postHandshakeAuth: false, versions: [TLS13, TLS12], padTo512: false });

/** curl 7.88's own cipher list (lib/vtls/openssl.c DEFAULT_CIPHER_SELECTION on OpenSSL 3.0), 28 suites, as captured. */
const CURL_TLS12_SUITES = [
  0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b, 0xc02f, 0x009e, 0xc024, 0xc028, 0x006b, 0xc023, 0xc027,
  0x0067, 0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x00ff,
];

/**
 * curl 7.88 on OpenSSL 3.0. Differences from Node: its cipher list, no session_ticket
 * extension (curl sets SSL_OP_NO_TICKET), post_handshake_auth, four supported versions, ALPN
 * from --http2 (h2, http/1.1) or --http1.1, and OpenSSL's padding to 512 bytes, which the
 * 1.3 hello (about 340 bytes before it) always gets and the 1.2 one (about 220) never does.
 * Assumption, named: a resumed 1.2 session is offered by its 32-byte session id (tickets are
 * off); not captured, curl was run without a session cache here.
 */
export const CURL_HELLO = opensslHello({ tls12Suites: CURL_TLS12_SUITES, sessionTicket: false, postHandshakeAuth: true, versions: [TLS13, TLS12, 0x0302, 0x0301], padTo512: true });

/* ---- BoringSSL (Chromium) -------------------------------------------------------------------- */

/** GREASE, then TLS 1.3 and the 1.2 suites Chrome keeps; the same in every capture. */
const CHROMIUM_SUITES = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
/** After a GREASE value: ML-DSA-44/65/87 (0x0904-0x0906), then the eight classic schemes. */
const CHROMIUM_SIGNATURE_ALGORITHMS = [0x0904, 0x0905, 0x0906, 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601];
const X25519MLKEM768 = 0x11ec;
/** X25519MLKEM768 client share: ML-KEM-768 encapsulation key (1184) + X25519 (32) (draft-kwiatkowski-tls-ecdhe-mlkem §4). */
const X25519MLKEM768_SHARE = 1216;
/**
 * trust_anchors (0xca34, draft-ietf-tls-trust-anchor-ids): 28 trust anchor ids of the Chrome
 * Root Store, 186 bytes, identical in every capture of Chromium 156 (Chrome 154 and later send
 * them sorted; the list follows the root store the component updater installs, so another
 * installation may send another list).
 */
const CHROMIUM_TRUST_ANCHORS = Buffer.from(
  '00b80582df1302010582df1302060582df13020d0582df13020e0582df13020f0582df1302120582df1302130582df13021408839a648c9b2d01'
  + '0708839a648c9b2d010808839a648c9b2d010908839a648c9b2d010a08839a648c9b2d010b08839a648c9b2d010c08839a648c9b2d010d08839a'
  + '648c9b2d011208839a648c9b2d011304d679090104d679090404d679090504d679090604d679090704d679090804d679090a04d679090b04d679'
  + '090c04d679090d04d679090f', 'hex');
/** ECH GREASE payload: 32 x a random 4..7, plus the 16-byte AEAD tag (BoringSSL setup_ech_grease). */
export const ECH_GREASE_PAYLOADS = [144, 176, 208, 240] as const;

/**
 * Chromium (BoringSSL) with its network-stack settings. Per connection it draws:
 *   - GREASE values (RFC 8701 §2: the sixteen values 0x0A0A, 0x1A1A, ... 0xFAFA; BoringSSL makes
 *     each from one random byte, (byte & 0xF0) | 0x0A, repeated): a cipher suite first; an empty extension first and a
 *     one-byte one last (never the same value); a supported_versions entry; a group in
 *     supported_groups and key_share (the same value, with a 1-byte share); and, since about
 *     Chrome 152, a signature algorithm first in signature_algorithms;
 *   - the order of every extension between the two GREASE ones (BoringSSL's extension
 *     permutation, Chrome 110 and later); pre_shared_key, when resuming, stays last;
 *   - the ECH GREASE config id, enc and payload, and the payload's length (4 sizes).
 * Everything else is constant: 15 suites, 17 extensions (16 with no SNI), their contents.
 * No padding extension: BoringSSL pads only hellos of 256 to 511 bytes, and this one is ~1.9 KB.
 * ALPS (application_settings, new codepoint 0x44cd) goes with h2 only.
 * Assumption, named: with the model's TLS 1.2 (a server that stops at 1.2), Chrome sends this
 * same hello, 1.3 offered, since it has no 1.2-only setting; only a 1.2 ticket, when it
 * resumes one, changes it (session_ticket). Not captured: the servers here all spoke 1.3.
 */
export const CHROMIUM_HELLO: ClientHelloWriter = (context, random) => {
  const group = random.grease('group');
  const extension1 = random.grease('extension1');
  let extension2 = random.grease('extension2');
  if (extension2 === extension1) extension2 ^= 0x1010; // BoringSSL keeps the two GREASE extensions distinct
  const ech = new ByteWriter().u8(0).u16(0x0001).u16(0x0001) // outer ClientHello, HKDF-SHA256, AES-128-GCM
    .bytes(random.bytes(1)).vector(2, random.bytes(32)).vector(2, random.bytes(context.pick(ECH_GREASE_PAYLOADS))).finish();
  return {
    sessionIdLength: 32,
    cipherSuites: [random.grease('cipher'), ...CHROMIUM_SUITES],
    extensions: [
      named('GREASE', extension1),
      ...serverName(context),
      named('extended_master_secret', 0x0017),
      named('renegotiation_info', 0xff01, Uint8Array.of(0)),
      named('supported_groups', 0x000a, u16s(2, [group, X25519MLKEM768, 0x001d, 0x0017, 0x0018])),
      named('ec_point_formats', 0x000b, Uint8Array.of(1, 0)),
      // Carries the ticket when resuming a TLS 1.2 session (RFC 5077 §3.1); 1.3 uses pre_shared_key.
      named('session_ticket', 0x0023, context.maxVersion === '1.2' && context.ticketLength !== undefined ? random.bytes(context.ticketLength) : EMPTY),
      ...alpn(context),
      named('status_request', 0x0005, Uint8Array.of(1, 0, 0, 0, 0)), // OCSP, no responder ids, no extensions
      named('signature_algorithms', 0x000d, u16s(2, [random.grease('signature'), ...CHROMIUM_SIGNATURE_ALGORITHMS])),
      named('signed_certificate_timestamp', 0x0012),
      keyShare([[group, 1], [X25519MLKEM768, X25519MLKEM768_SHARE], [0x001d, 32]], random),
      named('psk_key_exchange_modes', 0x002d, Uint8Array.of(1, 1)),
      named('supported_versions', 0x002b, u16s(1, [random.grease('version'), TLS13, TLS12])),
      named('compress_certificate', 0x001b, Uint8Array.of(2, 0x00, 0x02)), // brotli (RFC 8879)
      ...(context.alpn.includes('h2') ? [named('application_settings', 0x44cd, new ByteWriter().vector(2, new ByteWriter().vector(1, ascii('h2')).finish()).finish())] : []),
      named('encrypted_client_hello', 0xfe0d, ech),
      named('trust_anchors', 0xca34, CHROMIUM_TRUST_ANCHORS),
      ...earlyData(context),
      named('GREASE', extension2, Uint8Array.of(0)),
      ...preSharedKey(context, random),
    ],
    permutesExtensions: true,
  };
};

/** The extensions BoringSSL permutes: all but the GREASE ones at either end and pre_shared_key. */
export function permutable(name: string): boolean {
  return name !== 'GREASE' && name !== 'pre_shared_key';
}

/** The hello's fields, and its extensions' names in wire order, OpenSSL's padding applied. */
export function writeClientHello(writer: ClientHelloWriter, context: ClientHelloContext, random: HelloRandom, order?: readonly string[]): { fields: ClientHelloFields; names: string[] } {
  const draft = writer(context, random);
  let extensions = order ? reorder(draft.extensions, order) : draft.permutesExtensions && context.shuffle ? shuffled(draft.extensions, context.shuffle) : draft.extensions;
  const helloRandom = random.bytes(32);
  const sessionId = random.bytes(draft.sessionIdLength);
  const fields = (list: readonly HelloExtension[]): ClientHelloFields => ({
    legacyVersion: TLS12, random: helloRandom, sessionId, cipherSuites: draft.cipherSuites, compressionMethods: Uint8Array.of(0), extensions: list,
  });
  const length = encodeClientHello(fields(extensions)).length;
  // OpenSSL (tls_construct_ctos_padding): a hello of 256..511 bytes, the PSK counted, grows to 512
  // with a padding extension written before pre_shared_key; its 4-byte header alone may overshoot.
  if (draft.padTo512 && length > 0xff && length < 0x200) {
    const padding = named('padding', 0x0015, new Uint8Array(Math.max(0, 0x200 - length - 4)));
    const psk = extensions.findIndex((extension) => extension.name === 'pre_shared_key');
    extensions = psk < 0 ? [...extensions, padding] : [...extensions.slice(0, psk), padding, ...extensions.slice(psk)];
  }
  return { fields: fields(extensions), names: extensions.map((extension) => extension.name) };
}

/** Chromium's per-connection order: the permutable extensions shuffled in place, the rest where they are. */
function shuffled(extensions: readonly NamedExtension[], shuffle: NonNullable<ClientHelloContext['shuffle']>): NamedExtension[] {
  const movable = shuffle(extensions.filter((extension) => permutable(extension.name)));
  return extensions.map((extension) => (permutable(extension.name) ? movable.shift()! : extension));
}

/** The extensions in the order a trace recorded (GREASE names matched by position); padding is added afterwards. */
function reorder(extensions: readonly NamedExtension[], order: readonly string[]): NamedExtension[] {
  const left = [...extensions];
  const out = order.filter((name) => name !== 'padding').map((name) => {
    const index = left.findIndex((extension) => extension.name === name);
    invariant(index >= 0, `ClientHello: the trace names extension ${name}, the profile writes none`);
    return left.splice(index, 1)[0];
  });
  invariant(left.length === 0, `ClientHello: the profile writes ${left.map((extension) => extension.name).join(', ')}, the trace does not name them`);
  return out;
}

/** Zeros for bytes and 0x0a0a for GREASE: what sizing needs (no size depends on a random value). */
export const SIZING_RANDOM: HelloRandom = { bytes: (length) => new Uint8Array(length), grease: () => 0x0a0a };

/**
 * Random contents from a seeded generator; GREASE values as BoringSSL derives them, one
 * random byte per slot made into 0x?A?A (ssl_get_grease_value).
 */
export function seededHelloRandom(random: Random): HelloRandom {
  const seeds = new Map<GreaseSlot, number>();
  return {
    bytes: (length) => random.bytes(length),
    grease: (slot) => {
      if (!seeds.has(slot)) seeds.set(slot, random.bytes(1)[0]);
      const value = (seeds.get(slot)! & 0xf0) | 0x0a;
      return (value << 8) | value;
    },
  };
}
