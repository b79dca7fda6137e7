import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from '../../simulator/config/configFile';
import type { Fault } from '../../simulator/gateway/faults';
import { modelFromJson } from '../../simulator/config/modelJson/modelFromJson';
import type { GatewayModel } from '../../simulator/model/gateway';
import { simulateDemo, type DemoFlow } from '../../simulator/scenario/demo';
import { simulateRouteRequest } from '../../simulator/scenario/routeRequest';
import type { TraceJson } from '../../simulator/trace/trace';
import { toTraceJson } from '../../simulator/trace/traceJson';

/*
 * Real simulator traces for the webview's model tests: the shop demo (from its SAM
 * template), and routes of examples/shop/gateway.json with a VPC link, a fault or a series,
 * each as the webview receives it (payloads as hex). Each is simulated once per test file and shared.
 */

/** Compiled tests live in out/test/webview: the repository root is three levels up. */
const ROOT = join(__dirname, '..', '..', '..');

let demo: DemoFlow[] | undefined;
let gatewayModel: GatewayModel | undefined;

function demoFlow(name: 'product' | 'order' | 'order-status'): TraceJson {
  demo ??= simulateDemo({}, readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model);
  const flow = demo.find((candidate) => candidate.name === name);
  if (!flow) throw new Error(`the shop demo has no ${name} flow`);
  return toTraceJson(flow.trace);
}

function model(): GatewayModel {
  gatewayModel ??= modelFromJson(readFileSync(join(ROOT, 'examples', 'shop', 'gateway.json'), 'utf8'), 'examples/shop/gateway.json');
  return gatewayModel;
}

/** GET /products/{productId} on the edge-optimized REST API: CloudFront, WAF, Lambda. */
export const productTrace = (): TraceJson => demoFlow('product');
/** POST /orders on the HTTP API: JWT authorizer (JWKS fetch), Lambda. */
export const orderTrace = (): TraceJson => demoFlow('order');
/** The order-status WebSocket session: $connect, subscribe, three pushes, close. */
export const orderStatusTrace = (): TraceJson => demoFlow('order-status');

/** GET /orders/{orderId}: an HTTP_PROXY integration through a VPC link to an ALB and an EKS target. */
export function vpcLinkTrace(): TraceJson {
  return toTraceJson(simulateRouteRequest({ model: model(), api: 'shop-orders', route: 'GET /orders/{orderId}' }));
}

export function faultTrace(fault: Fault): TraceJson {
  return toTraceJson(simulateRouteRequest({ model: model(), api: 'shop-products', route: 'GET /products/{productId}', faults: [fault] }));
}

/** `requests` POST /orders on one kept-alive connection (about nine events per request). */
export function seriesTrace(requests: number): TraceJson {
  return toTraceJson(simulateRouteRequest({ model: model(), api: 'shop-orders', route: 'POST /orders', requests, keepAlive: true }));
}
