import type { Random } from '../engine/random';
import type { Simulation } from '../engine/simulation';
import { ParameterError, invariant } from '../errors';
import { tlsMessage } from '../trace/eventQueries';
import type { TraceRecorder } from '../trace/recorder';
import type { EventFields, TlsMessageKind } from '../trace/trace';
import { oneOf } from '../validate';
import { ALPN_HTTP1, selectAlpn } from './alpn';
import { encodeClientHello } from './clientHello';
import { SIZING_RANDOM, writeClientHello } from './clientHellos';
import type { TcpConnection } from './tcp';
import { CIPHER_SUITES, NODE_TLS_END, TLS_VERSIONS, type CipherSuite, type CipherSuiteName, type ClientHelloContext, type TlsClientClose, type TlsClientProfile, type TlsServerProfile, type TlsVersion } from './tlsProfiles';
import type { Delivery, TcpSide, Transport } from './transport';

/*
 * TLS handshakes as flights of records, sized field by field (RFC 8446 for 1.3, RFC 5246
 * for 1.2), and application data cut into records with each version's overhead.
 *
 * TLS 1.3 full (1 RTT):                       TLS 1.2 full (2 RTT):
 *   C: ClientHello                              C: ClientHello
 *   S: ServerHello, ChangeCipherSpec*,          S: ServerHello, Certificate,
 *      {EncryptedExtensions}, {Certificate},       ServerKeyExchange, ServerHelloDone
 *      {CertificateVerify}, {Finished}          C: ClientKeyExchange, ChangeCipherSpec, {Finished}
 *   C: ChangeCipherSpec*, {Finished}, [data]    S: NewSessionTicket, ChangeCipherSpec, {Finished}
 *   S: {NewSessionTicket} x n, [data]           C: [data]
 *   (* middlebox compatibility, RFC 8446 §D.4)
 *
 * Resumption: 1.3 PSK (no Certificate/CertificateVerify; with 0-RTT the request rides with
 * the ClientHello), 1.2 abbreviated with a session ticket (RFC 5077: 1 RTT).
 */

export type TlsResumption = 'none' | 'ticket';

export interface TlsOptions {
  version: TlsVersion;
  resumption: TlsResumption;
  /** TLS 1.3 0-RTT: the first request is sent as early data with the ClientHello. Needs resumption. */
  earlyData: boolean;
  serverName?: string;
  alpn: readonly string[];
  client: TlsClientProfile;
  server: TlsServerProfile;
  /** Negotiated suite, overriding the client's preference (e.g. ChaCha20 on phones without AES hardware). */
  cipherSuite?: CipherSuiteName;
  /** Versions the server accepts (default both); a client whose version is not among them gets a protocol_version alert. */
  serverVersions?: readonly TlsVersion[];
  /**
   * The server's ALPN protocols, most preferred first (RFC 7301 §3.2: the server's order decides).
   * Absent: a server that prefers http/1.1 and otherwise takes the client's first offer.
   */
  serverAlpn?: readonly string[];
}

export type TlsContentType = 'handshake' | 'change_cipher_spec' | 'alert' | 'application_data';
const TLS_CONTENT_TYPES: readonly TlsContentType[] = ['handshake', 'change_cipher_spec', 'alert', 'application_data'];

/** How a protocol analyser names each TLS message. */
const TLS_MESSAGE_NAMES: Readonly<Record<TlsMessageKind, string>> = {
  client_hello: 'ClientHello', server_hello: 'ServerHello', change_cipher_spec: 'ChangeCipherSpec', encrypted_extensions: 'EncryptedExtensions',
  certificate: 'Certificate', certificate_verify: 'CertificateVerify', server_key_exchange: 'ServerKeyExchange', server_hello_done: 'ServerHelloDone',
  client_key_exchange: 'ClientKeyExchange', finished: 'Finished', new_session_ticket: 'NewSessionTicket', end_of_early_data: 'EndOfEarlyData',
  early_data: 'Early Data', application_data: 'Application Data', alert: 'Alert', handshake: 'Handshake',
};

export function tlsMessageName(message: TlsMessageKind): string {
  return TLS_MESSAGE_NAMES[message];
}

export interface TlsRecordPlan {
  /** The message the record carries, for code: the trace event's kind is `tls.<message>`. */
  message: TlsMessageKind;
  /** The message as a protocol analyser names it. */
  name: string;
  contentType: TlsContentType;
  /** Record size on the stream: 5-byte header + fragment (+ AEAD overhead when encrypted). */
  bytes: number;
  /** Handshake message length with its 4-byte header, or the plaintext length. */
  plaintextBytes: number;
  encrypted: boolean;
  /** An alert's description (RFC 8446 §6), e.g. `close_notify`, `protocol_version`. */
  alert?: string;
}

