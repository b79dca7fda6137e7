import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createServer as createHttpsServer } from 'node:https';
import * as tls from 'node:tls';
import { WebSocket, WebSocketServer, type ClientOptions } from 'ws';
import { captureLoopback, type CapturedSegment } from '../../helpers/loopbackCapture';
import { modelTls } from '../../helpers/modelTls';
import { makeCertificate, type TestCertificate } from '../../helpers/tlsCapture';

/*
 * TCP segments as Linux puts them on the wire, held against the model. A real node:tls client
 * and server exchange three requests on one kept-alive connection on 127.0.0.1 while dumpcap
 * records `lo`; the model plays the same exchange (same certificate sizes, the `node` client
 * profile, the loopback MTU) and both are compared direction by direction: every segment's
 * flags and payload size, pure ACKs included.
 *
 * What Linux does that the comparison shows:
 * - what an application writes together leaves together, cut only at the MSS: OpenSSL writes a
 *   whole flight (ServerHello ... Finished) at once; the client's ChangeCipherSpec + Finished and
 *   its first request leave in one segment; the 1.3 server's two tickets and its response too;
 * - quick ACKs at the start (tcp_in_quickack_mode: the ClientHello and the server's first flight
 *   are ACKed at once, before the peer's application has answered), then delayed ACKs
 *   (40 ms, TCP_DELACK_MIN) once a side answers within the ACK timeout (pingpong mode), which
 *   its answers then carry.
 *
 * Genuinely timing-dependent, and tolerated: whether an ACK rides on the answer or leaves alone
 * when the delayed-ACK timer (40 ms) fires first. A real application that takes more than 40 ms
 * to answer (a cold JIT, a loaded machine) gets a pure ACK out; the model's application answers
 * at once. A warm-up connection before the capture keeps that rare; when it happens, the pure
 * ACKs of that direction are compared only up to it, and the data segments still exactly.
 * Handshake payloads are compared within 2%, as tls.realNode.test.ts compares the records
 * (the ClientHello is modelled, not copied); everything after the handshake exactly.
 */

const SERVER_NAME = 'shop.example.com';
const REQUEST = 'GET /products/123 HTTP/1.1\r\nHost: shop.example.com\r\n\r\n';
const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
const REQUESTS = 3;
/** `ip link show lo`: 65536; Linux announces an MSS of 65495 on it, the MSS of a 65535-byte MTU (the model's largest). */
const LOOPBACK_MTU = 65535;
/** Linux's TCP_DELACK_MIN: a pure ACK sent this long after the data it answers is the delayed-ACK timer's. */
const DELAYED_ACK_SECONDS = 0.039;

let certificate: TestCertificate;
before(() => {
  certificate = makeCertificate(SERVER_NAME);
});

type Version = '1.2' | '1.3';

