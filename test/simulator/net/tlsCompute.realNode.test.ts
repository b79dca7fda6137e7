import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tls from 'node:tls';
import { nodeServerProfile, type TlsVersion } from '../../../simulator/net/tlsProfiles';
import { captureLoopback, type CapturedSegment } from '../../helpers/loopbackCapture';
import { modelTls } from '../../helpers/modelTls';
import { makeCertificate, type TestCertificate } from '../../helpers/tlsCapture';
import { median } from '../../../simulator/fidelity/median';

/*
 * The server's TLS compute time: from the ClientHello's arrival to the first segment of the
 * server's flight. Measured here as tlsProfiles.ts says it was: node:tls on 127.0.0.1, dumpcap on
 * `lo`, warm connections, the median gap; full handshakes (a fresh client) and resumed ones (the
 * client offers the session of the connection before). The profile's figure must be within a
 * factor of 3 of what this machine measures, either way: the figure is one machine's, and a
 * machine three times faster or slower than it (or a badly loaded one) is not what it describes.
 * The model must then wait exactly that long before its flight leaves.
 */

const SERVER_NAME = 'compute.example.com';
const CONNECTIONS = 16;
const FACTOR = 3;

let certificate: TestCertificate;
before(() => {
  certificate = makeCertificate(SERVER_NAME);
});

/** Per captured connection (in order), the ms from its ClientHello to the server's first data. */
function helloToFlight(segments: readonly CapturedSegment[]): number[] {
  const gaps: number[] = [];
  let hello: number | undefined;
  let answered = false;
  for (const segment of segments) {
    if (segment.flags === 'SYN') [hello, answered] = [undefined, false];
    if (segment.payloadBytes === 0 || answered) continue;
    // The ClientHello's last segment (one, on loopback's MSS) starts the server's work.
    if (segment.from === 'client') hello = segment.time;
    else if (hello !== undefined) {
      gaps.push((segment.time - hello) * 1000);
      answered = true;
    }
  }
  return gaps;
}

/** Alternating full and resumed handshakes against one node:tls server: the gaps of each kind. */
async function measured(version: TlsVersion): Promise<{ full: number[]; resumed: number[] }> {
  const maxVersion = version === '1.3' ? 'TLSv1.3' : 'TLSv1.2';
  const server = tls.createServer({ key: certificate.key, cert: certificate.cert, maxVersion }, (socket) => {
    socket.on('data', () => socket.end('ok'));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  let session: Buffer | undefined;
  const connect = (resume: boolean): Promise<void> => new Promise((resolve, reject) => {
    const client = tls.connect({ host: '127.0.0.1', port, servername: SERVER_NAME, ca: certificate.cert, maxVersion, ...(resume && session ? { session } : {}) }, () => client.write('x'));
    client.on('session', (ticket: Buffer) => { session = ticket; });
    client.on('error', reject);
    client.on('close', () => resolve());
    client.resume();
  });
  const series = async (): Promise<void> => {
    for (let index = 0; index < CONNECTIONS; index++) await connect(index % 2 === 1);
  };
  try {
    await series(); // warm-up, not captured
    const { segments } = await captureLoopback(port, series);
    const gaps = helloToFlight(segments);
    assert.equal(gaps.length, CONNECTIONS, 'one ClientHello and one server flight per connection');
    return { full: gaps.filter((_, index) => index % 2 === 0), resumed: gaps.filter((_, index) => index % 2 === 1) };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

for (const version of ['1.3', '1.2'] as const) {
  describe(`the TLS ${version} server's compute time before its first flight`, () => {
    const profile = nodeServerProfile([0]).handshakeComputeMs[version];

    it('is what node:tls takes on this machine, within a factor of 3, for full and resumed handshakes', async (context) => {
      const gaps = await measured(version);
      for (const kind of ['full', 'resumed'] as const) {
        const real = median(gaps[kind]);
        context.diagnostic(`${kind}: measured median ${real.toFixed(3)} ms (${gaps[kind].map((gap) => gap.toFixed(2)).join(', ')}), profile ${profile[kind]} ms`);
        assert.ok(real / FACTOR <= profile[kind] && profile[kind] <= real * FACTOR, `${kind}: the profile says ${profile[kind]} ms, this machine measured ${real.toFixed(3)} ms`);
      }
    });

    for (const resumption of ['none', 'ticket'] as const) {
      it(`holds the flight back by the profile's figure in the model (${resumption === 'none' ? 'full' : 'resumed'})`, () => {
        const { simulation, recorder, tcp, connection } = modelTls({ version, resumption, serverName: SERVER_NAME, certificateBytes: 1000, latencyMs: 10, mtu: 1500 });
        tcp.connect(() => connection.handshake(() => {}));
        simulation.run();
        const events = recorder.finish().events;
        const hello = events.find((event) => event.kind === 'tls.client_hello')!;
        const serverHello = events.find((event) => event.kind === 'tls.server_hello')!;
        const expected = resumption === 'none' ? profile.full : profile.resumed;
        assert.ok(Math.abs(serverHello.time - hello.arrival - expected) < 1e-9, `ServerHello left ${serverHello.time - hello.arrival} ms after the ClientHello arrived`);
      });
    }
  });
}
