import { oneOf } from '../validate';

/*
 * Client and server TLS profiles: what decides the size of every handshake message.
 *
 * `node` is Node.js 20 on OpenSSL 3.0 with default options, read field by field from real
 * ClientHello/ServerHello messages captured on loopback (test/simulator/net/tls.realNode.test.ts
 * compares every record size with a live node:tls exchange). `browser` is Chrome 131+ (desktop),
 * from published dumps; sources are cited next to each number.
 */

export type TlsVersion = '1.2' | '1.3';
export const TLS_VERSIONS: readonly TlsVersion[] = ['1.2', '1.3'];

/** One ClientHello extension: its name and the length of its body (the 4-byte type+length header is added). */
export interface ExtensionSize {
  name: string;
  length: number;
}

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
  /** Seeded choice for randomised fields (Chrome's ECH GREASE payload size). */
  pick: (choices: readonly number[]) => number;
}

export interface TlsClientProfile {
  name: string;
  description: string;
  /** Cipher suites offered (entries, not bytes) when TLS 1.3 is offered, and when only 1.2 is. */
  cipherSuitesTls13: number;
  cipherSuitesTls12Only: number;
  /** legacy_session_id: 32 bytes when 1.3 is offered (middlebox compatibility, RFC 8446 §4.1.2). */
  sessionIdLength: (context: ClientHelloContext) => number;
  extensions: (context: ClientHelloContext) => ExtensionSize[];
  /** Suites this client prefers (and a server honouring client order picks). */
  preferredTls13Suite: CipherSuite;
  preferredTls12Suite: CipherSuite;
  /**
   * TLS False Start (RFC 7918): application data right after the client's Finished in a
   * full 1.2 handshake, saving a round trip. Chrome does it; OpenSSL clients do not.
   */
  falseStart: boolean;
  /** ALPN protocols the client offers by default. */
  alpn: readonly string[];
  /**
   * OpenSSL's padding extension (SSL_OP_TLSEXT_PADDING, RFC 7685), which curl turns on: a
   * ClientHello of 256 to 511 bytes is padded to 512, working around middleboxes that choke on
   * that range.
   */
  padTo512?: boolean;
}

export interface CipherSuite {
  name: string;
  /** The suite's number on the wire, as the ServerHello names it (IANA TLS Cipher Suites registry). */
  code: number;
  /** The TLS version the suite belongs to (1.3 suites name no key exchange). */
  version: TlsVersion;
  /** Transcript hash length: the TLS 1.3 Finished and PSK binder length. */
  hashLength: number;
  /** TLS 1.2 per-record explicit nonce (8 for AES-GCM, RFC 5288 §3; 0 for ChaCha20-Poly1305, RFC 7905). */
  explicitNonceLength: number;
  /** AEAD tag (16 for AES-GCM and ChaCha20-Poly1305). */
  tagLength: number;
}

export const CIPHER_SUITES = {
  TLS_AES_128_GCM_SHA256: { name: 'TLS_AES_128_GCM_SHA256', code: 0x1301, version: '1.3', hashLength: 32, explicitNonceLength: 0, tagLength: 16 },
  TLS_AES_256_GCM_SHA384: { name: 'TLS_AES_256_GCM_SHA384', code: 0x1302, version: '1.3', hashLength: 48, explicitNonceLength: 0, tagLength: 16 },
  TLS_CHACHA20_POLY1305_SHA256: { name: 'TLS_CHACHA20_POLY1305_SHA256', code: 0x1303, version: '1.3', hashLength: 32, explicitNonceLength: 0, tagLength: 16 },
  'ECDHE-RSA-AES128-GCM-SHA256': { name: 'ECDHE-RSA-AES128-GCM-SHA256', code: 0xc02f, version: '1.2', hashLength: 32, explicitNonceLength: 8, tagLength: 16 },
  'ECDHE-RSA-AES256-GCM-SHA384': { name: 'ECDHE-RSA-AES256-GCM-SHA384', code: 0xc030, version: '1.2', hashLength: 48, explicitNonceLength: 8, tagLength: 16 },
  // ChaCha20-Poly1305 derives its nonce from the sequence number: no explicit nonce (RFC 7905 §2).
  'ECDHE-RSA-CHACHA20-POLY1305': { name: 'ECDHE-RSA-CHACHA20-POLY1305', code: 0xcca8, version: '1.2', hashLength: 32, explicitNonceLength: 0, tagLength: 16 },
} as const satisfies Record<string, CipherSuite>;

