import { oneOf } from '../validate';
import { CHROMIUM_HELLO, CURL_HELLO, NODE_HELLO, type ClientHelloWriter } from './clientHellos';
import type { TlsVersion } from './tlsVersion';

/*
 * Client and server TLS profiles: what decides the size of every handshake message.
 *
 * `node` is Node.js 20 on OpenSSL 3.0 with default options, read field by field from real
 * ClientHello/ServerHello messages captured on loopback (test/simulator/net/tls.realNode.test.ts
 * compares every record size with a live node:tls exchange). Each client's ClientHello is
 * written field by field in clientHellos.ts, from captures of the real programs; sources are
 * cited next to each number.
 */

export { TLS_VERSIONS, type TlsVersion } from './tlsVersion';
export type { ClientHelloContext } from './clientHellos';

export interface TlsClientProfile {
  name: string;
  description: string;
  /** The ClientHello it writes, field by field (clientHellos.ts). */
  hello: ClientHelloWriter;
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
  /** ALPN it offers on a connection opened for a WebSocket, when that differs from `alpn`. */
  webSocketAlpn?: readonly string[];
  /**
   * It writes its last handshake flight (ChangeCipherSpec, Finished), its HTTP/2 connection
   * preface and its first request as separate writes, so separate segments; Node writes them in one.
   */
  writesHandshakeApart?: true;
  /**
   * How far apart its first writes leave once it may write application data (after its own
   * Finished in TLS 1.3 and with False Start, after the server's Finished otherwise): the first
   * that long after that moment, each next one that long after the one before (ms; tcp.ts
   * spaceWrites). Absent: they leave together, each a segment of its own if writesHandshakeApart.
   */
  firstWriteGapsMs?: readonly number[];
  /**
   * It answers what it has read before it reads what arrived behind it, so what it writes then
   * carries the ACK its kernel would send as the socket is drained (tcp.ts answersBeforeDraining).
   * Absent: it drains the socket in one read, as Node does, and the kernel's ACK of two small
   * segments leaves before its answer.
   */
  answersBeforeDraining?: true;
  /** How it ends a connection (TlsConnection.close). */
  close: TlsClientClose;
  /**
   * The client's compute time from reading the server's first flight to writing its own next
   * flight (ms): certificate verification, the key schedule, the thread hops in between; a full
   * handshake (a certificate to verify) and a resumed one. Absent: none modelled.
   */
  serverFlightComputeMs?: Readonly<{ full: number; resumed: number }>;
}

/**
 * How a client program ends a TLS connection. RFC 8446 §6.1 asks each party to send close_notify
 * before closing its write side, but what clients do is what the fidelity harness captures.
 */