export interface TlsFlight {
  from: TcpSide;
  records: TlsRecordPlan[];
}

/** The whole handshake: flights in order, and when each side may send application data. */
export interface TlsHandshakePlan {
  flights: TlsFlight[];
  suite: CipherSuite;
  /** Index of the flight after whose sending (client) application data may follow. */
  clientDataAfterFlight: number;
  /** Whether the last flight is post-handshake (1.3 tickets), not waited for by the client. */
  lastFlightIsPostHandshake: boolean;
  /** The handshake fails with this fatal alert instead of completing. */
  failure?: { alert: number; description: string };
  clientHelloExtensions: string[];
}

export const RECORD_HEADER_BYTES = 5;
/** Between the instant's other events (priority 0) and the TCP flush of its writes (tcp.ts FLUSH_PRIORITY, 1000). */
const SERVER_READY_PRIORITY = 500;
export const HANDSHAKE_HEADER_BYTES = 4;
/** RFC 8446 §5.1: at most 2^14 bytes of plaintext per record. */
export const MAX_RECORD_PLAINTEXT = 16384;
/** TLS 1.2 Finished verify_data (RFC 5246 §7.4.9). */
const TLS12_VERIFY_DATA = 12;

/** Record bytes for `plaintext` bytes under a version and suite (encrypted records only). */
export function encryptedRecordBytes(plaintext: number, version: TlsVersion, suite: CipherSuite): number {
  return version === '1.3'
    ? RECORD_HEADER_BYTES + plaintext + 1 + suite.tagLength // inner content type byte (RFC 8446 §5.2)
    : RECORD_HEADER_BYTES + suite.explicitNonceLength + plaintext + suite.tagLength;
}

/** Plaintext sizes of the records `length` bytes of application data are cut into. */
export function applicationRecordSizes(length: number): number[] {
  const sizes: number[] = [];
  for (let offset = 0; offset < length; offset += MAX_RECORD_PLAINTEXT) sizes.push(Math.min(MAX_RECORD_PLAINTEXT, length - offset));
  return sizes;
}

/**
 * ClientHello handshake message length (4-byte header included), and its extension names in
 * wire order: the length of the hello the profile writes (clientHellos.ts), which the export
 * writes too (tlsRecordBytes.ts).
 */
export function clientHelloBytes(profile: TlsClientProfile, context: ClientHelloContext): { bytes: number; extensions: string[] } {
  const { fields, names } = writeClientHello(profile.hello, context, SIZING_RANDOM);
  return { bytes: encodeClientHello(fields).length, extensions: names };
}

export function validateTlsOptions(options: TlsOptions): void {
  oneOf('tlsVersion', options.version, TLS_VERSIONS);
  oneOf('tlsResumption', options.resumption, ['none', 'ticket'] as const);
  if (options.earlyData && (options.version !== '1.3' || options.resumption !== 'ticket')) {
    throw new ParameterError('earlyData', true, 'TLS 1.3 with ticket resumption (0-RTT needs a PSK, RFC 8446 §2.3)');
  }
  for (const protocol of options.alpn) {
    if (protocol.length === 0 || protocol.length > 255) throw new ParameterError('alpn', protocol, 'protocol names of 1 to 255 bytes (RFC 7301 §3.1)');
  }
  if (options.cipherSuite !== undefined) {
    const suite = CIPHER_SUITES[oneOf('cipherSuite', options.cipherSuite, Object.keys(CIPHER_SUITES) as CipherSuiteName[])];
    if (suite.version !== options.version) throw new ParameterError('cipherSuite', options.cipherSuite, `a TLS ${options.version} cipher suite`);
  }
  if (options.server.certificateChain.length === 0) throw new ParameterError('certificateChain', options.server.certificateChain, 'at least one certificate');
}

/** The protocol the server's ALPN answer names, or undefined when it sends none. */
export function negotiatedAlpn(options: Pick<TlsOptions, 'alpn' | 'serverAlpn'>): string | undefined {
  return selectAlpn(options.alpn, options.serverAlpn ?? [ALPN_HTTP1, ...options.alpn]);
}

/**
 * Whether a TLS 1.2 server issues a session ticket on a full handshake: only to a client whose
 * ClientHello offers the session_ticket extension (RFC 5077 §3.2: "the server MUST NOT send this
 * extension if it does not receive one in the ClientHello"; §3.3: NewSessionTicket only when it
 * sent the extension). curl 7.88 on OpenSSL offers none (its hello is read off a capture,
 * clientHellos.ts), and the fidelity harness's captures of it show a node:tls server sending no
 * NewSessionTicket, only ChangeCipherSpec and Finished.
 */
export function issuesTls12Ticket(clientHelloExtensions: readonly string[]): boolean {
  return clientHelloExtensions.includes('session_ticket');
}

