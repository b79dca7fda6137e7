import type { ApiType } from '../../model/gateway';

/*
 * Route keys and resource paths: how API Gateway names what a request is matched against.
 * A REST method and an HTTP API route are `{METHOD} {path}` (`GET /orders/{id}`,
 * `ANY /{proxy+}`); an HTTP API's catch-all is `$default`; a WebSocket route key is whatever
 * the route selection expression yields (`$connect`, `sendmessage`) and is kept as written.
 * DG "Working with routes for HTTP APIs", "Set up a method", websocket-api-develop-routes.
 */

/** The catch-all route of an HTTP API, and the fallback route of a WebSocket API. */
export const DEFAULT_ROUTE_KEY = '$default';

/** The methods a REST method or HTTP API route may have; ANY matches every one. */
export const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']);

/** The OpenAPI extension that stands for the ANY method (x-amazon-apigateway-any-method). */
export const ANY_METHOD_EXTENSION = 'x-amazon-apigateway-any-method';

/** A method as API Gateway names it: upper case, the any-method extension as ANY. */
export function normalizeMethod(method: string): string {
  return method === ANY_METHOD_EXTENSION ? 'ANY' : method.toUpperCase();
}

/** `GET /orders` from a method and a resource path. */
export function routeKey(method: string, path: string): string {
  return `${normalizeMethod(method)} ${path}`;
}

/** `GET /orders` from `get /orders`; `$default`, WebSocket keys and keys whose path is not written out (`${method} ${path}`) as written. */
export function normalizeRouteKey(key: string, apiType: ApiType): string {
  if (apiType === 'WEBSOCKET') return key;
  const match = /^(\S+)\s+(\/.*)$/.exec(key.trim());
  return match ? routeKey(match[1], match[2]) : key.trim();
}

/** The method and path of a `{METHOD} {path}` key; undefined for `$default` and WebSocket keys. */
export function splitRouteKey(key: string): { method: string; path: string } | undefined {
  const space = key.indexOf(' ');
  return space < 0 ? undefined : { method: key.slice(0, space), path: key.slice(space + 1) };
}

/**
 * A path with its parameters' names left out: API Gateway tells `/a/{id}` and `/a/{key}`
 * apart by nothing but the name, so two such resources cannot both exist.
 */
export function pathShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

/**
 * A resource path as a stage's method settings write it: "Forward slashes (/) are encoded as
 * ~1 and the initial slash must include a forward slash", `/~1orders~1{id}` for
 * `/orders/{id}` (AWS::ApiGateway::Stage MethodSetting ResourcePath; the Terraform
 * provider's method_path trims the initial slash). `~0` is `~`, as in a JSON pointer.
 */
export function decodeResourcePath(written: string): string {
  const decoded = written.includes('~') ? written.replace(/^\//, '').replace(/~1/g, '/').replace(/~0/g, '~') : written;
  return decoded.startsWith('/') ? decoded : `/${decoded}`;
}
