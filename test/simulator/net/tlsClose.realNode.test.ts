import assert from 'node:assert/strict';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { before, describe, it } from 'node:test';
import * as tls from 'node:tls';
import { Simulation } from '../../../simulator/engine/simulation';
import { Link } from '../../../simulator/engine/link';
import { TcpConnection } from '../../../simulator/net/tcp';
import { TlsConnection } from '../../../simulator/net/tls';
import { CLIENT_PROFILES, NODE_TLS_END, nodeServerProfile } from '../../../simulator/net/tlsProfiles';
import { TraceRecorder } from '../../../simulator/trace/recorder';
import { makeCertificate, splitRecords, type TestCertificate } from '../../helpers/tlsCapture';

/*
 * How a TLS connection closes, as node:tls does it on loopback (RFC 8446 §6.1: "each party
 * MUST send a close_notify alert before closing its write side of the connection"): the
 * client calls end(); a recording relay between it and a node:tls server logs every chunk and
 * each direction's FIN in the order the relay read them, and holds the client's FIN back, so
 * that what the server does on reading the close_notify alone shows. The model's client-first
 * close, by a client that end()s its socket (NODE_TLS_END), must say the same.
 */

const SERVER_NAME = 'close.example.com';
type WireEvent = { direction: 'up' | 'down'; what: 'close_notify' | 'data' | 'FIN'; bytes: number; at: number };

let certificate: TestCertificate;
before(() => {
  certificate = makeCertificate(SERVER_NAME);
});

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

/** One connection: a request, a response, then the client's end(); the wire as the relay saw it after the response. */
async function realClose(version: 'TLSv1.2' | 'TLSv1.3', holdClientFinMs: number): Promise<{ wire: WireEvent[]; clientFinPassedAt: number }> {
  const sockets = new Set<Socket>();
  const server = tls.createServer({ key: certificate.key, cert: certificate.cert, maxVersion: version }, (socket) => {
    sockets.add(socket);
    socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    socket.on('error', () => {});
  });
  const events: WireEvent[] = [];
  // Infinity while the relay still holds the client's FIN.
  let clientFinPassedAt = Infinity;
  let holding: NodeJS.Timeout | undefined;
  let closing = false;
  let finsSeen = 0;
  let bothFins: () => void = () => {};
  const closed = new Promise<void>((resolve) => { bothFins = resolve; });
  const fin = (direction: 'up' | 'down'): void => {
    events.push({ direction, what: 'FIN', bytes: 0, at: performance.now() });
    if (++finsSeen === 2) bothFins();
  };
  // Half-open legs: each FIN is passed on only when the relay decides, never by the socket itself.
  const relay = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = netConnect({ port: tlsPort, host: '127.0.0.1', allowHalfOpen: true });
    sockets.add(client).add(upstream);
    const record = (direction: 'up' | 'down', chunk: Buffer): void => {
      if (!closing) return;
      for (const { contentType, bytes } of splitRecords(chunk)) {
        // TLS 1.3 seals alerts as application_data (RFC 8446 §5.2): after the response, the only record each side sends is its close_notify.
        events.push({ direction, what: contentType === 21 || (version === 'TLSv1.3' && bytes === 24) ? 'close_notify' : 'data', bytes, at: performance.now() });
      }
    };
    client.on('data', (chunk: Buffer) => { record('up', chunk); upstream.write(chunk); });
    upstream.on('data', (chunk: Buffer) => { record('down', chunk); client.write(chunk); });
    client.on('end', () => { fin('up'); holding = setTimeout(() => { clientFinPassedAt = performance.now(); upstream.end(); }, holdClientFinMs); });
    upstream.on('end', () => { fin('down'); client.end(); });
    client.on('error', () => {});
    upstream.on('error', () => {});
  });
  const tlsPort = await listen(server);
  const relayPort = await listen(relay);
  try {
    await new Promise<void>((resolve, reject) => {
      const client = tls.connect({ host: '127.0.0.1', port: relayPort, servername: SERVER_NAME, ca: certificate.cert, maxVersion: version }, () => client.write('GET / HTTP/1.1\r\n\r\n'));
      sockets.add(client);
      client.on('error', reject);
      client.once('data', () => {
        // Past the tickets: what follows is the close alone.
        setTimeout(() => { closing = true; client.end(); }, 50);
      });
      client.on('close', () => resolve());
    });
    const deadline = setTimeout(bothFins, 2000);
    await closed;
    clearTimeout(deadline);
    return { wire: events, clientFinPassedAt };
  } finally {
    clearTimeout(holding);
    for (const socket of sockets) socket.destroy();
    await Promise.all([new Promise((resolve) => relay.close(resolve)), new Promise((resolve) => server.close(resolve))]);
  }
}