/**
 * The session id a TLS 1.2 ServerHello carries (bytes). Resuming with a ticket, the server
 * echoes the client's 32-byte id (RFC 5077 §3.4); on a full handshake where it issues a ticket,
 * OpenSSL (node:tls) sends an empty one, the ticket being the way back (RFC 5077 §3.4 lets it);
 * without a ticket it sends a 32-byte id so that the client may resume by id (RFC 5246 §7.4.1.3).
 * Captured: node:tls answers curl 7.88 (no session_ticket offered) with a 102-byte ServerHello
 * with a 32-byte session id, Chromium (which offers one) with a 74-byte one without (fidelity
 * harness, TLS 1.2 rows). Assumption, named: API Gateway decides the same way; AWS does not say.
 */
export function tls12SessionIdBytes(resuming: boolean, clientHelloExtensions: readonly string[]): number {
  return resuming || !issuesTls12Ticket(clientHelloExtensions) ? 32 : 0;
}

/** The ticket a resuming client offers: the one the server issued for this version. */
function offeredTicketLength(options: Pick<TlsOptions, 'version' | 'server'>): number {
  return options.version === '1.3' ? options.server.ticketLengthTls13 : options.server.ticketLengthTls12;
}

/**
 * Sizes every record of a handshake. `pick` makes the profile's random choices (seeded);
 * `shuffle`, when given, permutes the extensions of a client that does so (Chrome).
 */
