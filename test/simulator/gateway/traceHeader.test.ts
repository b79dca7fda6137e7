/*
 * X-Amzn-Trace-Id as API Gateway sends it with tracing off: the REST API answers its client with
 * `Root=1-<8 hex>-<24 hex>;Sampled=0`, and forwards the root alone to an HTTP integration
 * (X-Ray DG xray-concepts "Tracing header"; DG set-up-lambda-proxy-integrations example event).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import type { GatewayModel } from '../../../simulator/model/gateway';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';

const MODEL_FILE = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');
const ROOT = /^Root=1-([0-9a-f]{8})-[0-9a-f]{24}$/;

function shop(): GatewayModel {
  return modelFromJson(readFileSync(MODEL_FILE, 'utf8'), 'examples/shop/gateway.json');
}

function headerOf(event: TraceEvent, name: string): string | undefined {
  const head = Buffer.from(event.payload!).toString('utf8').split('\r\n\r\n')[0];
  const line = head.split('\r\n').find((field) => field.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(line.indexOf(':') + 1).trim();
}

/** The request the gateway sends its HTTP backend (directly or through a VPC link's load balancer). */
function backendRequest(trace: Trace): TraceEvent {
  return trace.events.find((event) => event.kind === 'http.request' && event.from !== 'client' && event.to !== 'gateway' && headerOf(event, 'X-Amzn-Trace-Id') !== undefined)!;
}

describe('X-Amzn-Trace-Id', () => {
  it('answers a REST client with the root and Sampled=0, and forwards the same root alone to an HTTP integration', () => {
    const model = shop();
    const products = model.apis.find((api) => api.name === 'shop-products')!;
    const integration = products.integrations.find((candidate) => candidate.id === 'get-product')!;
    Object.assign(integration, { type: 'HTTP_PROXY', uri: 'https://catalog.example.com/', functionName: undefined });
    const trace = simulateRouteRequest({ model, api: 'shop-products', route: 'GET /products/{productId}' });
    const response = trace.events.filter((event) => event.kind === 'http.response' && event.to === 'client').at(-1)!;
    const answered = headerOf(response, 'X-Amzn-Trace-Id')!;
    assert.match(answered, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=0$/);
    const forwarded = headerOf(backendRequest(trace), 'X-Amzn-Trace-Id')!;
    assert.match(forwarded, ROOT);
    assert.equal(`${forwarded};Sampled=0`, answered, 'one trace id per request');
  });

  it('puts the request\'s epoch seconds in the root of an HTTP API\'s forwarded header', () => {
    const trace = simulateRouteRequest({ model: shop(), api: 'shop-orders', route: 'GET /orders/{orderId}' });
    const forwarded = backendRequest(trace);
    const seconds = ROOT.exec(headerOf(forwarded, 'X-Amzn-Trace-Id') ?? '')?.[1];
    assert.ok(seconds, headerOf(forwarded, 'X-Amzn-Trace-Id'));
    const date = headerOf(trace.events.find((event) => event.kind === 'http.response' && event.to === 'client')!, 'Date')!;
    // The Date header and the root's time agree to within the request's own duration.
    assert.ok(Math.abs(parseInt(seconds, 16) - Date.parse(date) / 1000) <= 1, `${seconds} vs ${date}`);
  });
});
