import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import { harnessConditions, rowScenario } from '../../../simulator/fidelity/fidelityRows';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';
import { computeWaterfall, MAX_LATER_EXCHANGES, type WaterfallPhase } from '../../../webview/summary/waterfall';
import { orderStatusTrace, orderTrace, productTrace, seriesTrace } from '../traces';
import { toTraceJson } from '../../../simulator/trace/traceJson';

function byKey(phases: readonly WaterfallPhase[], key: string): WaterfallPhase {
  const found = phases.find((phase) => phase.key === key);
  assert.ok(found, `a ${key} phase`);
  return found;
}

describe('timing waterfall', () => {
  it('splits the product request into DNS, TCP, TLS, request, edge, gateway with its calls, and response', () => {
    const waterfall = computeWaterfall(productTrace());
    assert.deepEqual(waterfall.phases.map((phase) => `${phase.depth}:${phase.category}`), [
      '0:dns', '0:tcp', '0:tls', '0:request', '0:edge', '0:gateway', '1:waf', '1:integration', '0:edge', '0:response',
    ]);
    assert.equal(byKey(waterfall.phases, 'call:lambda:getProduct').label, 'Lambda getProduct');
    // The demo's browser speaks h2 to the edge: the request and the response are HEADERS frames on stream 1.
    assert.equal(byKey(waterfall.phases, 'request').label, 'Request sent: HEADERS [1] GET /prod/products/123');
    assert.equal(byKey(waterfall.phases, 'response').label, 'Response: HEADERS [1] 200 OK');
  });

  it('runs the top-level phases back to back up to the first byte of the answer', () => {
    for (const trace of [productTrace(), orderTrace(), orderStatusTrace()]) {
      const waterfall = computeWaterfall(trace);
      const top = waterfall.phases.filter((phase) => phase.depth === 0);
      assert.equal(top[0].start, 0, 'the DNS lookup starts the scenario');
      for (const [index, phase] of top.entries()) {
        assert.ok(phase.end >= phase.start, `${phase.key} has a duration`);
        if (index > 0) assert.ok(Math.abs(phase.start - top[index - 1].end) < 0.1, `${top[index - 1].key} -> ${phase.key}: ${top[index - 1].end} vs ${phase.start}`);
      }
      assert.equal(top[top.length - 1].end, trace.summary.timeToFirstByteMs);
      assert.equal(waterfall.firstExchangeEnd, trace.summary.timeToFirstByteMs);
    }
  });

  it('times the TCP connect from SYN to the SYN-ACK arriving, and TLS until the client may send', () => {
    const trace = orderTrace();
    const waterfall = computeWaterfall(trace);
    const syn = trace.events.find((event) => event.name === 'SYN');
    const synAck = trace.events.find((event) => event.name === 'SYN, ACK');
    assert.deepEqual([byKey(waterfall.phases, 'tcp').start, byKey(waterfall.phases, 'tcp').end], [syn?.time, synAck?.arrival]);
    const request = trace.events.find((event) => event.from === 'client' && event.layer === 'http');
    const tls = byKey(waterfall.phases, 'tls');
    // The client writes its first request a moment after it may (Chromium's first write gap, tlsProfiles.ts firstWriteGapsMs);
    // that moment belongs to the request's phase, which starts where TLS ends.
    const first = waterfall.phases.find((phase) => phase.category === 'preflight' || phase.category === 'request')!;
    assert.ok(request && tls.end <= request.time && request.time - tls.end < 2, `the request ${request ? request.time - tls.end : NaN} ms after TLS`);
    assert.equal(first.start, tls.end);
  });

  it('ends TLS no later than the client\'s first write, even where the server\'s tickets reach it after (a 0.3 ms one-way path)', () => {
    const model = modelFromJson(readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json'), 'utf8'), 'gateway.json');
    const row = { profile: 'browser', tlsVersion: '1.3' } as const;
    const trace = toTraceJson(rowScenario(model, 'HTTP').model(harnessConditions(row, [1488, 1122, 1174, 1145], 1500, 0.3)));
    const phases = computeWaterfall(trace).phases.filter((phase) => phase.depth === 0);
    const tls = byKey(phases, 'tls');
    const next = phases[phases.indexOf(tls) + 1];
    assert.equal(next.start, tls.end, `${next.key} starts at ${next.start}, TLS ends at ${tls.end}`);
  });

  it('lists what the gateway calls beneath it, within its time', () => {
    const waterfall = computeWaterfall(orderTrace());
    const gateway = byKey(waterfall.phases, 'gateway');
    const calls = waterfall.phases.filter((phase) => phase.depth === 1);
    assert.deepEqual(calls.map((phase) => phase.category), ['authorizer', 'integration']);
    for (const call of calls) assert.ok(call.start >= gateway.start && call.end <= gateway.end, call.key);
    assert.ok(calls.every((call) => call.eventIds.length > 0));
  });

  it('shows the WebSocket pushes and the close after the upgrade', () => {
    const trace = orderStatusTrace();
    const waterfall = computeWaterfall(trace);
    assert.equal(byKey(waterfall.phases, 'response').label, 'Response: 101 Switching Protocols');
    assert.deepEqual(waterfall.later.map((phase) => phase.label), ['push 1', 'push 2', 'push 3', 'Connection close']);
    const close = byKey(waterfall.later, 'close');
    assert.ok(Math.abs(close.end - trace.summary.totalTimeMs) < 0.001);
    assert.equal(waterfall.moreExchanges, undefined);
  });

  it('lists the first exchanges of a long series and summarises the rest', () => {
    const trace = seriesTrace(40);
    const waterfall = computeWaterfall(trace);
    const exchanges = waterfall.later.filter((phase) => phase.category === 'exchange');
    assert.equal(exchanges.length, MAX_LATER_EXCHANGES);
    assert.equal(exchanges[0].label, 'POST /orders #2');
    assert.equal(waterfall.moreExchanges?.count, trace.summary.exchanges.length - 1 - MAX_LATER_EXCHANGES);
    const rest = trace.summary.exchanges.slice(1 + MAX_LATER_EXCHANGES);
    const mean = rest.reduce((sum, exchange) => sum + exchange.end - exchange.start, 0) / rest.length;
    assert.ok(Math.abs((waterfall.moreExchanges?.meanMs ?? 0) - mean) < 1e-9);
  });

  it('names the first request, not its CORS preflight, and lists only what follows the request as the rest', () => {
    const model = modelFromJson(readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json'), 'utf8'), 'gateway.json');
    const trace = toTraceJson(simulateRouteRequest({ model, api: 'shop-orders', route: 'POST /orders', clientProfile: 'browser', requests: 3, keepAlive: true }));
    assert.equal(trace.summary.exchanges[0].kind, 'preflight', 'the browser preflights the JSON POST');
    const waterfall = computeWaterfall(trace);
    assert.match(waterfall.firstRequest ?? '', /^POST \/orders/);
    assert.ok(waterfall.phases.some((phase) => phase.category === 'preflight'));
    assert.deepEqual(waterfall.later.filter((phase) => phase.category === 'exchange').map((phase) => phase.label), trace.summary.exchanges.slice(2).map((exchange) => exchange.name));
    assert.equal(waterfall.later.filter((phase) => phase.category === 'exchange').length, 2);
  });

  it('takes no time for the DNS lookup when the client has the name cached', () => {
    const model = modelFromJson(readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json'), 'utf8'), 'gateway.json');
    const trace = toTraceJson(simulateRouteRequest({ model, api: 'shop-orders', route: 'POST /orders', dnsCache: 'hit' }));
    const dns = byKey(computeWaterfall(trace).phases, 'dns');
    assert.deepEqual([dns.label, dns.start, dns.end], ['DNS lookup (cached)', 0, 0]);
    assert.equal(byKey(computeWaterfall(trace).phases, 'tcp').start, 0);
  });

  it('counts every event in the bytes per layer, and copies the summary totals', () => {
    const trace = orderStatusTrace();
    const waterfall = computeWaterfall(trace);
    assert.equal(waterfall.byLayer.reduce((sum, entry) => sum + entry.events, 0), trace.events.length);
    assert.equal(waterfall.byLayer.reduce((sum, entry) => sum + entry.bytes, 0), trace.events.reduce((sum, event) => sum + event.bytes, 0));
    assert.equal(waterfall.byLayer.reduce((sum, entry) => sum + entry.wireBytes, 0), trace.events.reduce((sum, event) => sum + event.wireBytes, 0));
    assert.deepEqual(
      [waterfall.totalMs, waterfall.timeToFirstByteMs, waterfall.roundTrips, waterfall.bytesUp, waterfall.bytesDown, waterfall.packets],
      [trace.summary.totalTimeMs, trace.summary.timeToFirstByteMs, trace.summary.roundTrips, trace.summary.bytesUp, trace.summary.bytesDown, trace.summary.packets],
    );
  });
});