export function planHandshake(options: TlsOptions, pick: (choices: readonly number[]) => number, shuffle?: ClientHelloContext['shuffle']): TlsHandshakePlan {
  validateTlsOptions(options);
  const { version, client, server } = options;
  const resuming = options.resumption === 'ticket';
  const suite = options.cipherSuite ? CIPHER_SUITES[options.cipherSuite]
    : server.preferredSuites?.[version] ?? (version === '1.3' ? client.preferredTls13Suite : client.preferredTls12Suite);
  const selectedAlpn = negotiatedAlpn(options);
  // The ALPN extension in ServerHello (1.2) or EncryptedExtensions (1.3): type 2 + length 2, list length 2, name length 1, the name.
  const alpnExtension = selectedAlpn ? 4 + 2 + 1 + selectedAlpn.length : 0;
  const hello = clientHelloBytes(client, {
    maxVersion: version,
    ...(options.serverName ? { serverName: options.serverName } : {}),
    alpn: options.alpn,
    ...(resuming ? { ticketLength: offeredTicketLength(options), binderLength: suite.hashLength } : {}),
    earlyData: options.earlyData,
    pick,
    ...(shuffle ? { shuffle } : {}),
  });
  const plain = (message: TlsMessageKind, contentType: TlsContentType, plaintextBytes: number, name = TLS_MESSAGE_NAMES[message]): TlsRecordPlan =>
    ({ message, name, contentType, bytes: RECORD_HEADER_BYTES + plaintextBytes, plaintextBytes, encrypted: false });
  const sealed = (message: TlsMessageKind, contentType: TlsContentType, plaintextBytes: number): TlsRecordPlan =>
    ({ message, name: TLS_MESSAGE_NAMES[message], contentType, bytes: encryptedRecordBytes(plaintextBytes, version, suite), plaintextBytes, encrypted: true });
  const handshake = (body: number): number => HANDSHAKE_HEADER_BYTES + body;
  const clientHello = plain('client_hello', 'handshake', hello.bytes);
  const changeCipherSpec = (): TlsRecordPlan => plain('change_cipher_spec', 'change_cipher_spec', 1);
  if (options.serverVersions && !options.serverVersions.includes(version)) {
    // A fatal protocol_version alert (70) in a plaintext record: level 1 byte + description 1 byte (RFC 8446 §6.2).
    return {
      flights: [{ from: 'client', records: [clientHello] }, { from: 'server', records: [{ ...plain('alert', 'alert', 2, 'Alert (protocol_version)'), alert: 'protocol_version' }] }],
      suite, clientDataAfterFlight: Infinity, lastFlightIsPostHandshake: false, clientHelloExtensions: hello.extensions,
      failure: { alert: 70, description: `protocol_version: the server accepts TLS ${options.serverVersions.join(' and ')} only` },
    };
  }

  if (version === '1.3') {
    // ServerHello: version 2, random 32, echoed session id 1+32, suite 2, compression 1, extensions 2 +
    // supported_versions (4+2) + key_share (4+2+2+share) [+ pre_shared_key (4+2)].
    const serverHello = handshake(2 + 32 + 1 + 32 + 2 + 1 + 2 + 6 + (8 + server.keyShareLength) + (resuming ? 6 : 0));
    const earlyAccepted = options.earlyData && server.acceptsEarlyData;
    // EncryptedExtensions: extensions 2 [+ ALPN] [+ early_data 4].
    const encryptedExtensions = handshake(2 + alpnExtension + (earlyAccepted ? 4 : 0));
    // Certificate: context 1, list 3, per entry: length 3 + DER + extensions 2 (RFC 8446 §4.4.2).
    const certificate = handshake(1 + 3 + server.certificateChain.reduce((sum, der) => sum + 3 + der + 2, 0));
    const certificateVerify = handshake(2 + 2 + server.signatureLength);
    const finished = handshake(suite.hashLength);
    // NewSessionTicket: lifetime 4, age_add 4, nonce 1+n, ticket 2+t, extensions 2 [+ early_data 8] (RFC 8446 §4.6.1).
    const ticket = handshake(4 + 4 + 1 + server.ticketNonceLength + 2 + server.ticketLengthTls13 + 2 + (server.acceptsEarlyData ? 8 : 0));
    const tickets = resuming ? server.ticketsAfterResumption : server.ticketsAfterFullHandshake;
    const flights: TlsFlight[] = [
      { from: 'client', records: [clientHello, ...(options.earlyData ? [changeCipherSpec()] : [])] },
      {
        from: 'server',
        records: [
          plain('server_hello', 'handshake', serverHello),
          changeCipherSpec(),
          sealed('encrypted_extensions', 'handshake', encryptedExtensions),
          ...(resuming ? [] : [sealed('certificate', 'handshake', certificate), sealed('certificate_verify', 'handshake', certificateVerify)]),
          sealed('finished', 'handshake', finished),
        ],
      },
      {
        from: 'client',
        records: [
          ...(earlyAccepted ? [sealed('end_of_early_data', 'handshake', handshake(0))] : []),
          ...(options.earlyData ? [] : [changeCipherSpec()]),
          sealed('finished', 'handshake', finished),
        ],
      },
    ];
    if (tickets > 0) flights.push({ from: 'server', records: Array.from({ length: tickets }, () => sealed('new_session_ticket', 'handshake', ticket)) });
    return { flights, suite, clientDataAfterFlight: earlyAccepted ? 0 : 2, lastFlightIsPostHandshake: tickets > 0, clientHelloExtensions: hello.extensions };
  }

  // TLS 1.2. ServerHello: version 2, random 32, session id 1+n, suite 2, compression 1, extensions 2 +
  // renegotiation_info 5 + extended_master_secret 4 [+ ec_point_formats 8 on a full handshake] [+ session_ticket 4 when
  // it issues a ticket] [+ ALPN]. The session id is 32 bytes when the session can be resumed by it (tls12SessionIdBytes).
  const ticketIssued = !resuming && issuesTls12Ticket(hello.extensions);
  const sessionId = tls12SessionIdBytes(resuming, hello.extensions);
  const serverHello = handshake(2 + 32 + 1 + sessionId + 2 + 1 + 2 + 5 + 4 + (resuming ? 0 : 8) + (ticketIssued ? 4 : 0) + alpnExtension);
  const finished = sealed('finished', 'handshake', handshake(TLS12_VERIFY_DATA));
  const ticket = plain('new_session_ticket', 'handshake', handshake(4 + 2 + server.ticketLengthTls12)); // RFC 5077 §3.3
  if (resuming) {
    const flights: TlsFlight[] = [
      { from: 'client', records: [clientHello] },
      { from: 'server', records: [plain('server_hello', 'handshake', serverHello), ...(server.renewsTls12Ticket ? [ticket] : []), changeCipherSpec(), finished] },
      { from: 'client', records: [changeCipherSpec(), finished] },
    ];
    return { flights, suite, clientDataAfterFlight: 2, lastFlightIsPostHandshake: false, clientHelloExtensions: hello.extensions };
  }
  // Certificate: list 3, per entry 3 + DER (RFC 5246 §7.4.2). ServerKeyExchange for ECDHE with a
  // named curve: curve type 1, curve 2, point 1+share, signature algorithm 2, signature 2+n (RFC 8422 §5.4).
  const certificate = handshake(3 + server.certificateChain.reduce((sum, der) => sum + 3 + der, 0));
  const serverKeyExchange = handshake(1 + 2 + 1 + server.keyShareLength + 2 + 2 + server.signatureLength);
  const clientKeyExchange = handshake(1 + 32); // x25519 public value (RFC 8422 §5.7)
  const flights: TlsFlight[] = [
    { from: 'client', records: [clientHello] },
    {
      from: 'server',
      records: [
        plain('server_hello', 'handshake', serverHello),
        plain('certificate', 'handshake', certificate),
        plain('server_key_exchange', 'handshake', serverKeyExchange),
        plain('server_hello_done', 'handshake', handshake(0)),
      ],
    },
    { from: 'client', records: [plain('client_key_exchange', 'handshake', clientKeyExchange), changeCipherSpec(), finished] },
    { from: 'server', records: [...(ticketIssued ? [ticket] : []), changeCipherSpec(), finished] },
  ];
  return { flights, suite, clientDataAfterFlight: client.falseStart ? 2 : 3, lastFlightIsPostHandshake: false, clientHelloExtensions: hello.extensions };
}

