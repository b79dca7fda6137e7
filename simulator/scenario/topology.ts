import { Link } from '../engine/link';
import { networkProfile, type NetworkProfile } from '../engine/networkProfile';
import { Simulation } from '../engine/simulation';
import { ParameterError } from '../errors';
import { dnsLookup, type DnsAnswer, type DnsCacheState } from '../net/dns';
import { TcpConnection, type TcpOptions } from '../net/tcp';
import { TlsConnection, type TlsResumption } from '../net/tls';
import { API_GATEWAY_SERVER, clientProfile, type CipherSuiteName, type TlsClientProfile, type TlsServerProfile, type TlsVersion } from '../net/tlsProfiles';
import type { Transport } from '../net/transport';
import { ALPN_H2, ALPN_HTTP1, HTTP_VERSIONS, httpVersionOf, type HttpVersion } from '../net/alpn';
import { TraceRecorder } from '../trace/recorder';
import type { ParticipantKind } from '../trace/trace';
import { nonNegative, oneOf } from '../validate';
import { startHttp2Server } from './http2Client';

/** Options every client-to-server scenario shares. */
export interface ScenarioOptions {
  seed?: number | string;
  /** Named network profile (`broadband`, `mobile`, `in-region`) and overrides of its values. */
  network?: string;
  networkOverrides?: Partial<NetworkProfile>;
  dnsCache?: DnsCacheState;
  /** IPv4 addresses the name resolves to. */
  addresses?: readonly string[];
  /** TLS version for https/wss URLs. */
  tlsVersion?: TlsVersion;
  /** `ticket`: the client holds a session ticket from an earlier visit. */
  tlsResumption?: TlsResumption;
  earlyData?: boolean;
  /** Negotiated cipher suite, instead of the client profile's preference. */
  cipherSuite?: CipherSuiteName;
  /** TLS versions the endpoint accepts (its security policy); default both. */
  serverTlsVersions?: readonly TlsVersion[];
  clientProfile?: string;
  /**
   * The client's User-Agent in place of its profile's (the fidelity harness runs headless
   * Chromium, which says HeadlessChrome where a user's Chrome says Chrome).
   */
  userAgent?: string;
  server?: TlsServerProfile;
  /** How the server is labelled in the trace (default: its host name). */
  serverLabel?: string;
  tcp?: TcpOptions;
  /**
   * The HTTP version to speak, overriding what ALPN would settle between the client profile and
   * the server (`--http 1.1|2`): '1.1' keeps the profile's ClientHello and has the server select
   * http/1.1; '2' offers h2 where the profile does not (node:http2's ALPNProtocols ['h2']) and
   * has the server select it; on a plain http URL, '2' is h2 with prior knowledge (RFC 9113 §3.3).
   */
  httpVersion?: HttpVersion;
  /**
   * How long the client keeps its connection open after its last response before it closes it
   * (ms; default 0: at once, as curl and a script do). A browser keeps a page's connection until
   * the page goes away; the fidelity harness tells the model when its page did (harnessRun.ts).
   */
  clientCloseDelayMs?: number;
  /**
   * The client's time from the server's first flight to its answer in every full handshake of the
   * run (ms), instead of its profile's (tlsProfiles.ts serverFlightComputeMs); a resumed one keeps
   * the profile's. The fidelity harness tells its browser and curl how long the real one took, on
   * a loaded machine, from the flight to its Finished on the row's first connection (clientCompute.ts).
   */
  clientComputeMs?: number;
  /**
   * The gaps between the client's first writes once it may write (ms), instead of its profile's
   * (tlsProfiles.ts firstWriteGapsMs). The fidelity harness tells its browser and curl how the
   * stand-in received the real ones' (clientCompute.ts).
   */
  clientWriteGapsMs?: readonly number[];
  /**
   * Per connection, in the order they open: where each side's segments met on the way and reached
   * the peer as one (TcpOptions.mergedOnPath). The fidelity harness reads them off its relay's two
   * legs (relayMerges.ts).
   */
  mergedOnPath?: readonly Readonly<Record<'client' | 'server', readonly number[]>>[];
}

export interface ParsedUrl {
  secure: boolean;
  host: string;
  port: number;
  target: string;
  /** The Host header value: the host, with the port when it is not the scheme's default. */
  authority: string;
}

