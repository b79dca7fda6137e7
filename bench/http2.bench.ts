/**
 * What an HTTP/2 request costs the simulator next to an HTTP/1.1 one (issue 14: "simulating an
 * h2 request costs no more than twice an HTTP/1.1 one"), and the header bytes each puts on the
 * wire per request, first on a connection and later, for the browser, curl and node profiles.
 * Prints `http2: ...` lines; the cost is the median of repeated batches after a warm-up.
 */
import { serializeRequest, serializeResponse, type HeaderList, type HttpRequest, type HttpResponse } from '../simulator/net/http';
import { http2Exchange, openHttp2Connection, type Http2Frame, type Http2RequestMessage, type Http2ResponseMessage } from '../simulator/net/http2/exchange';
import { HTTP2_CLIENT_PROFILES, type Http2ClientProfileName } from '../simulator/net/http2/profiles';
import { defaultRequestHeaders } from '../simulator/scenario/httpExchange';
import { join } from 'node:path';
import { readConfig } from '../simulator/config/configFile';
import { simulateRouteRequest } from '../simulator/scenario/routeRequest';
import { medianTime } from './medianTime';

const AUTHORITY = 'abc123.execute-api.eu-west-1.amazonaws.com';
const RESPONSE_HEADERS: HeaderList = [['Date', 'Mon, 07 Dec 2026 06:00:00 GMT'], ['Content-Type', 'application/json'], ['x-amzn-RequestId', 'c0ffee00-1111-2222-3333-444455556666'], ['x-amz-apigw-id', 'AbCdEfGhIjKlMnO=']];
const RESPONSE_BODY = Buffer.from('{"id":"123","name":"Trail running shoe","price":129.95}');

function h1Request(profile: Http2ClientProfileName): HttpRequest {
  return { method: 'GET', target: '/products/123', headers: [['Host', AUTHORITY], ...defaultRequestHeaders(profile)] };
}

function h2Request(profile: Http2ClientProfileName): Http2RequestMessage {
  return { method: 'GET', scheme: 'https', authority: AUTHORITY, path: '/products/123', headers: defaultRequestHeaders(profile) };
}

const h1Response: HttpResponse = { status: 200, headers: [...RESPONSE_HEADERS, ['Connection', 'keep-alive']], body: RESPONSE_BODY };
const h2Response: Http2ResponseMessage = { status: 200, headers: RESPONSE_HEADERS, body: RESPONSE_BODY };

const BATCH = 2_000;
for (const profile of ['browser', 'curl', 'node'] as const) {
  const request1 = h1Request(profile);
  const request2 = h2Request(profile);
  const h1 = medianTime(() => {
    for (let i = 0; i < BATCH; i++) {
      serializeRequest(request1);
      serializeResponse(h1Response);
    }
  }, 25);
  const h2 = medianTime(() => {
    // One connection per batch, so the batch holds the opening and many kept-alive requests, as a run does.
    const connection = openHttp2Connection(HTTP2_CLIENT_PROFILES[profile]);
    for (let i = 0; i < BATCH; i++) http2Exchange(connection, request2, h2Response);
  }, 25);
  console.log(`http2: ${profile} exchange ${((h2 / BATCH) * 1000).toFixed(2)} us vs HTTP/1.1 ${((h1 / BATCH) * 1000).toFixed(2)} us: ${(h2 / h1).toFixed(2)}x (goal <= 2x)`);
}

/** HEADERS and CONTINUATION bytes (frame headers included) the client writes for the request on `streamId`. */
function requestHeaderBytes(frames: Http2Frame[]): number {
  return frames.filter((frame) => frame.from === 'client' && (frame.type === 'HEADERS' || frame.type === 'CONTINUATION')).reduce((sum, frame) => sum + frame.bytes.length, 0);
}

for (const profile of ['browser', 'curl', 'node'] as const) {
  const h1 = serializeRequest(h1Request(profile)).length;
  const connection = openHttp2Connection(HTTP2_CLIENT_PROFILES[profile]);
  const first = http2Exchange(connection, h2Request(profile), h2Response);
  const later = http2Exchange(connection, h2Request(profile), h2Response);
  const opening = first.filter((frame) => frame.from === 'client' && (frame.type === 'PREFACE' || (frame.type === 'SETTINGS' && frame.label !== 'SETTINGS ACK') || (frame.type === 'WINDOW_UPDATE' && frame.streamId === 0))).reduce((sum, frame) => sum + frame.bytes.length, 0);
  const response1 = first.filter((frame) => frame.from === 'server' && frame.type === 'HEADERS').reduce((sum, frame) => sum + frame.bytes.length, 0);
  const response2 = later.filter((frame) => frame.from === 'server' && frame.type === 'HEADERS').reduce((sum, frame) => sum + frame.bytes.length, 0);
  console.log(`http2: ${profile} request headers: HTTP/1.1 ${h1} B every request; h2 ${requestHeaderBytes(first)} B first (+${opening} B preface, SETTINGS, WINDOW_UPDATE), ${requestHeaderBytes(later)} B later; response HEADERS ${response1} B first, ${response2} B later`);
}

/*
 * The same at the route level: a whole simulated REST request through the gateway pipeline
 * (DNS, TCP, TLS, the request, the pipeline, the response, the close), as `simulate` runs it, with
 * the browser speaking h2 against the same request over HTTP/1.1, on one kept-alive connection.
 */
const SHOP = readConfig(join(__dirname, '..', '..', 'examples', 'shop', 'gateway.json')).model;
const ROUTE = { model: SHOP, api: 'shop-products', route: 'GET /products/{productId}', clientProfile: 'browser', requests: 10, keepAlive: true } as const;
const routeH1 = medianTime(() => simulateRouteRequest({ ...ROUTE, httpVersion: '1.1' }), 25);
const routeH2 = medianTime(() => simulateRouteRequest({ ...ROUTE, httpVersion: '2' }), 25);
console.log(`http2: route request (browser, 10 kept-alive requests through the REST pipeline) h2 ${routeH2.toFixed(2)} ms vs HTTP/1.1 ${routeH1.toFixed(2)} ms: ${(routeH2 / routeH1).toFixed(2)}x (goal <= 2x)`);