/**
 * TLS over a TCP connection: plays the handshake plan flight by flight (each flight is sent
 * when the previous one has fully arrived), then carries application data in records.
 */
export class TlsConnection implements Transport {
  readonly plan: TlsHandshakePlan;
  private clientReady = false;
  private readonly waitingForClientReady: (() => void)[] = [];
  /** Server data written before the server's first flight left (an answer to 0-RTT early data): it follows the flight. */
  private serverFlightSent = false;
  private readonly waitingForServerFlight: (() => void)[] = [];
  private readonly closeNotifySent = new Set<TcpSide>();

  constructor(
    private readonly simulation: Simulation,
    private readonly recorder: TraceRecorder,
    private readonly tcp: TcpConnection,
    readonly options: TlsOptions,
  ) {
    // The hello's size choices draw from the simulation's stream (one draw for Chrome, as
    // before its order was modelled); its extension order from a generator of its own, so
    // modelling the order shifts no other random draw.
    const order = simulation.random.fork(`tls-hello:${tcp.id}`);
    this.plan = planHandshake(options, (choices) => {
      const choice = choices[simulation.random.int(0, choices.length - 1)];
      this.helloChoices.push(choice);
      return choice;
    }, (items) => shuffle(items, order));
    // A client that answers one record before it reads the next (tlsProfiles.ts answersBeforeDraining).
    if (options.client.answersBeforeDraining) tcp.answersBeforeDraining('client');
  }

  /** What `pick` chose while sizing the ClientHello, recorded so the export rebuilds the same hello. */
  private readonly helloChoices: number[] = [];

  get connectionId(): string {
    return this.tcp.id;
  }

  get version(): TlsVersion {
    return this.options.version;
  }

  /** The application protocol the handshake settled (ALPN), or undefined when none was negotiated. */
  get alpnProtocol(): string | undefined {
    return this.plan.failure ? undefined : negotiatedAlpn(this.options);
  }

  /** Runs the handshake; `onClientReady` runs when the client may send application data, `onFailure` if the server refuses. */
  handshake(onClientReady: (at: number) => void, onFailure: (description: string) => void = () => {}): void {
    this.waitingForClientReady.push(() => onClientReady(this.simulation.now));
    this.onFailure = onFailure;
    this.sendFlight(0);
  }

  private onFailure: (description: string) => void = () => {};

  /** The server has read the client's last handshake flight; callbacks waiting for it. */
  private serverReady = false;
  /** When the server read the client's last handshake flight. */
  private finishedReadAt = NaN;
  private readonly waitingForServerReady: ((finishedReadAt: number) => void)[] = [];

  whenServerReady(callback: (finishedReadAt: number) => void): void {
    if (this.serverReady) callback(this.finishedReadAt);
    else this.waitingForServerReady.push(callback);
  }

  /** The index of the client's last handshake flight: the server is ready once it has read it. */
  private get lastClientFlight(): number {
    return this.plan.flights.map((flight) => flight.from).lastIndexOf('client');
  }

  flush(side: TcpSide): void {
    this.tcp.flush(side);
  }

  /** Sends application data; before the handshake completes only 0-RTT early data is allowed. */
  send(side: TcpSide, length: number, onDelivered: (delivery: Delivery) => void, name = 'Application Data'): void {
    invariant(side === 'server' || this.clientReady, 'tls: client application data before the handshake allows it');
    // The server's data needs its handshake keys, so it leaves after its Finished (RFC 8446 §4.4.4: 0.5-RTT data).
    if (side === 'server' && !this.serverFlightSent) {
      this.waitingForServerFlight.push(() => this.send(side, length, onDelivered, name));
      return;
    }
    const sizes = applicationRecordSizes(length);
    const deliveries: Delivery[] = [];
    for (const plaintext of sizes) {
      const bytes = encryptedRecordBytes(plaintext, this.options.version, this.plan.suite);
      this.tcp.send(side, bytes, (delivery) => {
        deliveries.push(delivery);
        if (deliveries.length === sizes.length) onDelivered(combine(deliveries, name));
      });
    }
  }