export type CipherSuiteName = keyof typeof CIPHER_SUITES;

function sni(context: ClientHelloContext): ExtensionSize[] {
  // server_name_list length 2 + name type 1 + name length 2 + name (RFC 6066 §3).
  return context.serverName ? [{ name: 'server_name', length: 5 + context.serverName.length }] : [];
}

function alpn(context: ClientHelloContext): ExtensionSize[] {
  if (context.alpn.length === 0) return [];
  return [{ name: 'application_layer_protocol_negotiation', length: 2 + context.alpn.reduce((sum, protocol) => sum + 1 + protocol.length, 0) }];
}

function preSharedKey(context: ClientHelloContext): ExtensionSize[] {
  if (context.maxVersion !== '1.3' || context.ticketLength === undefined) return [];
  // identities: 2 + (2 + ticket + 4 obfuscated age); binders: 2 + (1 + hash) (RFC 8446 §4.2.11). Always last.
  return [{ name: 'pre_shared_key', length: 2 + 2 + context.ticketLength + 4 + 2 + 1 + (context.binderLength ?? 32) }];
}

const NODE_PROFILE: TlsClientProfile = {
  name: 'node',
  description: 'Node.js 20 (OpenSSL 3.0) https/tls client with default options',
  // 56 TLS 1.2-and-older suites from OpenSSL's DEFAULT list, plus the 3 TLS 1.3 suites when 1.3 is enabled.
  cipherSuitesTls13: 59,
  cipherSuitesTls12Only: 56,
  sessionIdLength: (context) => (context.maxVersion === '1.3' || context.ticketLength !== undefined ? 32 : 0),
  extensions: (context) => {
    const tls13 = context.maxVersion === '1.3';
    return [
      ...sni(context),
      { name: 'ec_point_formats', length: 4 }, // uncompressed, ansiX962_compressed_prime, ansiX962_compressed_char2
      // x25519, secp256r1, x448, secp521r1, secp384r1 (+ ffdhe2048..8192 when 1.3 is offered).
      { name: 'supported_groups', length: tls13 ? 22 : 12 },
      { name: 'session_ticket', length: !tls13 && context.ticketLength !== undefined ? context.ticketLength : 0 },
      ...alpn(context),
      { name: 'encrypt_then_mac', length: 0 },
      { name: 'extended_master_secret', length: 0 },
      { name: 'signature_algorithms', length: 42 }, // 20 schemes
      ...(tls13
        ? [
            { name: 'supported_versions', length: 5 }, // 1.3, 1.2
            { name: 'psk_key_exchange_modes', length: 2 },
            { name: 'key_share', length: 38 }, // one x25519 share: 2 + 2 + 2 + 32
            ...(context.earlyData ? [{ name: 'early_data', length: 0 }] : []),
          ]
        : []),
      ...preSharedKey(context),
    ];
  },
  preferredTls13Suite: CIPHER_SUITES.TLS_AES_256_GCM_SHA384,
  preferredTls12Suite: CIPHER_SUITES['ECDHE-RSA-AES256-GCM-SHA384'],
  falseStart: false,
  alpn: [],
};

/**
 * curl 7.88 on OpenSSL 3.0 (Debian 12), read off its real ClientHello on loopback
 * (test/simulator/net/tls.curl.test.ts compares the size with the curl on the machine):
 * its own cipher list, ALPN h2 and http/1.1, post-handshake auth, four supported versions,
 * no session ticket extension, and OpenSSL's padding to 512 bytes.
 */
