import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { simulateWebSocketSession } from '../../../simulator/scenario/websocketSession';
import { requestTimings, type RequestPhases } from '../../../simulator/trace/requestTimings';

/*
 * DevTools' phases per request. The expectations come from the protocols, not from the
 * function: a TCP handshake costs one round trip, a TLS 1.3 handshake one more and a full
 * TLS 1.2 handshake two (RFC 8446 §2, RFC 5246 §7.3), a reused connection has no DNS,
 * connection or TLS phase (Chromium reports them as -1 in HAR), and the phases add up to the
 * request's time as HAR 1.2 requires (`time` is the sum of the timings, `ssl` inside `connect`).
 */

const RTT = 40;
/** No jitter or loss, a fixed round trip: the phases are round trips plus transmission times. */
const network = { network: 'broadband', networkOverrides: { clientToRegionRttMs: RTT, jitterMs: 0, lossRate: 0 } } as const;

function series(options: Partial<Parameters<typeof simulateHttpExchange>[0]> = {}) {
  return simulateHttpExchange({ url: 'https://api.example.com/orders', requests: 3, keepAlive: true, serverProcessingMs: 25, ...network, ...options });
}

function sumOfPhases(phases: RequestPhases): number {
  // HAR 1.2: `ssl` is included in `connect`; -1 means the phase did not happen.
  return (['queueing', 'stalled', 'dns', 'connect', 'send', 'wait', 'receive'] as const).reduce((sum, phase) => sum + Math.max(0, phases[phase]), 0);
}

describe('request timings (DevTools phases)', () => {
  it('gives the first request of a kept-alive series DNS, connection and TLS, and the later ones none', () => {
    const [first, second, third] = requestTimings(series());
    assert.ok(first.newConnection && first.phases.dns > 0 && first.phases.connect > 0 && first.phases.ssl > 0);
    for (const later of [second, third]) {
      assert.equal(later.newConnection, false);
      assert.deepEqual([later.phases.dns, later.phases.connect, later.phases.ssl], [-1, -1, -1]);
    }
  });

  it('adds the phases up to each request\'s time from its start to the answer\'s last byte', () => {
    const trace = series({ responseBody: 40_000 });
    const timings = requestTimings(trace);
    assert.equal(timings.length, 3);
    timings.forEach((timing, index) => {
      const exchange = trace.summary.exchanges[index];
      assert.ok(Math.abs(sumOfPhases(timing.phases) - (exchange.end - exchange.start)) < 1e-9, `request ${index + 1}`);
      assert.ok(timing.phases.receive > 0, 'a 40 kB answer takes time to download');
    });
  });

  it('takes the DNS lookup from the query to the answer reaching the client', () => {
    const trace = series();
    const query = trace.events.find((event) => event.kind === 'dns.query')!;
    const answer = trace.events.find((event) => event.kind === 'dns.response')!;
    assert.equal(requestTimings(trace)[0].phases.dns, answer.arrival - query.time);
  });

  it('counts one round trip for TCP and one for TLS 1.3, two for a full TLS 1.2 handshake', () => {
    for (const [tlsVersion, tlsRoundTrips] of [['1.3', 1], ['1.2', 2]] as const) {
      const { phases } = requestTimings(series({ tlsVersion }))[0];
      const tcp = phases.connect - phases.ssl;
      assert.ok(tcp >= RTT && tcp < RTT + 2, `TLS ${tlsVersion}: TCP handshake ${tcp} ms`);
      // The server's flight carries the certificate chain: a few ms of transmission on top of the round trips.
      assert.ok(phases.ssl >= tlsRoundTrips * RTT && phases.ssl < tlsRoundTrips * RTT + 5, `TLS ${tlsVersion}: ${phases.ssl} ms`);
    }
  });

  it('waits a round trip plus the server\'s time for the first byte', () => {
    const [, second] = requestTimings(series());
    assert.ok(second.phases.wait >= RTT + 25 && second.phases.wait < RTT + 25 + 2, `${second.phases.wait} ms`);
  });

  it('gives a host-cache hit a DNS lookup of 0 ms', () => {
    assert.equal(requestTimings(series({ dnsCache: 'hit' }))[0].phases.dns, 0);
  });

  it('has an entry for a WebSocket upgrade and none for the frames after it', () => {
    const trace = simulateWebSocketSession({ url: 'wss://ws.example.com/prod', messages: [{ from: 'client', data: 'hi' }, { from: 'server', data: 'there' }], ...network });
    const timings = requestTimings(trace);
    assert.deepEqual(timings.map((timing) => timing.kind), ['upgrade']);
    assert.equal(trace.events[timings[0].responseEvent!].detail?.status, 101);
  });
});
