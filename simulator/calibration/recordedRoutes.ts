import { matchRoute } from '../gateway/routeMatch';
import { apiHost, type Api, type GatewayModel, type Route } from '../model/gateway';
import type { RecordedEntry } from './harRecording';

/*
 * Which route of the config each recorded request called: by host, stage, method and path
 * template, as API Gateway itself routes (gateway/routeMatch.ts). The host of a deployed API
 * carries the id AWS assigned at creation, which a template does not know; so an
 * `execute-api` host in the API's Region, or one no API claims, is matched by stage and path
 * alone, and only when exactly one route of the config fits.
 */

export interface MatchedEntry {
  entry: RecordedEntry;
  api: Api;
  route: Route;
  stage: string;
}

export type UnmatchedReason = 'other host' | 'no route' | 'ambiguous';

export interface RouteMatches {
  matched: MatchedEntry[];
  unmatched: { entry: RecordedEntry; reason: UnmatchedReason }[];
}

const EXECUTE_API = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/;

/** The route each entry called, or why none. WebSocket APIs are not matched: their upgrade's timing is not a request's. */
export function matchRecordedRoutes(model: GatewayModel, entries: readonly RecordedEntry[]): RouteMatches {
  const apis = model.apis.filter((api) => api.type !== 'WEBSOCKET');
  const result: RouteMatches = { matched: [], unmatched: [] };
  for (const entry of entries) {
    const host = entry.url.hostname.toLowerCase();
    const named = apis.filter((api) => apiHost(api).toLowerCase() === host);
    const region = EXECUTE_API.exec(host)?.[1];
    const candidates = named.length > 0 ? named : region ? apis.filter((api) => api.region === region && !api.customDomain) : [];
    if (candidates.length === 0) {
      result.unmatched.push({ entry, reason: 'other host' });
      continue;
    }
    const found = candidates.flatMap((api) => routesOf(api, entry));
    if (found.length === 1) result.matched.push({ entry, ...found[0] });
    else result.unmatched.push({ entry, reason: found.length === 0 ? 'no route' : 'ambiguous' });
  }
  return result;
}

/**
 * The routes of `api` the entry fits: a REST API's path starts with the stage (DG
 * how-to-call-api: `https://{id}.execute-api.{region}.amazonaws.com/{stage}/...`); an HTTP API
 * serves its `$default` stage at the root and named stages under their name (DG http-api-stages).
 * A custom domain's mapping removes the stage from the path.
 */
function routesOf(api: Api, entry: RecordedEntry): { api: Api; route: Route; stage: string }[] {
  const path = entry.url.pathname;
  const [, first = ''] = path.split('/');
  const found: { api: Api; route: Route; stage: string }[] = [];
  for (const stage of api.stages) {
    let below: string | undefined;
    if (api.customDomain) below = path;
    else if (stage.name === '$default') below = api.type === 'HTTP' ? path : undefined;
    else if (decodeURIComponent(first) === stage.name) below = path.slice(first.length + 1) || '/';
    if (below === undefined) continue;
    const match = matchRoute(api, entry.method, below);
    // A $default route catches everything: it fits only when nothing more specific could.
    if (match && !(match.route.key === '$default' && api.stages.length > 1)) found.push({ api, route: match.route, stage: stage.name });
    if (api.customDomain) break;
  }
  return found;
}
