import { readConfig } from '../config/configFile';
import { apiHost, type GatewayModel } from '../model/gateway';
import { findApi, simulateRouteRequest } from '../scenario/routeRequest';
import { simulateWebSocketApiSession } from '../scenario/websocketApiSession';
import { simulateWebSocketSession } from '../scenario/websocketSession';
import type { LiveScenario } from './liveRun';

/*
 * The fixed scenarios the fidelity report and its tests run both ways, on the shop example:
 * cold REST and HTTP API requests with TLS 1.2 and 1.3, a kept-alive series, a WebSocket API
 * session with pushes, and a 200 KB message fragmented into 32 KB frames. The last is a
 * plain WebSocket origin: an API Gateway WebSocket message is at most 128 KB (DG WebSocket
 * quotas), so a 200 KB one is not a gateway scenario.
 */

export interface FidelityScenario extends LiveScenario {
  name: string;
}

/** The injected one-way delay of the report: 20 ms each way. */
export const FIDELITY_ONE_WAY_MS = 20;

export function fidelityScenarios(model: GatewayModel, oneWayMs = FIDELITY_ONE_WAY_MS): FidelityScenario[] {
  const rest = findApi(model, 'shop-products');
  const http = findApi(model, 'shop-orders');
  const webSocket = findApi(model, 'shop-order-status');
  const restRequest = (tlsVersion: '1.2' | '1.3'): FidelityScenario => ({
    name: `REST cold request, TLS ${tlsVersion}`, host: apiHost(rest), tlsVersion, oneWayMs,
    model: (conditions) => simulateRouteRequest({ ...conditions, model, api: rest.id, route: 'GET /products/{productId}' }),
  });
  const httpRequest = (tlsVersion: '1.2' | '1.3'): FidelityScenario => ({
    name: `HTTP API cold request, TLS ${tlsVersion}`, host: apiHost(http), tlsVersion, oneWayMs,
    model: (conditions) => simulateRouteRequest({ ...conditions, model, api: http.id, route: 'GET /orders/{orderId}' }),
  });
  return [
    restRequest('1.2'),
    restRequest('1.3'),
    httpRequest('1.2'),
    httpRequest('1.3'),
    {
      name: 'HTTP API keep-alive series of 3, TLS 1.3', host: apiHost(http), tlsVersion: '1.3', oneWayMs,
      model: (conditions) => simulateRouteRequest({ ...conditions, model, api: http.id, route: 'POST /orders', requests: 3 }),
    },
    {
      name: 'WebSocket API session with pushes, TLS 1.3', host: apiHost(webSocket), tlsVersion: '1.3', oneWayMs,
      model: (conditions) => simulateWebSocketApiSession({
        ...conditions, model, api: webSocket.id, closeAfterMs: 50,
        pushes: [{ afterMs: 40, data: '{"orderId":"o-1001","status":"packed"}' }, { afterMs: 40, data: '{"orderId":"o-1001","status":"shipped","carrier":"DHL"}' }],
      }),
    },
    {
      name: 'WebSocket 200 KB message in 32 KB frames, TLS 1.3', host: 'stream.example.com', tlsVersion: '1.3', oneWayMs,
      model: (conditions) => simulateWebSocketSession({
        ...conditions, url: 'wss://stream.example.com/feed', frameSize: 32 * 1024,
        messages: [{ from: 'client', data: '{"subscribe":"prices"}' }, { from: 'server', afterMs: 20, data: 200 * 1024 }],
      }),
    },
  ];
}

/** The scenarios on the shop example shipped with the project. */
export function shopFidelityScenarios(examplePath: string, oneWayMs = FIDELITY_ONE_WAY_MS): FidelityScenario[] {
  return fidelityScenarios(readConfig(examplePath).model, oneWayMs);
}