const CURL_PROFILE: TlsClientProfile = {
  name: 'curl',
  description: 'curl 7.88 on OpenSSL 3.0, default options',
  cipherSuitesTls13: 31,
  cipherSuitesTls12Only: 28,
  sessionIdLength: (context) => (context.maxVersion === '1.3' ? 32 : 0),
  extensions: (context) => {
    const tls13 = context.maxVersion === '1.3';
    return [
      ...sni(context),
      { name: 'ec_point_formats', length: 4 },
      { name: 'supported_groups', length: tls13 ? 22 : 12 },
      ...alpn(context),
      { name: 'encrypt_then_mac', length: 0 },
      { name: 'extended_master_secret', length: 0 },
      ...(tls13 ? [{ name: 'post_handshake_auth', length: 0 }] : []),
      { name: 'signature_algorithms', length: 42 },
      ...(tls13
        ? [
            { name: 'supported_versions', length: 9 }, // 1.3, 1.2, 1.1, 1.0
            { name: 'psk_key_exchange_modes', length: 2 },
            { name: 'key_share', length: 38 },
            ...(context.earlyData ? [{ name: 'early_data', length: 0 }] : []),
          ]
        : []),
      ...preSharedKey(context),
    ];
  },
  preferredTls13Suite: CIPHER_SUITES.TLS_AES_256_GCM_SHA384,
  preferredTls12Suite: CIPHER_SUITES['ECDHE-RSA-AES256-GCM-SHA384'],
  falseStart: false,
  alpn: ['h2', 'http/1.1'],
  padTo512: true,
};

/**
 * Chrome 131+ on desktop (BoringSSL), from tls.peet.ws / browserleaks dumps of Chrome 141 and
 * 143 and a Wireshark capture that matches this sum to the byte (record length 1810 for a
 * 9-character host with a 240-byte ECH GREASE payload). Chrome shuffles extension order,
 * which changes no size. Post-quantum X25519MLKEM768 (0x11EC) share: 1216 bytes (Chrome 131,
 * "A new path for Kyber on the web", Google Security Blog). No padding extension: BoringSSL
 * only padded hellos of 256-511 bytes, and a post-quantum hello is far larger.
 */
const BROWSER_PROFILE: TlsClientProfile = {
  name: 'browser',
  description: 'Chrome 131+ desktop (BoringSSL, X25519MLKEM768 key share, h2 and http/1.1 offered)',
  cipherSuitesTls13: 16, // GREASE + 15 suites (JA4 t13d1516h2)
  cipherSuitesTls12Only: 16,
  sessionIdLength: () => 32,
  extensions: (context) => [
    { name: 'GREASE', length: 0 },
    // GREASE share (1 byte) + X25519MLKEM768 (1216) + X25519 (32), each with a 4-byte header, + 2 list length.
    { name: 'key_share', length: 2 + (4 + 1) + (4 + 1216) + (4 + 32) },
    ...sni(context),
    { name: 'supported_groups', length: 12 }, // GREASE, X25519MLKEM768, x25519, secp256r1, secp384r1
    // Carries the ticket when resuming a TLS 1.2 session (RFC 5077 §3.1); 1.3 uses pre_shared_key.
    { name: 'session_ticket', length: context.maxVersion === '1.2' && context.ticketLength !== undefined ? context.ticketLength : 0 },
    { name: 'application_layer_protocol_negotiation', length: 14 }, // h2, http/1.1
    { name: 'psk_key_exchange_modes', length: 2 },
    { name: 'status_request', length: 5 },
    { name: 'extended_master_secret', length: 0 },
    { name: 'application_settings', length: 5 }, // ALPS 17613: h2
    // ECH GREASE: 42 fixed bytes + a payload of 144, 176, 208 or 240 (BoringSSL setup_ech_grease).
    { name: 'encrypted_client_hello', length: 42 + context.pick([144, 176, 208, 240]) },
    { name: 'renegotiation_info', length: 1 },
    { name: 'compress_certificate', length: 3 }, // brotli
    { name: 'signed_certificate_timestamp', length: 0 },
    { name: 'signature_algorithms', length: 18 }, // 8 schemes
    { name: 'ec_point_formats', length: 2 },
    { name: 'supported_versions', length: 7 }, // GREASE, 1.3, 1.2
    ...(context.earlyData ? [{ name: 'early_data', length: 0 }] : []),
    { name: 'GREASE', length: 1 },
    ...preSharedKey(context),
  ],
  preferredTls13Suite: CIPHER_SUITES.TLS_AES_128_GCM_SHA256,
  preferredTls12Suite: CIPHER_SUITES['ECDHE-RSA-AES128-GCM-SHA256'],
  falseStart: true,
  alpn: ['h2', 'http/1.1'],
};

