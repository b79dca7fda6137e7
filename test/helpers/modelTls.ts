/**
 * A model TLS connection between a `node` client and a `node` server over a pair of links, for
 * tests that hold the model against a real node:tls exchange on loopback, whose client closes
 * with end() (NODE_TLS_END), not as the `node` profile's https agent does.
 */
import { Link } from '../../simulator/engine/link';
import { Simulation } from '../../simulator/engine/simulation';
import { TcpConnection } from '../../simulator/net/tcp';
import { TlsConnection, type TlsResumption } from '../../simulator/net/tls';
import { CLIENT_PROFILES, NODE_TLS_END, nodeServerProfile, type ClientProfileName, type TlsVersion } from '../../simulator/net/tlsProfiles';
import { TraceRecorder } from '../../simulator/trace/recorder';

export interface ModelTlsOptions {
  version: TlsVersion;
  resumption?: TlsResumption;
  serverName: string;
  /** DER size of the server's one certificate. */
  certificateBytes: number;
  /** One-way delay of each link (ms). */
  latencyMs: number;
  mtu: number;
  /** The client profile (default `node`). */
  client?: ClientProfileName;
}

export interface ModelTls {
  simulation: Simulation;
  recorder: TraceRecorder;
  tcp: TcpConnection;
  connection: TlsConnection;
}

export function modelTls(options: ModelTlsOptions): ModelTls {
  const simulation = new Simulation(1);
  const recorder = new TraceRecorder('node:tls', 1);
  recorder.participant({ id: 'client', label: 'Client', kind: 'client' });
  recorder.participant({ id: 'server', label: 'Server', kind: 'server' });
  const link = (from: string, to: string): Link => new Link(simulation, from, to, { latencyMs: options.latencyMs, bandwidthBitsPerSecond: 1e10, mtu: options.mtu });
  const tcp = new TcpConnection(simulation, recorder, 'client', 'server', link('client', 'server'), link('server', 'client'));
  const connection = new TlsConnection(simulation, recorder, tcp, {
    version: options.version, resumption: options.resumption ?? 'none', earlyData: false, serverName: options.serverName, alpn: [],
    // Node as the real-node tests drive it (end(), not destroy()); another profile as it is.
    client: options.client ? CLIENT_PROFILES[options.client] : { ...CLIENT_PROFILES.node, close: NODE_TLS_END }, server: nodeServerProfile([options.certificateBytes]),
  });
  return { simulation, recorder, tcp, connection };
}
