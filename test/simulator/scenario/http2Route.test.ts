import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import { run } from '../../../simulator/cli/main';
import { apiHost, type GatewayModel } from '../../../simulator/model/gateway';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';
import { simulateWebSocketApiSession } from '../../../simulator/scenario/websocketApiSession';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';
import { requestTimings } from '../../../simulator/trace/requestTimings';

/** Compiled tests live in out/test/simulator/scenario: the repository root is four levels up. */
const ROOT = join(__dirname, '..', '..', '..', '..');
const model: GatewayModel = modelFromJson(readFileSync(join(ROOT, 'examples', 'shop', 'gateway.json'), 'utf8'), 'examples/shop/gateway.json');
const PRODUCT = { model, api: 'shop-products', route: 'GET /products/{productId}' } as const;
const ORDERS = { model, api: 'shop-orders', route: 'POST /orders' } as const;

function withEndpoint(endpointType: 'EDGE' | 'REGIONAL' | 'PRIVATE'): GatewayModel {
  return { ...model, apis: model.apis.map((api) => (api.name === 'shop-products' ? { ...api, endpointType } : api)) };
}

function clientEvents(trace: Trace): TraceEvent[] {
  return trace.events.filter((event) => event.from === 'client' || event.to === 'client');
}

function httpVersionOf(trace: Trace): string {
  const request = trace.events.find((event) => event.kind === 'http.request' && event.from === 'client');
  assert.ok(request, 'the client sends a request');
  return String(request.detail?.httpVersion ?? '1.1');
}

function encryptedExtensions(trace: Trace): TraceEvent {
  const event = trace.events.find((candidate) => candidate.kind === 'tls.encrypted_extensions');
  assert.ok(event);
  return event;
}