  /**
   * Closes from `side`: its close_notify alert if it sends one (RFC 8446 §6.1), then the TCP close.
   * The server (node:tls, and API Gateway by assumption) sends close_notify whenever it closes,
   * and answers the end of the client's stream, an alert or a bare FIN, with its own close_notify
   * and then its FIN; a client does what its profile says (tlsProfiles.ts TlsClientClose).
   *
   *   client closes (Chromium, curl over h2, Node's https)   server closes (WebSocket, GOAWAY)
   *     |── FIN ────────────────────▶|                         |◀─────────── close_notify ──|
   *     |◀─────────── close_notify ──|   on reading EOF        |◀──────────────────── FIN ──|
   *     |◀──────────────────── FIN ──|                         |── close_notify (if it answers) ─▶|
   *     |── RST ───────────────────▶|   the socket is gone    |── FIN ──────────────────────▶|
   *     |── RST ───────────────────▶|                         |◀──────────────────── ACK ──|
   *
   * node:tls answers on both sides: a node:tls server whose client calls end() sends close_notify,
   * then FIN, on reading the client's close_notify, without waiting for the client's FIN
   * (test/simulator/net/tlsClose.realNode.test.ts holds the FIN back to show it), and on reading
   * a bare FIN (the fidelity harness's captures of Chromium, curl and Node closing, each with no
   * close_notify). Assumption: API Gateway's front end (and CloudFront, for edge-optimized APIs)
   * answers a client's close the same way, as RFC 8446 §6.1 requires. AWS documents nothing about
   * its TLS close and no published capture of one was found.
   */
  close(side: TcpSide, onClosed: (at: number) => void = () => {}): void {
    this.closeAs(side, this.options.client.close, onClosed);
  }

  /** Closes from `side`, the client closing as `client` says (its profile's close, or Node's end()). */
  private closeAs(side: TcpSide, client: TlsClientClose, onClosed: (at: number) => void = () => {}): void {
    const sends = side === 'server' || sendsCloseNotifyOver(client.sendsCloseNotify, this.alpnProtocol);
    const answers = side === 'client' || client.answersCloseNotify;
    const peer: TcpSide = side === 'client' ? 'server' : 'client';
    if (sends) this.sendCloseNotify(side, () => { if (answers) this.sendCloseNotify(peer); });
    // A client's bare FIN: the server answers as it reads the end of the stream.
    const options = side === 'client' ? { releases: client.releasesSocket, ...(sends ? {} : { onFinArrived: () => this.sendCloseNotify('server') }) } : {};
    this.tcp.close(side, onClosed, options);
  }

  /**
   * Ends `side`'s writing as Node's end() does, whatever the profile's close: close_notify, then a
   * half-close FIN, and it reads on (NODE_TLS_END). `ws` ends its socket so once the closing
   * handshake is done (websocketClientClose.ts).
   */
  end(side: TcpSide, onClosed?: (at: number) => void): void {
    this.closeAs(side, NODE_TLS_END, onClosed);
  }

  /**
   * A close_notify alert from `side`, recorded as it arrives; `onRead` runs when the peer has it.
   * One per side: a side whose own has left answers none (both closed, their alerts crossed).
   */
  private sendCloseNotify(side: TcpSide, onRead: () => void = () => {}): void {
    if (this.closeNotifySent.has(side)) return;
    this.closeNotifySent.add(side);
    const bytes = encryptedRecordBytes(2, this.options.version, this.plan.suite);
    const closeNotify: TlsRecordPlan = { message: 'alert', name: 'Alert (close_notify)', contentType: 'alert', bytes, plaintextBytes: 2, encrypted: true, alert: 'close_notify' };
    this.tcp.send(side, bytes, (delivery) => {
      this.recordRecord(side, closeNotify, delivery);
      onRead();
    });
  }

