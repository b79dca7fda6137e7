import type { ConfigReadResult } from '../simulator/config/configFile';
import type { Api, Route } from '../simulator/model/gateway';
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

/** Every route with a location in `file`, in file order. */
export function indexRoutes(result: ConfigReadResult, file: string): IndexedRoute[] {
  const routes: IndexedRoute[] = [];
  for (const api of result.model.apis) {
    for (const route of api.routes) {
      const location = route.location;
      if (!location || location.file !== file) continue;
      const ref = routeRef(api, route);
      routes.push({ api, route, ref, id: routeRefText(ref), title: `${api.name} · ${route.key}`, line: location.line, column: location.column, endLine: location.endLine ?? location.line });
    }
  }
  return routes.sort((a, b) => a.line - b.line || a.column - b.column);
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