/** Chrome on Android: the same BoringSSL ClientHello as desktop (a browserleaks dump of Chrome 143 on Android shows the same extension set). */
const MOBILE_PROFILE: TlsClientProfile = { ...BROWSER_PROFILE, name: 'mobile', description: 'Chrome 131+ on Android (same TLS stack as desktop Chrome)' };

export const CLIENT_PROFILES = { node: NODE_PROFILE, browser: BROWSER_PROFILE, curl: CURL_PROFILE, mobile: MOBILE_PROFILE } as const;
export type ClientProfileName = keyof typeof CLIENT_PROFILES;

export interface TlsServerProfile {
  name: string;
  description: string;
  /** DER sizes of the certificates the server sends, leaf first. */
  certificateChain: readonly number[];
  /** Signature length in CertificateVerify / ServerKeyExchange (RSA-2048: 256). */
  signatureLength: number;
  /** Key share the server answers with (x25519: 32; X25519MLKEM768: 1120). */
  keyShareLength: number;
  /** Session ticket sizes it issues, and how many. */
  ticketLengthTls13: number;
  ticketNonceLength: number;
  ticketsAfterFullHandshake: number;
  ticketsAfterResumption: number;
  ticketLengthTls12: number;
  /** Whether a TLS 1.2 abbreviated handshake re-issues a ticket. */
  renewsTls12Ticket: boolean;
  /** Whether it accepts 0-RTT data (advertised with max_early_data_size in its tickets). */
  acceptsEarlyData: boolean;
  /** ALPN protocols it selects from, most preferred first; absent: http/1.1 if offered, else the client's first. */
  alpn?: readonly string[];
  /**
   * The server's compute time from reading the ClientHello to writing its first flight (ms), by
   * version, for a full handshake (ECDHE key share, the certificate's signature, the key schedule,
   * the flight's encryption) and a resumed one (no signature). A latency the server adds before
   * its flight leaves; later flights and the client's own compute are not modelled.
   */
  handshakeComputeMs: Readonly<Record<TlsVersion, { full: number; resumed: number }>>;
}

/**
 * What node:tls (Node 20.20, OpenSSL 3.0.19, RSA-2048 certificate, X25519) took on the harness's
 * machine (an AMD EPYC virtual CPU) from the ClientHello's arrival to the first segment of its
 * flight, captured with dumpcap on loopback, median of 40 warm connections, two runs: 1.3 full
 * 0.71 and 0.79 ms, 1.3 resumed 0.36 and 0.41, 1.2 full 0.59 and 0.70, 1.2 resumed 0.24 and
 * 0.25. Of a full handshake, crypto.sign with RSA-2048 (PSS, SHA-256) takes 0.26 ms and an X25519
 * key generation and derivation 0.1 ms (median of 400). The "1 to 2 ms" is not what a
 * warm server measured here. test/simulator/net/tcpSegments.realNode.test.ts measures it again.
 */
export const NODE_HANDSHAKE_COMPUTE_MS: TlsServerProfile['handshakeComputeMs'] = {
  '1.3': { full: 0.75, resumed: 0.4 },
  '1.2': { full: 0.65, resumed: 0.25 },
};