/** The model's close of a connection closed by the client after one exchange: the TLS and TCP events of the close, in time order. */
function modelledClose(version: '1.2' | '1.3', oneWayMs: number): { name: string; from: string; time: number; arrival: number }[] {
  const simulation = new Simulation(7);
  const recorder = new TraceRecorder('close', 7);
  recorder.participant({ id: 'client', label: 'Client', kind: 'client' });
  recorder.participant({ id: 'server', label: 'Server', kind: 'server' });
  const link = (from: string, to: string): Link => new Link(simulation, from, to, { latencyMs: oneWayMs, bandwidthBitsPerSecond: 1e9, mtu: 1500 });
  const tcp = new TcpConnection(simulation, recorder, 'client', 'server', link('client', 'server'), link('server', 'client'));
  const connection = new TlsConnection(simulation, recorder, tcp, {
    version, resumption: 'none', earlyData: false, serverName: SERVER_NAME, alpn: [], client: { ...CLIENT_PROFILES.node, close: NODE_TLS_END }, server: nodeServerProfile([certificate.derBytes]),
  });
  let closeAt = 0;
  tcp.connect(() => connection.handshake(() => connection.send('client', 40, () => connection.send('server', 40, () => {
    closeAt = simulation.now;
    connection.close('client');
  }))));
  simulation.run();
  return recorder.finish().events
    .filter((event) => event.time >= closeAt && (event.name === 'Alert (close_notify)' || event.kind === 'tcp.fin'))
    .map(({ name, from, time, arrival }) => ({ name, from, time, arrival }));
}

for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
  describe(`closing a ${version} connection from the client, as node:tls does it`, () => {
    it('the server answers the client\'s close_notify with its own close_notify, then its FIN, without waiting for the client\'s FIN', async () => {
      const { wire, clientFinPassedAt } = await realClose(version, 300);
      const sequence = wire.map((event) => `${event.direction} ${event.what}`);
      assert.deepEqual(sequence, ['up close_notify', 'up FIN', 'down close_notify', 'down FIN'], JSON.stringify(wire));
      const closeNotify = wire.filter((event) => event.what === 'close_notify');
      assert.equal(closeNotify[0].bytes, closeNotify[1].bytes, 'both alerts are the same size');
      // The relay held the client's FIN for 300 ms: the server's answer came before it was passed on.
      assert.ok(closeNotify[1].at < clientFinPassedAt, `server close_notify at ${closeNotify[1].at.toFixed(1)}, client FIN passed on at ${clientFinPassedAt.toFixed(1)}`);
    });

    it('is what the model sends: the server\'s close_notify and FIN one one-way delay after the client\'s', async () => {
      const { wire } = await realClose(version, 0);
      const modelled = modelledClose(version === 'TLSv1.3' ? '1.3' : '1.2', 20);
      const sides = modelled.map((event) => `${event.from === 'client' ? 'up' : 'down'} ${event.name === 'Alert (close_notify)' ? 'close_notify' : 'FIN'}`);
      assert.deepEqual(sides, wire.map((event) => `${event.direction} ${event.what}`));
      const [clientAlert, , serverAlert, serverFin] = modelled;
      // The server writes its answer as it reads the client's alert: one one-way delay (20 ms) after the client's.
      assert.ok(Math.abs(serverAlert.time - clientAlert.arrival) < 0.1, JSON.stringify(modelled));
      assert.ok(Math.abs(serverAlert.time - clientAlert.time - 20) < 0.5, JSON.stringify(modelled));
      assert.ok(serverFin.time >= serverAlert.time);
    });
  });
}
