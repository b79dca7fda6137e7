import type { Integration } from '../model/gateway';
import { headerValue, type HttpRequest } from '../net/http';

/*
 * The method request as a REST non-proxy (custom) integration passes it on. A custom
 * integration forwards no client header or query string by itself: the integration request
 * carries what its request parameters map, `integration.request.{header|querystring}.NAME` from
 * `method.request.{header|querystring|path}.NAME` or a static `'value'` (DG
 * request-response-data-mappings, "Parameter mapping examples for REST APIs"), and the body the
 * mapping template (or the passthrough) gives it.
 *
 * Assumptions, named: the Content-Type of the method request goes on unless a parameter maps
 * one (the backend must be told what the body is); sources other than the method request's
 * headers, query string and path and static values (`context.*`, `stageVariables.*`,
 * `method.request.body.*`) are not resolved and leave their parameter out.
 */

/** The value a parameter's source expression gives for `request`, or undefined. */
export function parameterSource(expression: string, request: HttpRequest, pathParameters: Readonly<Record<string, string>>): string | undefined {
  const literal = /^'(.*)'$/s.exec(expression);
  if (literal) return literal[1];
  const source = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(expression);
  if (!source) return undefined;
  const [, where, name] = source;
  if (where === 'header') return headerValue(request.headers, name);
  if (where === 'path') return pathParameters[name];
  return new URLSearchParams(request.target.split('?').slice(1).join('?')).get(name) ?? undefined;
}

/** The integration request's headers and target (path with the mapped query string) before the template's overrides. */
export function customIntegrationRequest(integration: Integration | undefined, request: HttpRequest, pathParameters: Readonly<Record<string, string>>): HttpRequest {
  const headers: [string, string][] = [];
  const query = new URLSearchParams();
  for (const [target, expression] of Object.entries(integration?.requestParameters ?? {})) {
    const place = /^integration\.request\.(header|querystring)\.(.+)$/.exec(target);
    const value = place ? parameterSource(expression, request, pathParameters) : undefined;
    if (!place || value === undefined) continue;
    if (place[1] === 'header') headers.push([place[2], value]);
    else query.append(place[2], value);
  }
  const contentType = headerValue(request.headers, 'Content-Type');
  if (contentType !== undefined && headerValue(headers, 'Content-Type') === undefined) headers.push(['Content-Type', contentType]);
  const path = request.target.split('?')[0];
  const search = query.toString();
  return { method: request.method, target: search ? `${path}?${search}` : path, headers };
}