/** A node:tls client that writes REQUEST, waits for the response, three times, then end()s; the server answers each request at once. */
async function realKeepAlive(version: Version): Promise<CapturedSegment[]> {
  const maxVersion = version === '1.3' ? 'TLSv1.3' : 'TLSv1.2';
  const server = tls.createServer({ key: certificate.key, cert: certificate.cert, maxVersion }, (socket) => {
    socket.on('data', () => socket.write(RESPONSE));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const exchange = (): Promise<void> => new Promise((resolve, reject) => {
    const client = tls.connect({ host: '127.0.0.1', port, servername: SERVER_NAME, ca: certificate.cert, maxVersion }, () => client.write(REQUEST));
    let responses = 0;
    client.on('data', () => {
      if (++responses < REQUESTS) client.write(REQUEST);
      else client.end();
    });
    client.on('error', reject);
    client.on('close', () => resolve());
  });
  try {
    // Warm-up, not captured: the first handshake in a process compiles code paths, and a slow
    // answer would let a delayed-ACK timer fire where a warm application answers in time.
    await exchange();
    const { segments } = await captureLoopback(port, exchange);
    return segments;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The same exchange in the model, on links with loopback's MTU and a loopback-like delay. */
function modelledKeepAlive(version: Version): CapturedSegment[] {
  const { simulation, recorder, tcp, connection } = modelTls({ version, serverName: SERVER_NAME, certificateBytes: certificate.derBytes, latencyMs: 0.02, mtu: LOOPBACK_MTU });
  const request = (index: number): void => connection.send('client', REQUEST.length, () => connection.send('server', RESPONSE.length, () => {
    if (index < REQUESTS) request(index + 1);
    else connection.close('client');
  }));
  tcp.connect(() => connection.handshake(() => request(1)));
  simulation.run();
  return recorder.finish().packets.map((packet) => ({
    from: packet.from === 'client' ? 'client' : 'server', flags: packet.flags ?? '', payloadBytes: packet.payloadBytes, ipBytes: packet.ipBytes, time: packet.time / 1000,
  }));
}

/** `PSH, ACK 374` per segment, for messages that show both sides whole. */
function listing(segments: readonly CapturedSegment[]): string {
  return segments.map((segment) => `${segment.flags} ${segment.payloadBytes}`).join(' | ');
}

const isPureAck = (segment: CapturedSegment): boolean => segment.flags === 'ACK' && segment.payloadBytes === 0;

/** The real segments of `side` up to the first pure ACK its delayed-ACK timer sent (see the header comment), and whether one was cut. */
function upToFirstTimerAck(all: readonly CapturedSegment[], side: CapturedSegment['from']): { segments: CapturedSegment[]; cut: boolean } {
  const segments: CapturedSegment[] = [];
  let lastReceived = -Infinity;
  for (const segment of all) {
    if (segment.from !== side) {
      if (segment.payloadBytes > 0) lastReceived = segment.time;
      continue;
    }
    if (isPureAck(segment) && segment.time - lastReceived >= DELAYED_ACK_SECONDS) return { segments, cut: true };
    segments.push(segment);
  }
  return { segments, cut: false };
}

function assertSameSegments(real: readonly CapturedSegment[], modelled: readonly CapturedSegment[], side: CapturedSegment['from'], handshakeSegments: number): void {
  const mine = modelled.filter((segment) => segment.from === side);
  const theirs = real.filter((segment) => segment.from === side);
  const context = `${side}: real ${listing(theirs)}\n  model ${listing(mine)}`;
  // Data and control segments: every one, in order.
  const carrying = (segments: readonly CapturedSegment[]): CapturedSegment[] => segments.filter((segment) => !isPureAck(segment));
  const [realData, modelData] = [carrying(theirs), carrying(mine)];
  assert.deepEqual(modelData.map((segment) => segment.flags), realData.map((segment) => segment.flags), `segment flags differ\n  ${context}`);
  modelData.forEach((segment, index) => {
    const expected = realData[index].payloadBytes;
    const tolerance = index < handshakeSegments ? Math.ceil(expected * 0.02) : 0;
    assert.ok(Math.abs(segment.payloadBytes - expected) <= tolerance, `segment ${index + 1}: modelled ${segment.payloadBytes} B, real ${expected} B\n  ${context}`);
  });
  // Pure ACKs: where each falls among the data segments.
  const { segments: comparable, cut } = upToFirstTimerAck(real, side);
  const shape = (segments: readonly CapturedSegment[]): string[] => segments.map((segment) => (isPureAck(segment) ? 'ACK' : 'data'));
  const modelShape = shape(mine).slice(0, cut ? comparable.length : undefined);
  assert.deepEqual(modelShape, shape(comparable), `pure ACKs differ${cut ? ' (compared up to a delayed-ACK timer the real side ran)' : ''}\n  ${context}`);
}

for (const version of ['1.3', '1.2'] as const) {
  describe(`TCP segments of a kept-alive TLS ${version} connection, against Linux on loopback`, () => {
    it('sends what is written together in one segment, and ACKs as Linux does', async () => {
      const real = await realKeepAlive(version);
      const modelled = modelledKeepAlive(version);
      // SYN or SYN-ACK, then two segments of each side carry handshake records.
      const handshakeSegments = 3;
      assertSameSegments(real, modelled, 'client', handshakeSegments);
      assertSameSegments(real, modelled, 'server', handshakeSegments);
      assert.equal(modelled.length, real.length, `packet count\n  real ${listing(real)}\n  model ${listing(modelled)}`);
    });
  });
}

/*
 * A WebSocket session over TLS 1.3 as `ws` runs one: the Upgrade and its 101, three messages echoed,
 * the client's close frame with a reason, the server's close frame, and the server closing the
 * connection (RFC 6455 §7.1.1: the server closes the TCP connection first; `ws` ends its socket a
 * few milliseconds after its close frame), the client answering the server's close_notify.
 */
const MESSAGE = '{"subscribe":"prices"}';
const MESSAGES = 3;
const CLOSE_REASON = 'done';

interface WebSocketCapture {
  segments: CapturedSegment[];
  /** Bytes of the Upgrade request and of the 101, rebuilt from the raw header lists each side read. */
  upgradeBytes: number;
  switchingBytes: number;
}

const headBytes = (startLine: string, rawHeaders: readonly string[]): number =>
  Buffer.byteLength(`${startLine}\r\n${rawHeaders.map((value, index) => (index % 2 === 0 ? `${value}: ` : `${value}\r\n`)).join('')}\r\n`, 'latin1');

async function realWebSocket(): Promise<WebSocketCapture> {
  const server = createHttpsServer({ key: certificate.key, cert: certificate.cert, maxVersion: 'TLSv1.3' });
  const webSockets = new WebSocketServer({ server });
  webSockets.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
  let upgradeBytes = 0;
  let switchingBytes = 0;
  server.on('upgrade', (request: { method: string; url: string; rawHeaders: string[] }) => {
    upgradeBytes = headBytes(`${request.method} ${request.url} HTTP/1.1`, request.rawHeaders);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const session = (): Promise<void> => new Promise((resolve, reject) => {
    const options: ClientOptions & tls.ConnectionOptions = { ca: certificate.cert, servername: SERVER_NAME, maxVersion: 'TLSv1.3' };
    const socket = new WebSocket(`wss://127.0.0.1:${port}/feed`, options);
    socket.on('upgrade', (response) => {
      switchingBytes = headBytes(`HTTP/1.1 ${response.statusCode} ${response.statusMessage}`, response.rawHeaders);
    });
    socket.on('open', () => socket.send(MESSAGE));
    let echoes = 0;
    socket.on('message', () => {
      if (++echoes < MESSAGES) socket.send(MESSAGE);
      else socket.close(1000, CLOSE_REASON);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
  try {
    await session(); // warm-up, not captured
    const { segments } = await captureLoopback(port, session);
    return { segments, upgradeBytes, switchingBytes };
  } finally {
    webSockets.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The same session in the model; frame sizes by RFC 6455 §5.2 (client frames masked: 4 more bytes). */
function modelledWebSocket(upgradeBytes: number, switchingBytes: number): CapturedSegment[] {
  const { simulation, recorder, tcp, connection } = modelTls({ version: '1.3', serverName: SERVER_NAME, certificateBytes: certificate.derBytes, latencyMs: 0.02, mtu: LOOPBACK_MTU });
  const textFrame = 2 + MESSAGE.length;
  const closeFrame = 2 + 2 + CLOSE_REASON.length;
  const message = (index: number): void => connection.send('client', textFrame + 4, () => connection.send('server', textFrame, () => {
    if (index < MESSAGES) message(index + 1);
    // The server echoes the close frame, then ends its socket after the write completes (a few ms in `ws`).
    else {
      connection.send('client', closeFrame + 4, () => {
        connection.send('server', closeFrame, () => {});
        simulation.schedule(5, () => connection.close('server'));
      });
    }
  }));
  tcp.connect(() => connection.handshake(() => connection.send('client', upgradeBytes, () => connection.send('server', switchingBytes, () => message(1)))));
  simulation.run();
  return recorder.finish().packets.map((packet) => ({
    from: packet.from === 'client' ? 'client' : 'server', flags: packet.flags ?? '', payloadBytes: packet.payloadBytes, ipBytes: packet.ipBytes, time: packet.time / 1000,
  }));
}

describe('TCP segments of a WebSocket session over TLS 1.3, against Linux on loopback', () => {
  it('sends what is written together in one segment, and ACKs as Linux does', async () => {
    const real = await realWebSocket();
    const modelled = modelledWebSocket(real.upgradeBytes, real.switchingBytes);
    assertSameSegments(real.segments, modelled, 'client', 3);
    assertSameSegments(real.segments, modelled, 'server', 3);
    assert.equal(modelled.length, real.segments.length, `packet count\n  real ${listing(real.segments)}\n  model ${listing(modelled)}`);
  });
});
