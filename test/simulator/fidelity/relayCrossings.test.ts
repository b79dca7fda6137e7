import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionMeasures } from '../../../simulator/fidelity/connectionComparison';
import type { ConnectionView, WirePacket } from '../../../simulator/fidelity/connectionView';
import { pathLateness, relayLateness } from '../../../simulator/fidelity/relayCrossings';

/*
 * The delay relay's own error, read off the two legs of a capture: a handshake and a request
 * through a relay that should add 20 ms each way and added 25, 21 and 23 on the path to the
 * response, 27 on the client's HTTP/2 SETTINGS ACK that left after the request and arrived
 * before the response (not what the response answers), and 51 on a segment after it.
 */

function packet(from: 'client' | 'server', time: number, seq: number, payloadBytes: number): WirePacket {
  return { from, time, seq, payloadBytes, ipBytes: 52 + payloadBytes, flags: payloadBytes > 0 ? 'PSH,ACK' : 'ACK' };
}

function view(origin: number, packets: WirePacket[], extra: Partial<ConnectionView>): ConnectionView {
  return { stream: 0, origin, packets, records: [], http: [], webSocket: [], http2: [], ...extra };
}

// The client's leg starts at 1,000 ms (epoch), the stand-in's at 1,002.
const clientLeg = view(1000, [
  packet('client', 1, 1, 500), // ClientHello
  packet('server', 2, 1, 0), // the relay's ACK
  packet('server', 48, 1, 1000), // the flight, passed on 1 ms late
  packet('client', 48.1, 501, 0),
  packet('client', 50, 501, 100), // Finished + request
  packet('client', 52, 601, 31), // an HTTP/2 SETTINGS ACK, written after the request
  packet('server', 131, 1001, 200), // the response, passed on 31 ms late: after the first response, off the path
], { clientHelloAt: 1 });
const serverLeg = view(1002, [
  packet('client', 24, 1, 500), // the hello, 5 ms late
  packet('server', 25, 1, 1000),
  packet('client', 71, 501, 100), // the request, 3 ms late
  packet('client', 77, 601, 31), // the SETTINGS ACK, 7 ms late: before the response, but not what it answers
  packet('server', 78, 1001, 200), // the first response
], { firstRequestAt: 71, firstResponseAt: 78 });

describe('the delay relay\'s lateness', () => {
  it('of every segment it passed on, both ways', () => {
    assert.deepEqual(relayLateness(clientLeg, serverLeg, 20).map((ms) => Math.round(ms * 10) / 10), [5, 3, 7, 1, 31]);
  });

  it('on the way to the first response: the hello, the flight and the request, not what the client sent after the request', () => {
    assert.equal(Math.round(pathLateness(clientLeg, serverLeg, 20) * 10) / 10, 9);
  });

  it('is taken off a real connection\'s time to first response', () => {
    const joined = view(1000, [], { clientHelloAt: 1, firstResponseAt: 80 });
    assert.equal(connectionMeasures(joined).timeToFirstResponseMs, 79);
    assert.equal(connectionMeasures({ ...joined, relayLatenessOnPathMs: 9 }).timeToFirstResponseMs, 70);
  });
});
