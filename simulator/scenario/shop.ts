import type { Trace } from '../trace/trace';
import { simulateHttpExchange } from './httpExchange';
import type { ScenarioOptions } from './topology';
import { simulateWebSocketSession } from './websocketSession';

/*
 * The built-in e-commerce shop, at protocol level: a shopper's browser loads a product
 * (cold: DNS, TCP, TLS, request), places an order on the same connection, then follows
 * the order's status over a WebSocket instead of polling: the backend pushes `packed`,
 * `shipped` and `delivered`. The gateway pipeline between client and backend joins in the
 * gateway issue; here the server is the API Gateway endpoint as the client sees it.
 */

export interface ShopFlow {
  name: string;
  description: string;
  trace: Trace;
}

export const SHOP_API_HOST = 'abc123defg.execute-api.eu-west-1.amazonaws.com';
export const SHOP_WEBSOCKET_HOST = 'ws7890wxyz.execute-api.eu-west-1.amazonaws.com';

export function simulateShop(options: ScenarioOptions = {}): ShopFlow[] {
  const common: ScenarioOptions = { clientProfile: 'browser', serverLabel: 'API Gateway', ...options };
  return [
    {
      name: 'product',
      description: 'GET /products/123: a cold HTTPS request (DNS, TCP, TLS, request, response)',
      trace: simulateHttpExchange({
        ...common,
        url: `https://${SHOP_API_HOST}/prod/products/123`,
        serverProcessingMs: 35,
        responseBody: '{"id":"123","name":"Trail running shoe","price":129.95,"currency":"EUR","stock":42}',
      }),
    },
    {
      name: 'order',
      description: 'POST /orders: the shopper comes back to order (DNS cached, TLS session resumed from a ticket)',
      trace: simulateHttpExchange({
        ...common,
        url: `https://${SHOP_API_HOST}/prod/orders`,
        method: 'POST',
        requestBody: '{"productId":"123","quantity":1,"shippingAddressId":"addr-7"}',
        status: 201,
        serverProcessingMs: 60,
        responseBody: '{"orderId":"o-1001","status":"created"}',
        dnsCache: 'hit',
        tlsResumption: 'ticket',
      }),
    },
    {
      name: 'order-status',
      description: 'Order status over a WebSocket: subscribe, then packed, shipped, delivered pushed by the backend',
      trace: simulateWebSocketSession({
        ...common,
        url: `wss://${SHOP_WEBSOCKET_HOST}/production`,
        serverProcessingMs: 40,
        frameSize: 32 * 1024,
        messages: [
          { from: 'client', data: '{"action":"subscribe","orderId":"o-1001"}' },
          { from: 'server', afterMs: 2000, data: '{"orderId":"o-1001","status":"packed"}' },
          { from: 'server', afterMs: 3000, data: '{"orderId":"o-1001","status":"shipped","carrier":"DHL","tracking":"JD014600003828"}' },
          { from: 'server', afterMs: 4000, data: '{"orderId":"o-1001","status":"delivered"}' },
        ],
        close: { from: 'client', code: 1000, reason: 'order delivered' },
      }),
    },
  ];
}