export interface TlsClientClose {
  /** It sends close_notify before its FIN when it closes first: always, never, or on a connection that is not HTTP/2. */
  sendsCloseNotify: 'always' | 'never' | 'not over h2';
  /**
   * It releases the socket as it closes (close(), Node's destroy()) rather than half-closing it
   * (Node's end()): what the server sends after, its own close_notify included, draws a RST (tcp.ts).
   */
  releasesSocket: boolean;
  /** When the server closes first, it answers the server's close_notify with its own before its FIN. */
  answersCloseNotify: boolean;
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

/**
 * A Node program that ends its TLS socket with end() (node:tls): close_notify, then a half-close
 * FIN, and it reads on, answering the server's close_notify and ACKing its FIN
 * (test/simulator/net/tlsClose.realNode.test.ts, tcpSegments.realNode.test.ts).
 */
export const NODE_TLS_END: TlsClientClose = { sendsCloseNotify: 'always', releasesSocket: false, answersCloseNotify: true };

const NODE_PROFILE: TlsClientProfile = {
  name: 'node',
  description: 'Node.js 20 (OpenSSL 3.0) https/tls client with default options',
  hello: NODE_HELLO,
  preferredTls13Suite: CIPHER_SUITES.TLS_AES_256_GCM_SHA384,
  preferredTls12Suite: CIPHER_SUITES['ECDHE-RSA-AES256-GCM-SHA384'],
  falseStart: false,
  alpn: [],
  /*
   * As the harness's Node client plays https (simulator/fidelity/nodeClient.ts): the kept-alive
   * agent's socket is destroyed when the application is done, as Agent#destroy and the agent's
   * idle timeout do: a FIN with no close_notify (the harness's captures of node × REST and HTTP:
   * the client's records end with the request; the stand-in's close_notify then draws a RST).
   * A closing server's close_notify is answered (node:tls ends its side on reading the end of
   * stream): the captures of node × WebSocket show ws's client sending close_notify, then FIN.
   */
  close: { sendsCloseNotify: 'never', releasesSocket: true, answersCloseNotify: true },
};

/**
 * curl 7.88 on OpenSSL 3.0 (Debian 12), read off its real ClientHello on loopback
 * (test/simulator/net/clientHello.realClients.test.ts compares it with the curl on the machine).
 */
const CURL_PROFILE: TlsClientProfile = {
  name: 'curl',
  description: 'curl 7.88 on OpenSSL 3.0, default options',
  hello: CURL_HELLO,
  preferredTls13Suite: CIPHER_SUITES.TLS_AES_256_GCM_SHA384,
  preferredTls12Suite: CIPHER_SUITES['ECDHE-RSA-AES256-GCM-SHA384'],
  falseStart: false,
  alpn: ['h2', 'http/1.1'],
  /*
   * Three writes, three segments, after the server's flight (the fidelity harness's captures of
   * Chromium 156 and curl 7.88 on loopback): ChangeCipherSpec + Finished (64 bytes), the h2
   * preface with SETTINGS and WINDOW_UPDATE (92 and 86 bytes, a TLS record of its own), then the
   * request's HEADERS.
   */
  writesHandshakeApart: true,
  /*
   * Its preface 0.13 to 0.16 ms after its Finished (TLS 1.3; median 0.14 of five captures on the
   * harness's client leg), the request 0.05 to 0.08 ms after that (median 0.06). Over TLS 1.2,
   * where it waits for the server's Finished, the preface left 0.31 to 0.67 ms after that arrived
   * (median 0.37 of five) and the request 0.10 after; the 1.3 figures stand for both.
   */
  firstWriteGapsMs: [0.14, 0.06],
  /*
   * OpenSSL reads a record at a time: curl answers the server's SETTINGS (its SETTINGS ACK) before
   * it reads the record behind it, and over TLS 1.2 writes its preface and request before it reads
   * the SETTINGS that came with the server's Finished. No pure ACK left before those answers in 16
   * captures of curl × REST and HTTP; in six of them (TLS 1.2) the server's Finished and SETTINGS
   * had arrived as two small segments, which a draining read would have ACKed.
   */
  answersBeforeDraining: true,
  /*
   * From the server's flight reaching it to its Finished: 1.3 to 2.2 ms on the harness's client leg
   * (ten captures, TLS 1.2 and 1.3, median 1.99), with --insecure, so OpenSSL parses the chain and
   * does the key exchange but verifies no signature chain to a root: a verifying curl takes a
   * little longer (not measured). Assumption, named: a resumed handshake 0.5 ms (the key schedule
   * alone; not measured).
   */
  serverFlightComputeMs: { full: 2, resumed: 0.5 },
  /*
   * curl 7.88 closes an HTTP/2 connection with a FIN and no close_notify, and the stand-in's
   * close_notify then draws a RST (the harness's captures of curl × REST and HTTP, both h2): its
   * h2 connection filter did not pass the close on to the TLS filter below it (curl/curl pull
   * request 11858, September 2023: "fix http2 and h2-proxy filter to call the next filters on
   * close"; which release first carried the change was not checked). Over HTTP/1.1 the TLS filter's close calls SSL_shutdown, so a
   * close_notify leaves (curl/curl issue 17038 shows 7.88.1 sending one). Assumption, named: it
   * does not answer a server's close_notify on an h2 connection either (the same filter chain;
   * not captured: the harness has no row where the server closes first for curl).
   */
  close: { sendsCloseNotify: 'not over h2', releasesSocket: true, answersCloseNotify: false },
};

/**
 * Chromium 156 (BoringSSL) as Debian 12 ships it, read off its real ClientHello on loopback
 * (clientHello.realClients.test.ts): GREASE, an X25519MLKEM768 (0x11EC) share of 1,216 bytes
 * beside x25519 ("A new path for Kyber on the web", Google Security Blog, Chrome 131), ECH
 * GREASE, trust_anchors, extensions permuted per connection. Record length 1,924 to 2,020
 * bytes for a 16-character host name, with the ECH GREASE payload the only size that varies.
 */
const BROWSER_PROFILE: TlsClientProfile = {
  name: 'browser',
  description: 'Chromium 156 desktop (BoringSSL, X25519MLKEM768 key share, h2 and http/1.1 offered)',
  hello: CHROMIUM_HELLO,
  preferredTls13Suite: CIPHER_SUITES.TLS_AES_128_GCM_SHA256,
  preferredTls12Suite: CIPHER_SUITES['ECDHE-RSA-AES128-GCM-SHA256'],
  falseStart: true,
  alpn: ['h2', 'http/1.1'],
  /*
   * A WebSocket gets a connection of its own offering http/1.1 alone, and so no ALPS either
   * (application_settings goes with h2): the fidelity harness's capture of Chromium 156 opening
   * `new WebSocket('wss://…')` has a hello 12 bytes shorter than its fetch()es', ALPN ["http/1.1"].
   */
  webSocketAlpn: ['http/1.1'],
  /*
   * Three writes, three segments, after the server's flight (the fidelity harness's captures of
   * Chromium 156 and curl 7.88 on loopback): ChangeCipherSpec + Finished (64 bytes), the h2
   * preface with SETTINGS and WINDOW_UPDATE (92 and 86 bytes, a TLS record of its own), then the
   * request's HEADERS.
   */
  writesHandshakeApart: true,
  /*
   * Its first write (the h2 preface, or a WebSocket's Upgrade request) 0.23 to 0.98 ms after its
   * Finished in 21 of 24 captures on the harness's client leg (TLS 1.2 with False Start and 1.3;
   * median 0.57, up to 3.4 ms under load), its first request 0.30 to 3.3 ms after the preface
   * (median 0.87 of 16): separate turns of its network thread.
   */
  firstWriteGapsMs: [0.6, 0.9],
  /*
   * Its network thread reads what has arrived, processes it (0.3 to 0.7 ms on the harness's
   * machine), writes its answer, then reads again: its SETTINGS ACK left with no pure ACK before it
   * in 7 of 8 captures of browser × REST and HTTP over TLS 1.3, in two of them with a second small
   * segment already in; in the eighth, the second segment came 1.3 ms after the first, and was
   * read (and ACKed) before the answer.
   */
  answersBeforeDraining: true,
  /*
   * Chromium sends no close_notify, closing first or answering: the harness's captures of
   * browser × REST and HTTP end the client's records with its last request, its FIN follows and
   * the stand-in's close_notify draws a RST; in browser × WebSocket it ACKs the stand-in's close
   * frame and close_notify and sends its FIN with no alert of its own. It closes as it reads the
   * close_notify (0.1 to 0.6 ms after it on the client's leg of six captures, TLS 1.2 and 1.3),
   * not waiting for the server's FIN; the model's server writes its FIN right behind its alert,
   * as the stand-in does (0 to 0.2 ms later), so the model's browser answers that FIN. In the
   * harness the relay passes the FIN 0.5 to 2 ms after the alert (a user-space relay reads them
   * in separate turns, each on its own 1 ms timer), and in three of the six Chromium's FIN left
   * first and crossed it: the instrument's doing, not modelled.
   */
  close: { sendsCloseNotify: 'never', releasesSocket: true, answersCloseNotify: false },
  /*
   * Chromium verifies the server's chain (its built-in verifier, on a worker thread, even with
   * --ignore-certificate-errors) before its Finished leaves. Measured on the harness's machine (2
   * shared vCPUs, load 8 to 10 from other work throughout): fresh full TLS 1.3 handshakes to distinct
   * hosts on loopback, from the server's TCP accept to the client's Finished, 33 connections after
   * each browser's first (3 browsers): min 4.0 ms, quartiles 6.6 / 10.9 / 23.3, max 114; less the
   * node:tls server's 0.75 ms, Chromium's part is 3.2 ms at best. In the harness (20 ms each way) the
   * flight's arrival to the Finished took 3.6 to 14.4 ms on the six browser rows, TLS 1.2 as 1.3.
   * On the same machine with nothing else running (tlsClientCompute.realBrowser.test.ts, 16
   * connections a run): minimum 1.6 to 2.5 ms, median 1.5 to 5.6 ms over ten runs (1.5 and 2.3 in
   * the two CI runs). Assumption, named: 2 ms, about the quiet machine's median, not its loaded
   * one (10 ms); a
   * resumed handshake (no certificate) is not measured and taken as 1 ms (the key schedule and the
   * same thread hops). The first connection of a fresh browser takes longer (33 to 110 ms: the
   * verifier and trust store are readied), which a page loaded over HTTPS has already paid.
   */
  serverFlightComputeMs: { full: 2, resumed: 1 },
};

/**
 * Chrome on Android: the same BoringSSL ClientHello as desktop. Published dumps show the same
 * extension set (browserleaks, Chrome 143 on Android: JA4 t13d1516h2_8daaf6152771, before
 * trust_anchors). Assumption, named: Android's Chrome of the same version sends the same
 * hello as the desktop Chromium captured here; no Android device was captured.
 */
const MOBILE_PROFILE: TlsClientProfile = { ...BROWSER_PROFILE, name: 'mobile', description: 'Chrome on Android (same TLS stack as desktop Chromium)' };

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
  /**
   * The server's time from reading the client's Finished to writing its answer (TLS 1.3 tickets;
   * TLS 1.2 NewSessionTicket, ChangeCipherSpec, Finished) and starting its application. What it
   * read with the Finished (an HTTP/2 preface in the same read) is answered in that write; what
   * arrives meanwhile is read when it is done (tcp.ts busyUntil), and answered apart. Absent: 0.
   */
  finishedComputeMs?: number;
  /**
   * A WebSocket server's time from writing its close frame, as the peer of a client's close, to
   * ending its socket (TLS close_notify, then the FIN): websocketServerClose.ts. Absent: 0, the
   * close_notify leaves in the close frame's instant, as separate writes.
   */
  endAfterCloseFrameMs?: number;
  /**
   * The suite the server picks by its own order (the first of its list every modelled client
   * offers); absent: the client's preference, as OpenSSL (and node:tls without honorCipherOrder)
   * picks by default.
   */
  preferredSuites?: Readonly<Record<TlsVersion, CipherSuite>>;
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
  /*
   * The TLS_1_2 security policy's suites in the order the DG lists them (apigateway-security-policies,
   * http-api-ciphers, websocket-api-ciphers): TLS_AES_128_GCM_SHA256 first for TLS 1.3, and
   * ECDHE-RSA-AES128-GCM-SHA256 the first for an RSA certificate in TLS 1.2. Assumption, named:
   * the endpoint picks by that order (server preference, as s2n-tls behind AWS's load balancers
   * and CloudFront does) rather than by the client's; AWS does not say which. It decides the
   * Finished size for clients that prefer AES-256 (OpenSSL's curl and Node): 53 bytes, not 69.
   */
  preferredSuites: { '1.3': CIPHER_SUITES.TLS_AES_128_GCM_SHA256, '1.2': CIPHER_SUITES['ECDHE-RSA-AES128-GCM-SHA256'] },
};

export function clientProfile(name: string): TlsClientProfile {
  return CLIENT_PROFILES[oneOf('clientProfile', name, Object.keys(CLIENT_PROFILES) as ClientProfileName[])];
}