describe('HTTP/2 on the client leg of API Gateway requests', () => {
  it('negotiates h2 for browser, mobile and curl on every REST endpoint type and on HTTP APIs, and HTTP/1.1 for node', () => {
    for (const endpointType of ['EDGE', 'REGIONAL', 'PRIVATE'] as const) {
      for (const clientProfile of ['browser', 'mobile', 'curl']) {
        assert.equal(httpVersionOf(simulateRouteRequest({ ...PRODUCT, model: withEndpoint(endpointType), clientProfile })), '2', `${clientProfile} on ${endpointType}`);
      }
      assert.equal(httpVersionOf(simulateRouteRequest({ ...PRODUCT, model: withEndpoint(endpointType), clientProfile: 'node' })), '1.1', `node on ${endpointType}`);
    }
    assert.equal(httpVersionOf(simulateRouteRequest({ ...ORDERS, clientProfile: 'browser' })), '2');
    assert.equal(httpVersionOf(simulateRouteRequest({ ...ORDERS, clientProfile: 'node' })), '1.1');
  });

  it('lets httpVersion override ALPN both ways, and sizes the ALPN answer by the protocol chosen', () => {
    const h1 = simulateRouteRequest({ ...PRODUCT, clientProfile: 'browser', httpVersion: '1.1' });
    const h2 = simulateRouteRequest({ ...PRODUCT, clientProfile: 'browser' });
    assert.equal(httpVersionOf(h1), '1.1');
    // RFC 7301 §3.1: the answer carries one protocol name, "h2" (2 bytes) or "http/1.1" (8 bytes).
    assert.equal(encryptedExtensions(h1).bytes - encryptedExtensions(h2).bytes, 8 - 2);
    // node:http2 offers ALPN h2 (and nothing else) when asked for HTTP/2.
    assert.equal(httpVersionOf(simulateRouteRequest({ ...PRODUCT, clientProfile: 'node', httpVersion: '2' })), '2');
  });

  it('keeps the WebSocket API on HTTP/1.1 even for a browser', () => {
    const trace = simulateWebSocketApiSession({ model, api: 'shop-order-status', clientProfile: 'browser' });
    assert.equal(trace.events.filter((event) => event.kind.startsWith('http.h2_')).length, 0);
    const upgrade = trace.events.find((event) => event.kind === 'http.request' && event.from === 'client');
    assert.ok(upgrade?.payload);
    assert.match(Buffer.from(upgrade.payload).toString('latin1'), /^GET \S+ HTTP\/1\.1\r\n/);
  });

  it('writes the preface, SETTINGS and WINDOW_UPDATE, then HEADERS and DATA, as the browser profile opens a connection', () => {
    // From a page on the API's own origin: no CORS preflight stream before the request.
    const trace = simulateRouteRequest({ ...ORDERS, clientProfile: 'browser', origin: `https://${apiHost(model.apis.find((api) => api.name === 'shop-orders')!)}` });
    const frames = clientEvents(trace).filter((event) => event.detail?.httpVersion === '2').map((event) => `${event.from === 'client' ? '>' : '<'} ${String(event.detail?.frameType)} ${String(event.detail?.stream)}`);
    assert.deepEqual(frames, [
      '> PREFACE 0', '> SETTINGS 0', '> WINDOW_UPDATE 0', '> HEADERS 1', '> DATA 1',
      '< SETTINGS 0', '< SETTINGS 0', '> SETTINGS 0',
      '< HEADERS 1', '< DATA 1',
    ]);
    const preface = trace.events.find((event) => event.kind === 'http.h2_preface');
    assert.equal(Buffer.from(preface!.payload!).toString('latin1'), 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    const headers = trace.events.find((event) => event.kind === 'http.request' && event.from === 'client')!;
    assert.equal(headers.name, 'HEADERS [1] POST /orders');
    // Frame header (RFC 9113 §4.1): 24-bit length, type 1 (HEADERS), stream 1.
    const bytes = headers.payload!;
    assert.equal((bytes[0] << 16) | (bytes[1] << 8) | bytes[2], bytes.length - 9);
    assert.equal(bytes[3], 0x1);
    assert.equal(Buffer.from(bytes).readUInt32BE(5), 1);
  });

  it('sends a series on streams 1, 3, 5 of one connection, later header blocks shrinking as HPACK indexes what repeats', () => {
    const trace = simulateRouteRequest({ ...PRODUCT, clientProfile: 'curl', requests: 3 });
    const requests = trace.events.filter((event) => event.kind === 'http.request' && event.from === 'client');
    assert.deepEqual(requests.map((event) => event.detail?.stream), [1, 3, 5]);
    assert.equal(new Set(requests.map((event) => event.connection)).size, 1);
    assert.ok(requests[1].bytes < requests[0].bytes / 2, `a later request's HEADERS (${requests[1].bytes} B) is a fraction of the first's (${requests[0].bytes} B)`);
    assert.equal(trace.events.filter((event) => event.kind === 'http.h2_preface').length, 1);
    // Every request still found by the DevTools timings, with its response on the same stream.
    const timings = requestTimings(trace);
    assert.equal(timings.length, 3);
    for (const timing of timings) assert.equal(trace.events[timing.responseEvent!].detail?.stream, trace.events[timing.requestEvent].detail?.stream);
  });

  it('opens a new connection, with a new preface, for each request without keep-alive', () => {
    const trace = simulateRouteRequest({ ...PRODUCT, clientProfile: 'browser', requests: 2, keepAlive: false });
    const requests = trace.events.filter((event) => event.kind === 'http.request' && event.from === 'client');
    assert.deepEqual(requests.map((event) => event.detail?.stream), [1, 1]);
    assert.equal(trace.events.filter((event) => event.kind === 'http.h2_preface').length, 2);
  });

  it('delays a later stream behind an earlier stream\'s lost segment: TCP head-of-line blocking', () => {
    // Three concurrent streams, 40 kB responses, 3% loss: with seed 2 a segment of stream 1's response is lost.
    const trace = simulateHttpExchange({
      url: 'https://api.example.com/items', clientProfile: 'browser', requests: 3, multiplex: true, responseBody: 40_000,
      networkOverrides: { lossRate: 0.03 }, seed: 2,
    });
    const responses = trace.events.filter((event) => event.kind === 'http.response');
    assert.deepEqual(responses.map((event) => event.detail?.stream), [1, 3, 5]);
    const lost = trace.packets.find((packet) => packet.lost && packet.to === 'client');
    assert.ok(lost, 'a segment towards the client is lost');
    const retransmission = trace.packets.find((packet) => packet.retransmission && packet.to === 'client' && packet.seq === lost.seq);
    assert.ok(retransmission);
    const [first, second] = responses;
    // The lost segment carries stream 1's DATA: stream 1's HEADERS, ahead of it, is read one trip after it left...
    assert.ok(first.time < lost.time && first.arrival < lost.arrival, 'HEADERS [1] arrives before the lost segment would have');
    const lostData = trace.events.find((event) => event.kind === 'http.h2_data' && event.detail?.stream === 1 && event.time <= lost.time && event.arrival >= retransmission.arrival);
    assert.ok(lostData, 'a DATA frame of stream 1 waits for the retransmission');
    // ...while stream 3's HEADERS, sent after the loss in a segment of its own that arrived, cannot be read before the gap is filled.
    assert.ok(second.time > lost.time);
    assert.ok(second.arrival >= retransmission.arrival, `HEADERS [3] is read at ${second.arrival} ms, no earlier than the retransmission (${retransmission.arrival} ms)`);
    const oneWay = first.arrival - first.time;
    assert.ok(second.arrival - second.time > 5 * oneWay, `HEADERS [3] takes ${second.arrival - second.time} ms where one trip takes ${oneWay} ms`);
  });

  it('prints the same demo as before HTTP/2 with --http 1.1, byte for byte', () => {
    // The fixtures are the CLI's output before ALPN could select h2 (commit 3df23e1: main with CORS, before the h2 merge),
    // but for the shop's WebSocket session, regenerated when the browser's Upgrade became Chromium's and the close echo
    // gained its reason (a diff showed no other line changed), and when the browser's ClientHello became Chromium 156's
    // (1,788 to 1,986 bytes for the shop's 46-character host, the size the capture in clientHello.realClients.test.ts
    // shows for that host and a 176-byte ECH GREASE payload; besides the bytes-up totals, only times after it moved).
    // Both regenerated again when TCP took Linux's segmentation
    // and ACKs (tcp.ts; checked against loopback captures in test/simulator/net/tcpSegments.realNode.test.ts): a flight,
    // CCS + Finished + request, and what else a side writes at one instant share segments; quick ACKs at the start, then
    // delayed ones; TCP lines, packet counts, bytes and times moved, nothing above TCP and TLS did. And again when the
    // server's TLS compute time came in (tlsProfiles.ts handshakeComputeMs): every time after the ClientHello 0.75 ms later;
    // and when a client's kernel ACKed two small segments as its application read them (tcp.ts): one more client ACK
    // before the shop's POST /orders and before the banking close_notify. The banking one again when API Gateway picked
    // TLS 1.3 suites by its own order (tlsProfiles.ts preferredSuites): its OpenSSL client's Finished records 74 to 58 bytes.
    // The shop's once more when Chromium's WebSocket hello offered http/1.1 alone, as the fidelity harness captured it
    // (1,986 to 1,974 bytes: no h2 in ALPN, no ALPS); only that hello and the times after it moved. And when Chromium's
    // ChangeCipherSpec + Finished became a write of its own, before the request (the harness's capture: 64 bytes, then
    // the request): the shop's browser requests' TCP lines, wire bytes and times moved. And when the browser's fetch()
    // headers became Chromium 156's (Accept */*, its order and brand list, captured in
    // test/simulator/scenario/browserHeaders.realBrowser.test.ts): the shop's GET and POST 14 bytes shorter, times after them.
    // And when Chromium's compute between the server's flight and its Finished came in (tlsProfiles.ts
    // serverFlightComputeMs, 3 ms): the shop's browser times after each full handshake 3 ms later (its WebSocket
    // connection id, drawn later in the run, changed with them); banking (a node client) unchanged. Both again when the
    // clients closed as the harness captured them (tlsProfiles.ts TlsClientClose): a FIN with no close_notify, the
    // server's close_notify and FIN, the released client's two RSTs; only the closes' lines and the totals moved. The
    // shop's again when Chromium's compute went from 3 to 2 ms (its quiet median on this machine, 2.3 ms): every browser
    // time after a full handshake 1 ms earlier, nothing else. And when Chromium's first writes came apart (tlsProfiles.ts
    // firstWriteGapsMs: over HTTP/1.1 its request, its first write, 0.6 ms after its Finished) and it answered before
    // draining its socket (answersBeforeDraining): the shop's browser times after each full handshake about 0.55 ms later,
    // and its ACK before POST /orders gone (the POST carries it); banking (a node client) unchanged. The shop's once more
    // when Chromium checked a preflight's answer before sending the request it cleared (cors/browserCors.ts
    // PREFLIGHT_TO_REQUEST_MS, 2.7 ms): POST /orders and what follows it 2.7 ms later, and that ACK back (its kernel ACKs
    // the ticket and the 204 as Chromium reads them, before it answers).
    for (const [example, fixture] of [['shop', 'demo-shop.txt'], ['banking', 'demo-banking.txt']] as const) {
      const { output, exitCode } = run(['demo', '--example', example, '--http', '1.1']);
      assert.equal(exitCode, 0);
      // The CLI prints the output and a newline. Each trace's critical-path lines came after the fixtures
      // (issue 15 part 3, tested in test/simulator/cli/criticalPath.test.ts): all else is as it was, byte for byte.
      const withoutCriticalPaths = output.replace(/\n\nCritical path \(what each request's time to first byte waited on, ms\):(\n {2}[^\n]*)+/g, '');
      assert.equal(`${withoutCriticalPaths}\n`, readFileSync(join(ROOT, 'test', 'fixtures', 'http1', fixture), 'utf8'));
    }
  });

  it('shows the browser\'s demo requests over h2 frame by frame, and the WebSocket on HTTP/1.1', () => {
    const { output } = run(['demo']);
    assert.match(output, /HEADERS \[1\] GET \/prod\/products\/123/);
    // The order (JSON, Authorization) is cross-origin: its CORS preflight is stream 1, the order stream 3.
    assert.match(output, /HEADERS \[1\] OPTIONS \/orders[\s\S]*HEADERS \[3\] POST \/orders/);
    assert.match(output, /SETTINGS ACK/);
    assert.match(output, /WINDOW_UPDATE \[0\] \+15663105/);
    assert.match(output, /http +GET \/production \(Upgrade: websocket\)/);
  });
});

describe('HTTP/2 in the CLI\'s exports', () => {
  it('writes each frame\'s kind and details in --format json, and the frames in --format mermaid', () => {
    const json = run(['demo', '--format', 'json']);
    assert.equal(json.exitCode, 0);
    const reports = JSON.parse(json.output) as Record<string, { events: { kind: string; name: string; detail?: Record<string, unknown>; hex?: string }[] }>;
    const order = reports.order.events;
    const headers = order.find((event) => event.kind === 'http.request' && event.detail?.httpVersion === '2' && event.detail?.method === 'POST');
    assert.ok(headers);
    // Stream 3: the CORS preflight went first, on stream 1.
    assert.deepEqual([headers.name, headers.detail?.stream, headers.detail?.frameType, headers.detail?.method], ['HEADERS [3] POST /orders', 3, 'HEADERS', 'POST']);
    // The hex is the frame: 9-byte header whose type byte is 1 (RFC 9113 §6.2).
    assert.equal(headers.hex?.slice(6, 8), '01');
    assert.ok(order.some((event) => event.kind === 'http.h2_settings' && event.detail?.flags === 'ACK'));
    assert.ok(order.some((event) => event.kind === 'http.h2_data' && event.detail?.flags === 'END_STREAM'));
    const mermaid = run(['demo', '--format', 'mermaid']);
    assert.match(mermaid.output, /->>P\d+: [\d.]+ ms HEADERS \[3\] POST \/orders \(\d+ B\)/);
    assert.match(mermaid.output, /->>P\d+: [\d.]+ ms SETTINGS ACK \(9 B\)/);
  });
});

describe('a gateway that closes an idle HTTP/2 connection', () => {
  it('sends GOAWAY naming the last stream, closes, and the client opens a new connection for the next request', () => {
    const trace = simulateHttpExchange({ url: 'https://api.example.com/items', clientProfile: 'curl', requests: 2, intervalMs: 5_000, serverIdleCloseMs: 1_000, networkOverrides: { lossRate: 0, jitterMs: 0 } });
    const goaway = trace.events.find((event) => event.kind === 'http.h2_goaway');
    assert.ok(goaway, 'a GOAWAY');
    assert.equal(goaway.from, 'server');
    // RFC 9113 §6.8: 9-byte header, type 7, stream 0; last stream id 1 (the only stream), error code NO_ERROR (0).
    const bytes = Buffer.from(goaway.payload!);
    assert.deepEqual([bytes.readUIntBE(0, 3), bytes[3], bytes.readUInt32BE(5), bytes.readUInt32BE(9), bytes.readUInt32BE(13)], [8, 7, 0, 1, 0]);
    const requests = trace.events.filter((event) => event.kind === 'http.request' && event.from === 'client');
    assert.deepEqual(requests.map((event) => event.detail?.stream), [1, 1], 'stream 1 again: a new connection');
    assert.notEqual(requests[0].connection, requests[1].connection);
    assert.ok(goaway.time < requests[1].time);
    assert.equal(trace.events.filter((event) => event.kind === 'http.h2_preface').length, 2);
    assert.ok(trace.events.some((event) => event.kind === 'tls.client_hello' && event.detail?.resumption === 'ticket'), 'the new connection resumes TLS');
  });
});
