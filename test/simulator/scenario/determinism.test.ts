import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateDemo } from '../../../simulator/scenario/demo';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { simulateWebSocketSession } from '../../../simulator/scenario/websocketSession';
import { toTraceJson } from '../../../simulator/trace/traceJson';

describe('determinism', () => {
  it('gives the same trace, byte for byte, for the same input and seed', () => {
    // The whole demo: protocol stack, gateway pipelines and the WebSocket session, with jitter and loss.
    // Compared as JSON, the form in which a trace leaves the simulator (payloads as hex).
    const demo = (): string => JSON.stringify(simulateDemo({ seed: 42, networkOverrides: { jitterMs: 5, lossRate: 0.02 } }).map((flow) => ({ ...flow, trace: toTraceJson(flow.trace) })));
    const first = demo();
    const second = demo();
    assert.equal(first, second);
  });

  it('gives a different trace for a different seed where randomness is involved', () => {
    const session = (seed: number) => simulateWebSocketSession({ seed, url: 'wss://ws.example.com/prod', messages: [{ from: 'client', data: 'hi' }] });
    const keyOf = (seed: number) => session(seed).events.find((event) => event.name.startsWith('GET'))!.detail!.key;
    assert.notEqual(keyOf(1), keyOf(2));
    assert.equal(keyOf(1), keyOf(1));
  });

  it('uses no wall clock: a Date header comes from simulated time', () => {
    const trace = simulateHttpExchange({ url: 'https://api.example.com/', seed: 5, dnsCache: 'hit' });
    const response = trace.events.find((event) => event.name === '200 OK')!;
    const text = Buffer.from(response.payload!).toString('latin1');
    assert.match(text, /\r\nDate: Thu, 01 Jan 2026 12:00:00 GMT\r\n/);
  });
});

describe('byte accounting', () => {
  it('attributes every packet byte to exactly one event, with and without loss', () => {
    for (const lossRate of [0, 0.05]) {
      const trace = simulateHttpExchange({ url: 'https://api.example.com/products', responseBody: 200_000, seed: 3, networkOverrides: { lossRate } });
      const eventBytes = trace.events.reduce((sum, event) => sum + event.wireBytes, 0);
      const packetBytes = trace.packets.reduce((sum, packet) => sum + packet.ipBytes, 0);
      assert.equal(eventBytes, packetBytes, `loss ${lossRate}`);
      assert.equal(trace.summary.bytesUp + trace.summary.bytesDown, packetBytes - trace.packets.filter((packet) => packet.from !== 'client' && packet.to !== 'client').reduce((sum, packet) => sum + packet.ipBytes, 0));
    }
  });

  it('delivers a 200 KB response intact through 5% loss, with retransmissions on the wire', () => {
    const trace = simulateHttpExchange({ url: 'https://api.example.com/products', responseBody: 200_000, seed: 3, networkOverrides: { lossRate: 0.05 } });
    const response = trace.events.find((event) => event.name === '200 OK');
    assert.ok(response, 'the response arrived');
    assert.ok(trace.summary.packetsLost > 0);
    assert.ok(trace.events.some((event) => event.name === 'TCP Retransmission'));
  });
});