/** Node 20 / OpenSSL 3.0 `tls.createServer` with an RSA-2048 certificate, default options. */
export function nodeServerProfile(certificateChain: readonly number[]): TlsServerProfile {
  return {
    name: 'node',
    description: 'Node.js 20 (OpenSSL 3.0) tls server, RSA-2048 certificate',
    certificateChain,
    signatureLength: 256,
    keyShareLength: 32,
    ticketLengthTls13: 240, // stateless ticket holding the session, as measured
    ticketNonceLength: 8,
    ticketsAfterFullHandshake: 2, // SSL_CTX_set_num_tickets default
    ticketsAfterResumption: 0,
    ticketLengthTls12: 192,
    renewsTls12Ticket: false,
    acceptsEarlyData: false,
    handshakeComputeMs: NODE_HANDSHAKE_COMPUTE_MS,
  };
}

/**
 * An API Gateway endpoint with an ACM certificate. The chain as *.execute-api.<region>.amazonaws.com
 * serves it has four certificates (AWS Knowledge Center eks-error-invalid-identity-token, `openssl
 * s_client -showcerts` on *.execute-api.us-east-2.amazonaws.com, depth 0 to 3):
 *   0 the leaf, ~1,481-1,495 bytes DER with three SCTs (1,488 assumed);
 *   1 the intermediate, Amazon RSA 2048 M01-M04 today (1,122 bytes each; the article's was Server CA 1B);
 *   2 Amazon Root CA 1 cross-signed by Starfield Services Root Certificate Authority - G2 (1,174 bytes);
 *   3 Starfield Services Root Certificate Authority - G2 cross-signed by Starfield Class 2
 *     Certification Authority: 1,145 bytes, read from the DER length of the PEM the article prints
 *     (`MIIEdTCC...` = 30 82 04 75, 0x475 + 4).
 * The self-signed Starfield Class 2 root is not sent. The leaf's size varies with its SCTs and
 * the intermediate with the M0x chosen: those two are assumptions of typical sizes. Key
 * exchange X25519 (legacy TLS_1_0/TLS_1_2 policies; the ML-KEM groups of the *_PQ_* policies
 * are not modelled). Ticket sizes are not published: OpenSSL's are used.
 */
export const API_GATEWAY_SERVER: TlsServerProfile = {
  name: 'apigateway',
  description: 'AWS API Gateway endpoint with an ACM RSA-2048 certificate (4-certificate chain up to Starfield Class 2)',
  certificateChain: [1488, 1122, 1174, 1145],
  signatureLength: 256,
  keyShareLength: 32,
  ticketLengthTls13: 240,
  ticketNonceLength: 8,
  ticketsAfterFullHandshake: 1,
  ticketsAfterResumption: 1,
  ticketLengthTls12: 192,
  renewsTls12Ticket: false,
  acceptsEarlyData: false,
  /*
   * h2 first: public `curl -v` transcripts of API Gateway show HTTP/2 on every endpoint type a
   * client offering h2 reaches: a Regional REST API ("HTTP/2 200", x-amzn-requestid,
   * x-amz-apigw-id, "MAX_CONCURRENT_STREAMS updated"), an edge-optimized one ("HTTP/2 201",
   * x-cache "Miss from cloudfront", via ...cloudfront.net, "MAX_CONCURRENT_STREAMS == 128"), a
   * custom domain ("HTTP/2 200" ... "MAX_CONCURRENT_STREAMS == 128") and HTTP APIs ("HTTP/2 503",
   * apigw-requestid). CloudFront, in front of edge-optimized APIs, turns HTTP/2 on for viewers by
   * default (AWS Knowledge Center cloudfront-supported-protocols). Assumption, named: private
   * APIs (through an interface VPC endpoint) answer the same way; no transcript of one was found.
   */
  alpn: ['h2', 'http/1.1'],
  /*
   * Assumption, named: not observable from outside AWS (a client sees the compute time only
   * together with the network's), and AWS publishes no figure. The same RSA-2048 signature and
   * X25519 exchange as the Node server the harness measured, so its figures are used.
   */
  handshakeComputeMs: NODE_HANDSHAKE_COMPUTE_MS,
};

export function clientProfile(name: string): TlsClientProfile {
  return CLIENT_PROFILES[oneOf('clientProfile', name, Object.keys(CLIENT_PROFILES) as ClientProfileName[])];
}
