/**
 * How long the simulator takes (wall clock) to simulate one cold HTTPS request, one
 * 100-message WebSocket session, and the same through API Gateway's pipelines; each the
 * median of repeated runs after a warm-up.
 */
import { join } from 'node:path';
import { readConfig } from '../simulator/config/configFile';
import { simulateHttpExchange } from '../simulator/scenario/httpExchange';
import { simulateRouteRequest } from '../simulator/scenario/routeRequest';
import { simulateWebSocketApiSession } from '../simulator/scenario/websocketApiSession';
import { simulateWebSocketSession, type WebSocketMessage } from '../simulator/scenario/websocketSession';
import { medianTime } from './medianTime';

const messages: WebSocketMessage[] = Array.from({ length: 100 }, (_, index) => ({
  from: index % 2 === 0 ? 'client' : 'server',
  afterMs: 50,
  data: `{"orderId":"o-${1000 + index}","status":"${['packed', 'shipped', 'delivered'][index % 3]}"}`,
}));

const cold = medianTime(() => simulateHttpExchange({ url: 'https://api.example.com/products/123', dnsCache: 'miss' }), 200);
const session = medianTime(() => simulateWebSocketSession({ url: 'wss://ws.example.com/production', messages }), 100);
console.log(`cold HTTPS request: ${cold.toFixed(3)} ms per simulation`);
console.log(`WebSocket session (100 messages): ${session.toFixed(3)} ms per simulation`);
const model = readConfig(join(__dirname, '..', '..', 'examples', 'shop', 'gateway.json')).model;
const rest = medianTime(() => simulateRouteRequest({ model, api: 'shop-products', route: 'GET /products/{productId}' }), 200);
const wsApi = medianTime(() => simulateWebSocketApiSession({ model, api: 'shop-order-status' }), 100);
console.log(`cold request through an edge-optimized REST API (WAF, Lambda): ${rest.toFixed(3)} ms per simulation`);
console.log(`WebSocket API session ($connect, subscribe, 3 pushes, close): ${wsApi.toFixed(3)} ms per simulation`);
