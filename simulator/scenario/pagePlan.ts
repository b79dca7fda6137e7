import { ParameterError } from '../errors';
import { parseRouteKey } from '../model/routeKey';
import type { Api, GatewayModel, Route } from '../model/gateway';

/*
 * Which routes a page load calls, chosen from the model (the rule, in order):
 *
 * 1. Reads: the GET routes of the page's API (the route's API when a route is named, else the
 *    model's first REST or HTTP API with a GET route), at most PAGE_READS, all started at
 *    once. Routes that read one resource (a path parameter, `GET /products/{productId}`) come
 *    first, in the config's order; routes that need an API key are left out while others
 *    remain, since a web page holds no partner's key.
 * 2. Write: then one POST route: the page's API's first, else the first of another REST or
 *    HTTP API (the shop's order is placed on its HTTP API).
 * 3. Socket: then the first WebSocket API's session (its $connect, and its first custom route's
 *    message), opened once the write has its answer.
 *
 * For the shop that is GET /products/{productId}, .../reviews and .../stock on shop-products,
 * POST /orders on shop-orders, and shop-order-status.
 */

/** How many reads a page starts at once: as many as Chromium opens sockets to one host over HTTP/1.1, so none waits by default. */
export const PAGE_READS = 6;

export interface PageCall {
  api: Api;
  route: Route;
}

export interface PagePlan {
  reads: PageCall[];
  write?: PageCall;
  socket?: Api;
}

function method(route: Route): string | undefined {
  return parseRouteKey(route.key)?.method;
}

/** The page's API: the one named, else the first REST or HTTP API with a GET route. */
export function pageApi(model: GatewayModel, apiId?: string): Api {
  const api = apiId === undefined
    ? model.apis.find((candidate) => candidate.type !== 'WEBSOCKET' && candidate.routes.some((route) => method(route) === 'GET'))
    : model.apis.find((candidate) => candidate.id === apiId);
  if (!api || api.type === 'WEBSOCKET' || !api.routes.some((route) => method(route) === 'GET')) {
    const names = model.apis.filter((candidate) => candidate.type !== 'WEBSOCKET' && candidate.routes.some((route) => method(route) === 'GET')).map((candidate) => JSON.stringify(candidate.id));
    throw new ParameterError('api', apiId, names.length > 0 ? `a REST or HTTP API with a GET route for the page to read: ${names.join(', ')}` : 'a REST or HTTP API with a GET route for the page to read (the model has none)', 'UNKNOWN_OPTION');
  }
  return api;
}

/** The page's calls for `model`, per the rule above; `reads` caps the concurrent reads (default PAGE_READS). */
export function pagePlan(model: GatewayModel, apiId?: string, reads = PAGE_READS): PagePlan {
  const api = pageApi(model, apiId);
  const gets = api.routes.filter((route) => method(route) === 'GET');
  const keyless = gets.filter((route) => !route.apiKeyRequired);
  const candidates = keyless.length > 0 ? keyless : gets;
  const readsOne = (route: Route): boolean => /\{[^}]+\}/.test(route.key);
  const ordered = [...candidates.filter(readsOne), ...candidates.filter((route) => !readsOne(route))];
  const writeApis = [api, ...model.apis.filter((candidate) => candidate !== api && candidate.type !== 'WEBSOCKET')];
  const writeApi = writeApis.find((candidate) => candidate.routes.some((route) => method(route) === 'POST'));
  const socket = model.apis.find((candidate) => candidate.type === 'WEBSOCKET');
  return {
    reads: ordered.slice(0, Math.max(1, reads)).map((route) => ({ api, route })),
    ...(writeApi ? { write: { api: writeApi, route: writeApi.routes.find((route) => method(route) === 'POST')! } } : {}),
    ...(socket ? { socket } : {}),
  };
}

/** The plan in words, for the trace and the CLI: which routes the page picked. */
export function pagePlanText(plan: PagePlan): string[] {
  return [
    `concurrently: ${plan.reads.map((call) => `${call.api.name} ${call.route.key}`).join(', ')}`,
    plan.write ? `then: ${plan.write.api.name} ${plan.write.route.key}` : 'then: no POST route to place an order on',
    plan.socket ? `then: ${plan.socket.name} WebSocket session` : 'then: no WebSocket API to open',
  ];
}