  private sendFlight(index: number): void {
    const flight = this.plan.flights[index];
    if (!flight) return;
    let arrived = 0;
    for (const record of flight.records) {
      this.tcp.send(flight.from, record.bytes, (delivery) => {
        // A failed handshake ends in the server's fatal alert.
        const failure = this.plan.failure && record.message === 'alert' && flight.from === 'server' ? this.plan.failure : undefined;
        this.recordRecord(flight.from, record, delivery, failure);
        if (++arrived < flight.records.length) return;
        if (this.plan.failure && index === this.plan.flights.length - 1) {
          this.tcp.close('server');
          this.onFailure(this.plan.failure.description);
          return;
        }
        // A 1.2 client without False Start may send data once the server's Finished is in.
        if (flight.from === 'server' && index === this.plan.clientDataAfterFlight) this.markClientReady();
        // The server computes its first flight after reading the ClientHello (tlsProfiles.ts handshakeComputeMs).
        if (index === 0 && !this.plan.failure) this.simulation.schedule(this.serverComputeMs(), () => this.sendFlight(1));
        // The client computes its answer to the server's first flight (tlsProfiles.ts serverFlightComputeMs).
        else if (index === 1 && this.plan.flights[2]?.from === 'client' && this.clientComputeMs() > 0) this.simulation.schedule(this.clientComputeMs(), () => this.sendFlight(2));
        // The server answers the client's Finished (1.3 tickets; 1.2 ticket, ChangeCipherSpec, Finished) after its
        // compute time for it (tlsProfiles.ts finishedComputeMs).
        else if (this.readsClientFinished(flight.from, index) && this.finishedComputeMs() > 0) this.simulation.schedule(this.finishedComputeMs(), () => this.sendFlight(index + 1));
        else this.sendFlight(index + 1);
        // The server's application starts once it has the client's Finished and its compute for it: after whatever
        // else arrived by then (a read), before what the server wrote then leaves (tcp.ts flushes after SERVER_READY_PRIORITY).
        if (this.readsClientFinished(flight.from, index) && !this.plan.failure) {
          this.finishedReadAt = delivery.deliveredAt;
          // Computing its answer, the server reads nothing else (a later read is answered in a write of its own).
          this.tcp.busyUntil('server', this.simulation.now + this.finishedComputeMs());
          this.simulation.schedule(this.finishedComputeMs(), () => {
            this.serverReady = true;
            for (const waiting of this.waitingForServerReady.splice(0)) waiting(this.finishedReadAt);
          }, SERVER_READY_PRIORITY);
        }
      });
    }
    // A client that writes its last handshake flight on its own (Chromium, curl) sends it before the data it then writes.
    if (flight.from === 'client' && index > 0 && this.options.client.writesHandshakeApart) this.tcp.flush('client');
    if (flight.from === 'client' && index === this.plan.clientDataAfterFlight) this.markClientReady();
    if (flight.from === 'server' && !this.serverFlightSent) {
      this.serverFlightSent = true;
      for (const waiting of this.waitingForServerFlight.splice(0)) waiting();
    }
  }

  /** The server's compute time before its first flight: a full or a resumed handshake of the version. */
  private serverComputeMs(): number {
    const compute = this.options.server.handshakeComputeMs[this.options.version];
    return this.options.resumption === 'ticket' ? compute.resumed : compute.full;
  }

  /** Whether the flight that just arrived is the client's last handshake flight (its Finished), read by the server. */
  private readsClientFinished(from: TcpSide, index: number): boolean {
    return from === 'client' && index === this.lastClientFlight && index > 0;
  }

  /** The server's compute time from reading the client's Finished to answering it and starting its application. */
  private finishedComputeMs(): number {
    return this.options.server.finishedComputeMs ?? 0;
  }

  /** The client's compute time before answering the server's first flight: a full or a resumed handshake. */
  private clientComputeMs(): number {
    const compute = this.options.client.serverFlightComputeMs;
    if (!compute) return 0;
    return this.options.resumption === 'ticket' ? compute.resumed : compute.full;
  }

  private markClientReady(): void {
    if (this.clientReady) return;
    this.clientReady = true;
    // The program's first writes after its handshake leave apart, as it makes them (tlsProfiles.ts firstWriteGapsMs);
    // 0-RTT early data, written with the ClientHello, is not what was measured.
    const gaps = this.options.client.firstWriteGapsMs;
    if (gaps && this.plan.clientDataAfterFlight > 0) this.tcp.spaceWrites('client', gaps);
    for (const waiting of this.waitingForClientReady.splice(0)) waiting();
  }

  private recordRecord(side: TcpSide, record: TlsRecordPlan, delivery: Delivery, failure?: TlsHandshakePlan['failure']): void {
    const [from, to] = side === 'client' ? [this.tcp.clientId, this.tcp.serverId] : [this.tcp.serverId, this.tcp.clientId];
    const { message, name, contentType, bytes, plaintextBytes, encrypted, alert } = record;
    this.recorder.event({
      time: delivery.sentAt, arrival: delivery.deliveredAt, from, to, layer: 'tls', kind: `tls.${message}`, name, bytes, wireBytes: delivery.wireBytes,
      connection: this.tcp.id,
      ...(failure ? { error: { code: 'TLS_ALERT', status: failure.alert, message: failure.description } } : {}),
      // What the record's bytes depend on, for captures built after the run (tlsSessionOf, recordPlanOf).
      detail: {
        contentType, plaintextBytes, encrypted, version: versionText(this.options.version),
        ...(alert ? { alert } : {}),
        ...(message === 'client_hello' ? {
          extensions: this.plan.clientHelloExtensions.join(', '), resumption: this.options.resumption,
          ...(this.options.serverName ? { serverName: this.options.serverName } : {}),
          clientProfile: this.options.client.name, alpnOffered: this.options.alpn.join(','),
          ...(this.helloChoices.length > 0 ? { helloChoices: this.helloChoices.join(',') } : {}),
          ...(this.options.resumption === 'ticket' ? { ticketLength: offeredTicketLength(this.options) } : {}),
        } : {}),
        ...(message === 'server_hello' ? { cipherSuite: this.plan.suite.name } : {}),
      },
    });
  }
}

