import type { ConfigReadResult } from '../simulator/config/configFile';
import type { Api, GatewayModel, Route } from '../simulator/model/gateway';
import { routeRef, routeRefText, type RouteRef } from '../simulator/scenario/registry';

/*
 * Where each route of a config is, for hovers and CodeLens. Pure (no vscode import), so it is
 * unit-tested in Node. Lines and columns are 1-based, as the readers report them.
 */

export interface IndexedRoute {
  api: Api;
  route: Route;
  /** The route's stable identity: its API's logical id and its route key. */
  ref: RouteRef;
  /** The identity as text (`HttpApi POST /orders`): command arguments and panel state. */
  id: string;
  /** For people: `shop-orders · POST /orders` (two APIs may share a name; the id tells them apart). */
  title: string;
  line: number;
  column: number;
  endLine: number;
}

/** Where a route of the model is: its API's index and its own among the API's routes. */
export type RoutePosition = readonly [api: number, route: number];

/** The routes with a location in `file`, in file order: the costly half of indexing (a sort), done where parsing is. */
export function routeOrder(model: GatewayModel, file: string): RoutePosition[] {
  const found: { position: RoutePosition; line: number; column: number }[] = [];
  model.apis.forEach((api, apiIndex) => api.routes.forEach((route, routeIndex) => {
    if (route.location?.file === file) found.push({ position: [apiIndex, routeIndex], line: route.location.line, column: route.location.column });
  }));
  return found.sort((a, b) => a.line - b.line || a.column - b.column).map((entry) => entry.position);
}

/** One route's entry in the index (its location is in the file indexed). */
export function indexedRoute(api: Api, route: Route): IndexedRoute {
  const location = route.location!;
  const ref = routeRef(api, route);
  return { api, route, ref, id: routeRefText(ref), title: `${api.name} · ${route.key}`, line: location.line, column: location.column, endLine: location.endLine ?? location.line };
}

/** Every route with a location in `file`, in file order. */
export function indexRoutes(result: ConfigReadResult, file: string): IndexedRoute[] {
  return routeOrder(result.model, file).map(([api, route]) => indexedRoute(result.model.apis[api], result.model.apis[api].routes[route]));
}

/**
 * The route declared at a 1-based line: the one whose declaration starts on that line, or
 * else the innermost one whose range covers it.
 */
export function routeAt(routes: readonly IndexedRoute[], line: number): IndexedRoute | undefined {
  const exact = routes.find((entry) => entry.line === line);
  if (exact) return exact;
  let best: IndexedRoute | undefined;
  for (const entry of routes) {
    if (entry.line <= line && line < entry.endLine && (!best || entry.line >= best.line)) best = entry;
  }
  return best;
}
