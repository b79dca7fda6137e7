import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Link } from '../../../simulator/engine/link';
import { Simulation } from '../../../simulator/engine/simulation';
import { TcpConnection } from '../../../simulator/net/tcp';
import { TlsConnection } from '../../../simulator/net/tls';
import { CLIENT_PROFILES, nodeServerProfile, type TlsClientProfile } from '../../../simulator/net/tlsProfiles';
import { TraceRecorder } from '../../../simulator/trace/recorder';

/*
 * How each client profile ends a TLS connection, against what the fidelity harness captured of
 * the real programs (Chromium 156, curl 7.88 over h2, Node's https agent, ws) and a node:tls
 * server: no close_notify from any of them when they close; the server answers the bare FIN with
 * its close_notify and its FIN; the client, its socket released, answers with RSTs (RFC 1122
 * §4.2.2.13). When the server closes first, only Node answers with a close_notify.
 */

type Step = string;

/** One exchange, then a close from `closer`; the close's packets and alerts in time order, as `side what`. */
function closeOf(client: TlsClientProfile, closer: 'client' | 'server', alpn: readonly string[] = []): Step[] {
  const simulation = new Simulation(3);
  const recorder = new TraceRecorder('close', 3);
  recorder.participant({ id: 'client', label: 'Client', kind: 'client' });
  recorder.participant({ id: 'server', label: 'Server', kind: 'server' });
  const link = (from: string, to: string): Link => new Link(simulation, from, to, { latencyMs: 20, bandwidthBitsPerSecond: 1e9, mtu: 1500 });
  const tcp = new TcpConnection(simulation, recorder, 'client', 'server', link('client', 'server'), link('server', 'client'));
  const connection = new TlsConnection(simulation, recorder, tcp, {
    version: '1.3', resumption: 'none', earlyData: false, serverName: 'close.example.com', alpn, serverAlpn: alpn, client, server: nodeServerProfile([1200]),
  });
  let closeAt = Infinity;
  tcp.connect(() => connection.handshake(() => connection.send('client', 300, () => connection.send('server', 300, () => {
    // Past the tickets and their ACKs: what follows is the close alone.
    simulation.schedule(200, () => {
      closeAt = simulation.now;
      connection.close(closer);
    });
  }))));
  simulation.run();
  const trace = recorder.finish();
  const alerts = trace.events.filter((event) => event.kind === 'tls.alert' && event.time >= closeAt).map((event) => ({ time: event.time, step: `${event.from} close_notify` }));
  const control = trace.packets.filter((packet) => packet.time >= closeAt && /FIN|RST/.test(packet.flags ?? '')).map((packet) => ({ time: packet.time, step: `${packet.from} ${packet.flags!.includes('FIN') ? 'FIN' : 'RST'}` }));
  assert.ok(!trace.events.some((event) => event.kind === 'tcp.retransmission'), 'nothing is retransmitted: a RST ends the connection');
  return [...alerts, ...control].sort((a, b) => a.time - b.time).map((entry) => entry.step);
}

describe('a client profile closing its TLS connection', () => {
  const released = ['client FIN', 'server close_notify', 'server FIN', 'client RST', 'client RST'];

  it('Chromium, curl over h2 and Node\'s https agent send a FIN with no close_notify, and RST the server\'s close_notify and FIN', () => {
    assert.deepEqual(closeOf(CLIENT_PROFILES.browser, 'client', ['h2', 'http/1.1']), released);
    assert.deepEqual(closeOf(CLIENT_PROFILES.curl, 'client', ['h2', 'http/1.1']), released);
    assert.deepEqual(closeOf(CLIENT_PROFILES.node, 'client'), released);
  });

  it('curl over HTTP/1.1 sends its close_notify first (its TLS filter\'s close calls SSL_shutdown)', () => {
    assert.deepEqual(closeOf(CLIENT_PROFILES.curl, 'client', ['http/1.1']), ['client close_notify', ...released]);
  });

  it('when the server closes first, Node answers its close_notify and Chromium does not (the harness\'s WebSocket captures)', () => {
    assert.deepEqual(closeOf(CLIENT_PROFILES.node, 'server'), ['server close_notify', 'server FIN', 'client close_notify', 'client FIN']);
    assert.deepEqual(closeOf(CLIENT_PROFILES.browser, 'server', ['http/1.1']), ['server close_notify', 'server FIN', 'client FIN']);
  });
});
