import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { modelFromJson } from '../../../../simulator/config/modelJson/modelFromJson';
import type { GatewayModel } from '../../../../simulator/model/gateway';
import { HTTP2_CLIENT_PROFILES } from '../../../../simulator/net/http2/profiles';
import { simulateRouteRequest, type RouteScenarioOptions } from '../../../../simulator/scenario/routeRequest';
import type { Trace, TraceEvent } from '../../../../simulator/trace/trace';

/*
 * Chromium 156 answers a response its CORS check blocks with RST_STREAM(CANCEL) on that stream,
 * a TLS record of its own, though the response had ended (the fidelity harness's captures of
 * browser × REST: a 35-byte segment over TLS 1.3, 42 over TLS 1.2); a response that passes is
 * read and nothing follows it (browser × HTTP). The shop's REST route answers without
 * Access-Control-Allow-Origin (a Lambda proxy that does not add it); its HTTP API allows the page.
 */

/** Compiled tests live in out/test/simulator/scenario/cors: the repository root is five levels up. */
const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const model: GatewayModel = modelFromJson(readFileSync(join(ROOT, 'examples', 'shop', 'gateway.json'), 'utf8'), 'examples/shop/gateway.json');
const PRODUCT = { model, api: 'shop-products', route: 'GET /products/{productId}' } as const;
const ORDER = { model, api: 'shop-orders', route: 'GET /orders/{orderId}' } as const;

const resets = (trace: Trace): TraceEvent[] => trace.events.filter((event) => event.kind === 'http.h2_rst_stream');
const corsChecks = (trace: Trace): TraceEvent[] => trace.events.filter((event) => event.kind === 'http.cors_check');

function run(options: Pick<RouteScenarioOptions, 'model' | 'api' | 'route'> & Partial<RouteScenarioOptions>): Trace {
  return simulateRouteRequest(options);
}

describe('a browser cancels the stream of a response its CORS check blocks', () => {
  for (const [tlsVersion, segmentBytes] of [['1.3', 35], ['1.2', 42]] as const) {
    it(`sends RST_STREAM CANCEL, 13 bytes, on the blocked response's stream, in a ${segmentBytes}-byte segment of its own (TLS ${tlsVersion})`, () => {
      const trace = run({ ...PRODUCT, clientProfile: 'browser', tlsVersion });
      const blocked = corsChecks(trace).find((event) => event.error?.code === 'CORS_BLOCKED');
      assert.ok(blocked, 'the REST response lacks Access-Control-Allow-Origin: the check blocks it');
      const request = trace.events.find((event) => event.kind === 'http.request' && event.from === 'client');
      assert.ok(request);
      const [reset] = resets(trace);
      assert.equal(resets(trace).length, 1);
      assert.equal(reset.from, 'client');
      assert.equal(reset.bytes, 13);
      // RFC 9113 §6.4: length 4, type 0x3, no flags, the stream, error code CANCEL (0x8, §7).
      assert.equal(Buffer.from(reset.payload!).toString('hex'), '000004' + '03' + '00' + '00000001' + '00000008');
      assert.equal(reset.detail?.stream, request.detail?.stream);
      assert.equal(reset.detail?.errorCode, 'CANCEL');
      assert.equal(reset.name, 'RST_STREAM [1] CANCEL');
      // The check runs as the response arrives; the cancel leaves the profile's latency later.
      assert.equal(reset.time, blocked.time + HTTP2_CLIENT_PROFILES.browser.blockedResponseCancelMs!);
      const segment = trace.packets.find((packet) => packet.from === 'client' && packet.time === reset.time && packet.payloadBytes > 0);
      assert.equal(segment?.payloadBytes, segmentBytes);
    });
  }

  it('sends nothing after a response that passes CORS', () => {
    const trace = run({ ...ORDER, clientProfile: 'browser' });
    assert.ok(corsChecks(trace).length > 0 && corsChecks(trace).every((event) => event.error === undefined), 'the HTTP API allows the page');
    assert.deepEqual(resets(trace), []);
  });

  it('leaves curl\'s and node\'s streams alone: they check no CORS, and Chrome on Android does none in this model', () => {
    for (const clientProfile of ['curl', 'node', 'mobile']) assert.deepEqual(resets(run({ ...PRODUCT, clientProfile })), [], clientProfile);
  });

  it('sends nothing over HTTP/1.1: the response is complete and the connection stays in the pool (assumption, read from Chromium\'s source)', () => {
    const trace = run({ ...PRODUCT, clientProfile: 'browser', httpVersion: '1.1' });
    assert.ok(corsChecks(trace).some((event) => event.error?.code === 'CORS_BLOCKED'));
    assert.deepEqual(resets(trace), []);
    const response = trace.events.find((event) => event.kind === 'http.response' && event.to === 'client');
    assert.ok(response);
    assert.deepEqual(trace.events.filter((event) => event.layer === 'http' && event.from === 'client' && event.time > response.arrival), []);
  });
});