/** Parses an http(s)/ws(s) URL into what the scenario needs, naming the parameter on failure. */
export function parseUrl(parameter: string, value: string, schemes: readonly string[]): ParsedUrl {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ParameterError(parameter, value, `an absolute URL (${schemes.join(', ')})`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  oneOf(`${parameter} scheme`, scheme, schemes);
  const secure = scheme === 'https' || scheme === 'wss';
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  return { secure, host: url.hostname, port, target: `${url.pathname}${url.search}`, authority: url.port ? `${url.hostname}:${url.port}` : url.hostname };
}

/** The party that terminates the client's TCP and TLS: an origin server, a CloudFront edge, the API Gateway endpoint. */
export interface Endpoint {
  id: string;
  label: string;
  kind: ParticipantKind;
  /** Client round trip to it; default: the profile's client-to-Region round trip. */
  rttMs?: number;
}

/**
 * The simulation and the recorder a trace is made in. A scenario has its own; a page that talks
 * to several hosts (pageLoad.ts) shares one between the topologies of its hosts, so that their
 * connections run on one clock and land in one trace.
 */
export interface World {
  simulation: Simulation;
  recorder: TraceRecorder;
}

export function newWorld(scenario: string, seed: number | string = 1): World {
  return { simulation: new Simulation(seed), recorder: new TraceRecorder(scenario, seed, 'client') };
}

/**
 * The parties and links of a client talking to one endpoint: client, recursive resolver,
 * Route 53 and the endpoint, with one-way latencies of half the profile's round trips. Given a `world`, it declares
 * its parties and links in it (the client, resolver and Route 53 are the same parties for every host).
 */
export class Topology {
  readonly simulation: Simulation;
  readonly recorder: TraceRecorder;
  readonly network: NetworkProfile;
  readonly clientToServer: Link;
  readonly serverToClient: Link;
  private readonly clientToResolver: Link;
  private readonly resolverToClient: Link;
  private readonly resolverToAuthoritative: Link;
  private readonly authoritativeToResolver: Link;

  readonly endpoint: Endpoint;
  /** Connections opened so far: the index into ScenarioOptions.mergedOnPath. */
  private connectionsOpened = 0;

  constructor(scenario: string, readonly options: ScenarioOptions, readonly url: ParsedUrl, endpoint: string | Endpoint, world: World = newWorld(scenario, options.seed)) {
    this.endpoint = typeof endpoint === 'string' ? { id: 'server', label: endpoint, kind: 'server' } : endpoint;
    this.simulation = world.simulation;
    this.recorder = world.recorder;
    this.network = networkProfile(options.network, options.networkOverrides);
    const recorder = this.recorder;
    recorder.participant({ id: 'client', label: 'Client', kind: 'client' });
    recorder.participant({ id: 'resolver', label: 'DNS resolver', kind: 'dns' });
    recorder.participant({ id: 'route53', label: 'Route 53', kind: 'dns' });
    const { id, label, kind } = this.endpoint;
    recorder.participant({ id, label, kind });
    const n = this.network;
    const link = (from: string, to: string, rttMs: number, mbps: number): Link =>
      new Link(this.simulation, from, to, { latencyMs: rttMs / 2, bandwidthBitsPerSecond: mbps * 1e6, mtu: n.mtu, jitterMs: n.jitterMs, lossRate: n.lossRate });
    const rtt = this.endpoint.rttMs ?? n.clientToRegionRttMs;
    this.clientToServer = link('client', id, rtt, n.uplinkMbps);
    this.serverToClient = link(id, 'client', rtt, n.downlinkMbps);
    this.clientToResolver = link('client', 'resolver', n.clientToResolverRttMs, n.uplinkMbps);
    this.resolverToClient = link('resolver', 'client', n.clientToResolverRttMs, n.downlinkMbps);
    this.resolverToAuthoritative = link('resolver', 'route53', n.resolverToAuthoritativeRttMs, n.regionMbps);
    this.authoritativeToResolver = link('route53', 'resolver', n.resolverToAuthoritativeRttMs, n.regionMbps);
  }

  lookup(cache: DnsCacheState, onResolved: () => void): void {
    const answers: DnsAnswer[] = (this.options.addresses ?? ['203.0.113.10']).map((address) => ({ type: 'A', name: this.url.host, data: address, ttl: 60 }));
    if (/^[\d.]+$/.test(this.url.host)) {
      onResolved(); // an IP literal needs no lookup
      return;
    }
    dnsLookup(this.simulation, this.recorder, {
      hostname: this.url.host, answers, cache,
      clientId: 'client', resolverId: 'resolver', authoritativeId: 'route53',
      clientToResolver: this.clientToResolver, resolverToClient: this.resolverToClient,
      resolverToAuthoritative: this.resolverToAuthoritative, authoritativeToResolver: this.authoritativeToResolver,
    }, onResolved);
  }

  /**
   * TCP connect, then the TLS handshake for secure URLs; `onReady` gets the transport the client
   * may write to and the HTTP version the connection speaks (ALPN's answer). A WebSocket
   * connection always speaks HTTP/1.1: browsers open a WebSocket on a connection of its own with
   * the HTTP/1.1 Upgrade (RFC 6455 §4.1), and API Gateway documents no WebSockets over HTTP/2
   * (RFC 8441's extended CONNECT). Chromium offers only http/1.1 on that connection (the
   * profile's webSocketAlpn).
   */
  connect(resumption: TlsResumption, onReady: (transport: Transport, httpVersion: HttpVersion) => void, application: 'http' | 'websocket' = 'http'): void {
    const forced = application === 'websocket' ? '1.1' : this.options.httpVersion === undefined ? undefined : oneOf('httpVersion', this.options.httpVersion, HTTP_VERSIONS);
    const merged = this.options.mergedOnPath?.[this.connectionsOpened++];
    const tcp = new TcpConnection(this.simulation, this.recorder, 'client', this.endpoint.id, this.clientToServer, this.serverToClient, { ...this.options.tcp, ...(merged ? { mergedOnPath: merged } : {}) });
    tcp.connect(() => {
      if (!this.url.secure) {
        onReady(tcp, forced ?? '1.1');
        return;
      }
      const server = this.options.server ?? API_GATEWAY_SERVER;
      const profile = withClientWrites(withClientCompute(clientProfile(this.options.clientProfile ?? 'node'), this.options.clientComputeMs), this.options.clientWriteGapsMs);
      const offered = application === 'websocket' && profile.webSocketAlpn ? profile.webSocketAlpn : forced === '2' && !profile.alpn.includes(ALPN_H2) ? [ALPN_H2] : profile.alpn;
      const serverAlpn = forced === '1.1' ? [ALPN_HTTP1] : forced === '2' ? [ALPN_H2, ALPN_HTTP1] : server.alpn;
      const tls = new TlsConnection(this.simulation, this.recorder, tcp, {
        version: this.options.tlsVersion ?? '1.3',
        resumption,
        earlyData: this.options.earlyData ?? false,
        ...(this.options.cipherSuite ? { cipherSuite: this.options.cipherSuite } : {}),
        ...(this.options.serverTlsVersions ? { serverVersions: this.options.serverTlsVersions } : {}),
        ...(/^[\d.]+$/.test(this.url.host) ? {} : { serverName: this.url.host }),
        alpn: offered,
        ...(serverAlpn ? { serverAlpn } : {}),
        client: profile,
        server,
      });
      // An h2 server's session starts as its handshake ends, whenever the client writes (http2Client.ts).
      if (tls.alpnProtocol === ALPN_H2) startHttp2Server(this, tls, this.options.clientProfile);
      tls.handshake(() => onReady(tls, httpVersionOf(tls.alpnProtocol)));
    });
  }

  run(): void {
    // Generous bound: a scenario that has not settled after this many events is a model bug.
    this.simulation.run({ maxEvents: 50_000_000 });
  }
}

/** A deterministic body of `length` bytes: JSON-looking filler, the same for the same length. */
export function fillerBody(length: number): Uint8Array {
  const body = new Uint8Array(length);
  const pattern = Buffer.from('{"id":"123","name":"Trail running shoe","price":129.95,"stock":42}', 'latin1');
  for (let i = 0; i < length; i++) body[i] = pattern[i % pattern.length];
  return body;
}

/** The profile with its first writes' gaps replaced (ScenarioOptions.clientWriteGapsMs). */
function withClientWrites(profile: TlsClientProfile, gapsMs: readonly number[] | undefined): TlsClientProfile {
  if (gapsMs === undefined) return profile;
  return { ...profile, firstWriteGapsMs: gapsMs.map((gap) => nonNegative('clientWriteGapsMs', gap)) };
}

/** The profile with its full handshake's compute replaced (ScenarioOptions.clientComputeMs); a resumed one keeps the profile's. */
function withClientCompute(profile: TlsClientProfile, computeMs: number | undefined): TlsClientProfile {
  if (computeMs === undefined) return profile;
  const full = nonNegative('clientComputeMs', computeMs);
  return { ...profile, serverFlightComputeMs: { full, resumed: profile.serverFlightComputeMs?.resumed ?? 0 } };
}
