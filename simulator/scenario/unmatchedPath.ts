import { ParameterError } from '../errors';
import { matchRoute } from '../gateway/routeMatch';
import type { Api } from '../model/gateway';
import { parseRouteKey } from '../model/routeKey';

/*
 * The path the route-not-found fault asks for: one that no route of the API matches, checked
 * with the gateway's own matcher (literal, then {parameter}, then {proxy+}, then ANY and
 * $default). A path below the route is tried first, then one beside it, then one at the top:
 * below GET /products/{productId}, /products/123/x matches nothing, but below GET /products,
 * /products/x is a {productId}; there /x matches nothing.
 */

const PROBE = 'unknown-resource';

/** A literal segment no route uses anywhere, so it cannot match a literal at any depth. */
function freshSegment(api: Api): string {
  const used = new Set(api.routes.flatMap((route) => parseRouteKey(route.key)?.path.split('/') ?? []));
  let candidate = PROBE;
  for (let suffix = 2; used.has(candidate); suffix++) candidate = `${PROBE}-${suffix}`;
  return candidate;
}

/** A path for `method` that matches no route of `api`, near `samplePath` (the route's path with sample values); undefined when every path matches one. */
export function unmatchedPath(api: Api, method: string, samplePath: string): string | undefined {
  const fresh = freshSegment(api);
  const parent = samplePath.replace(/\/[^/]*\/?$/, '');
  const candidates = [`${samplePath.replace(/\/$/, '')}/${fresh}`, `${parent}/${fresh}`, `/${fresh}`];
  return candidates.find((path) => matchRoute(api, method, path) === undefined);
}

/**
 * The route-not-found probe, or a ParameterError saying why the fault cannot happen: an API
 * with `ANY /{proxy+}` or an HTTP API with `$default` routes every path, so no request is ever
 * unmatched, and simulating one would show what API Gateway never does.
 */
export function routeNotFoundPath(api: Api, method: string, samplePath: string): string {
  const path = unmatchedPath(api, method, samplePath);
  if (path !== undefined) return path;
  const catchAll = api.routes.find((route) => route.key === '$default' || /\{\w+\+\}$/.test(route.key));
  throw new ParameterError('fault', 'route-not-found', `an API with a path no route matches; every ${method} path of ${api.name} has a route${catchAll ? ` (${catchAll.key} takes what others do not)` : ''}`);
}
