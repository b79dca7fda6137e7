import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_GATEWAY_SERVER } from '../../../simulator/net/tlsProfiles';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { simulateWebSocketSession } from '../../../simulator/scenario/websocketSession';

/*
 * Round trips before the first response byte: what a network engineer counts on a ladder
 * diagram. TCP (1) + TLS 1.3 (1) + request (1) = 3; TLS 1.2 adds one; a request on a
 * kept-alive connection costs 1; 0-RTT sends the request with the ClientHello.
 */

const URL = 'https://api.shop.example.com/products/123';
const RTT = 40;

describe('round trips before the first response byte', () => {
  it('is 3 for a cold request over TCP and TLS 1.3', () => {
    const trace = simulateHttpExchange({ url: URL, tlsVersion: '1.3', dnsCache: 'hit', networkOverrides: { clientToRegionRttMs: RTT } });
    assert.equal(trace.summary.roundTrips, 3);
    // With no server time the first byte lands just after three round trips (serialization adds a little).
    assert.ok(trace.summary.timeToFirstByteMs >= 3 * RTT && trace.summary.timeToFirstByteMs < 3 * RTT + 5, `ttfb ${trace.summary.timeToFirstByteMs}`);
  });

  it('is 4 for a cold request over TCP and TLS 1.2 with the node client', () => {
    const trace = simulateHttpExchange({ url: URL, tlsVersion: '1.2', dnsCache: 'hit', clientProfile: 'node' });
    assert.equal(trace.summary.roundTrips, 4);
  });

  it('is 3 for TLS 1.2 when the browser uses False Start', () => {
    const trace = simulateHttpExchange({ url: URL, tlsVersion: '1.2', dnsCache: 'hit', clientProfile: 'browser' });
    assert.equal(trace.summary.roundTrips, 3);
  });

  it('is 1 for each later request on a kept-alive connection', () => {
    const trace = simulateHttpExchange({ url: URL, requests: 3, keepAlive: true, dnsCache: 'hit' });
    assert.deepEqual(trace.summary.exchanges.map((exchange) => exchange.roundTrips), [3, 1, 1]);
    // Only one TCP handshake for the three requests.
    assert.equal(trace.events.filter((event) => event.name === 'SYN').length, 1);
  });

  it('is 3 again for a new connection per request, with the TLS session resumed from a ticket', () => {
    const trace = simulateHttpExchange({ url: URL, requests: 2, keepAlive: false, dnsCache: 'hit' });
    assert.deepEqual(trace.summary.exchanges.map((exchange) => exchange.roundTrips), [3, 3]);
    assert.equal(trace.events.filter((event) => event.name === 'SYN').length, 2);
    assert.equal(trace.events.filter((event) => event.name === 'Certificate').length, 1, 'the resumed handshake sends no certificate');
  });

  it('is 2 for a 0-RTT request on a resumed TLS 1.3 session when the server accepts early data', () => {
    const trace = simulateHttpExchange({
      url: URL, dnsCache: 'hit', tlsResumption: 'ticket', earlyData: true,
      server: { ...API_GATEWAY_SERVER, acceptsEarlyData: true },
    });
    assert.equal(trace.summary.roundTrips, 2);
    assert.ok(trace.events.some((event) => event.name === 'EndOfEarlyData'));
  });

  it('is 3 for a WebSocket upgrade after TCP and TLS 1.3', () => {
    const trace = simulateWebSocketSession({ url: 'wss://ws.shop.example.com/production', dnsCache: 'hit', messages: [] });
    assert.equal(trace.summary.exchanges[0].name, 'WebSocket upgrade');
    assert.equal(trace.summary.roundTrips, 3);
    assert.ok(trace.events.some((event) => event.name === '101 Switching Protocols'));
  });

  it('is 2 for plain HTTP, with no TLS', () => {
    const trace = simulateHttpExchange({ url: 'http://api.shop.example.com/health', dnsCache: 'hit' });
    assert.equal(trace.summary.roundTrips, 2);
    assert.equal(trace.events.filter((event) => event.layer === 'tls').length, 0);
  });
});