/** Whether a client whose rule is `rule` sends close_notify as it closes a connection that negotiated `alpn`. */
function sendsCloseNotifyOver(rule: TlsClientProfile['close']['sendsCloseNotify'], alpn: string | undefined): boolean {
  return rule === 'always' || (rule === 'not over h2' && alpn !== 'h2');
}

/** Fisher-Yates with a seeded generator (Chrome permutes its extensions per connection). */
function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let index = out.length - 1; index > 0; index--) {
    const other = random.int(0, index);
    [out[index], out[other]] = [out[other], out[index]];
  }
  return out;
}

/** A version as the events' `version` detail writes it: `TLS 1.3`. */
function versionText(version: TlsVersion): string {
  return `TLS ${version}`;
}

/** What the bytes of a connection's records depend on besides each record's own plan. */
export interface TlsSession {
  version: TlsVersion;
  /** The suite the ServerHello chose; absent when the handshake failed before one. */
  suite?: CipherSuite;
  /** The client offered a ticket (resumption). */
  resumed: boolean;
  /** The SNI name the ClientHello carries. */
  serverName?: string;
  /** ClientHello extension names, in order. */
  clientHelloExtensions: readonly string[];
  /** The client profile that wrote the ClientHello, the ALPN protocols it offered, and its size choices (TlsConnection). */
  clientProfile?: string;
  alpnOffered?: readonly string[];
  helloChoices?: readonly number[];
  /** The resumption ticket's length, when the client offers one. */
  ticketLength?: number;
}

/** A connection's session, read back from the details TlsConnection gave its records' events; undefined without TLS. */
export function tlsSessionOf(events: readonly EventFields[]): TlsSession | undefined {
  const hello = events.find((event) => event.kind === 'tls.client_hello');
  if (!hello) return undefined;
  const detail = hello.detail ?? {};
  const version = TLS_VERSIONS.find((candidate) => detail.version === versionText(candidate));
  invariant(version !== undefined, `tls: ClientHello event ${hello.id} names no TLS version`);
  const chosen = events.find((event) => event.kind === 'tls.server_hello')?.detail?.cipherSuite;
  const suite = Object.values(CIPHER_SUITES).find((candidate) => candidate.name === chosen);
  invariant(chosen === undefined || suite !== undefined, `tls: unknown cipher suite ${String(chosen)}`);
  return {
    version, ...(suite ? { suite } : {}), resumed: detail.resumption === 'ticket',
    ...(typeof detail.serverName === 'string' ? { serverName: detail.serverName } : {}),
    clientHelloExtensions: typeof detail.extensions === 'string' && detail.extensions !== '' ? detail.extensions.split(', ') : [],
    ...(typeof detail.clientProfile === 'string' ? { clientProfile: detail.clientProfile } : {}),
    ...(typeof detail.alpnOffered === 'string' ? { alpnOffered: detail.alpnOffered === '' ? [] : detail.alpnOffered.split(',') } : {}),
    ...(typeof detail.helloChoices === 'string' ? { helloChoices: detail.helloChoices.split(',').map(Number) } : {}),
    ...(typeof detail.ticketLength === 'number' ? { ticketLength: detail.ticketLength } : {}),
  };
}

/** A `tls.*` event's record as the model planned it (its display name aside), read back from its kind and details. */
export function recordPlanOf(event: EventFields): Omit<TlsRecordPlan, 'name'> {
  const detail = event.detail ?? {};
  const contentType = TLS_CONTENT_TYPES.find((candidate) => candidate === detail.contentType);
  invariant(contentType !== undefined && typeof detail.plaintextBytes === 'number', `tls: event ${event.id} has no record details`);
  return {
    message: tlsMessage(event), contentType, bytes: event.bytes, plaintextBytes: detail.plaintextBytes, encrypted: detail.encrypted === true,
    ...(typeof detail.alert === 'string' ? { alert: detail.alert } : {}),
  };
}

/** One delivery for a message cut into several records. */
function combine(deliveries: Delivery[], _name: string): Delivery {
  const first = deliveries[0];
  return {
    sentAt: first.sentAt,
    // The receiving application sees nothing until the first record is complete and decrypted.
    firstByteAt: first.deliveredAt,
    deliveredAt: Math.max(...deliveries.map((delivery) => delivery.deliveredAt)),
    streamBytes: deliveries.reduce((sum, delivery) => sum + delivery.streamBytes, 0),
    wireBytes: deliveries.reduce((sum, delivery) => sum + delivery.wireBytes, 0),
    segments: deliveries.reduce((sum, delivery) => sum + delivery.segments, 0),
  };
}
