import { scenarioCost } from '../gateway/cost';
import { readConfig } from '../config/configFile';
import type { GatewayModel } from '../model/gateway';
import type { DemoFlow } from './demoFlow';
import { simulateBankingDemo } from './bankingDemo';
import { exampleTemplatePath, type ExampleName } from './examplePath';
import { simulateRouteRequest } from './routeRequest';
import type { ScenarioOptions } from './topology';
import { simulateWebSocketApiSession } from './websocketApiSession';

/*
 * The built-in e-commerce shop (examples/shop/template.yaml, a SAM template), end to end through API
 * Gateway: a shopper's browser loads a product from the REST catalogue (edge-optimized,
 * WAF, Lambda), places an order on the HTTP API (JWT, Lambda), then follows the order's
 * status over the WebSocket API while the order service pushes packed, shipped, delivered.
 */

export type { DemoFlow } from './demoFlow';

export function simulateDemo(options: ScenarioOptions = {}, model: GatewayModel = readConfig(exampleTemplatePath('shop')).model): DemoFlow[] {
  const common: ScenarioOptions = { clientProfile: 'browser', ...options };
  const product = simulateRouteRequest({
    ...common, model, api: 'shop-products', route: 'GET /products/{productId}', dnsCache: options.dnsCache ?? 'resolver',
    // A REST Lambda proxy answers CORS itself: the shop's function names the web app's origin (DG how-to-cors).
    backend: { status: 200, durationMs: 35, body: '{"id":"123","name":"Trail running shoe","price":129.95,"currency":"EUR","stock":42}', headers: { 'Access-Control-Allow-Origin': 'https://www.example.com' } },
  });
  const order = simulateRouteRequest({
    ...common, model, api: 'shop-orders', route: 'POST /orders', dnsCache: options.dnsCache ?? 'resolver',
    requestBody: '{"productId":"123","quantity":1,"shippingAddressId":"addr-7"}',
    backend: { status: 201, durationMs: 60, body: '{"orderId":"o-1001","status":"created"}' },
  });
  const status = simulateWebSocketApiSession({ ...common, model, api: 'shop-order-status', dnsCache: options.dnsCache ?? 'resolver' });
  return [
    { name: 'product', description: 'GET /products/123 on the REST API (edge-optimized, WAF, Lambda proxy)', api: 'shop-products', apiType: 'REST', route: 'GET /products/{productId}', trace: product, cost: scenarioCost('REST', product) },
    { name: 'order', description: 'POST /orders on the HTTP API (JWT authorizer, Lambda payload 2.0)', api: 'shop-orders', apiType: 'HTTP', route: 'POST /orders', trace: order, cost: scenarioCost('HTTP', order) },
    { name: 'order-status', description: 'Order status over the WebSocket API: $connect, subscribe, packed -> shipped -> delivered pushed via @connections', api: 'shop-order-status', apiType: 'WEBSOCKET', route: '$connect', trace: status, cost: scenarioCost('WEBSOCKET', status) },
  ];
}

/** A built-in example's demo: the shop's three API types, or the core-banking REST API. */
export function simulateExampleDemo(example: ExampleName, options: ScenarioOptions = {}): DemoFlow[] {
  return example === 'banking' ? simulateBankingDemo(options) : simulateDemo(options);
}
