import { matchRoute } from '../../gateway/routeMatch';
import type { Api, Route } from '../../model/gateway';

/*
 * Why the gateway's side of a CORS exchange fails, in words a web developer can act on: what
 * answers the preflight OPTIONS of a path, and who must add Access-Control-Allow-Origin to the
 * actual response. Shown next to Chromium's own message, which names only the symptom.
 */

/** Why a preflight to `path` (below the stage) is refused by the gateway's configuration, or undefined when nothing in the config refuses it. */
export function preflightRefusalHint(api: Api, path: string): string | undefined {
  const match = matchRoute(api, 'OPTIONS', path);
  if (api.type === 'HTTP' && api.cors && !match) return undefined;
  if (!match) {
    return api.type === 'REST'
      // DG supported-gateway-response-types: MISSING_AUTHENTICATION_TOKEN covers "an unsupported API method or resource".
      ? `the resource ${path} has no OPTIONS method: API Gateway answers the preflight 403 {"message":"Missing Authentication Token"} without CORS headers (add Cors, an OPTIONS MOCK method, or cors: true)`
      : 'the HTTP API has no CorsConfiguration and no OPTIONS route: API Gateway answers the preflight 404 {"message":"Not Found"} (DG http-api-cors)';
  }
  return authorizationHint(match.route);
}

function authorizationHint(route: Route): string | undefined {
  if (route.authorizationType !== 'NONE') {
    return `the preflight reaches ${route.key}, which requires ${route.authorizationType} authorization; a browser never sends credentials on a preflight, so the authorizer refuses it`;
  }
  if (route.apiKeyRequired) return `the preflight reaches ${route.key}, which requires an API key; a browser never sends x-api-key on a preflight`;
  return undefined;
}

/** Who must add the CORS headers to the actual response, when the gateway does not. */
export function responseHeaderHint(api: Api, route: Route): string | undefined {
  if (api.type === 'HTTP') return api.cors ? undefined : 'the HTTP API has no CorsConfiguration, so the integration must return Access-Control-Allow-Origin itself';
  const integration = api.integrations.find((candidate) => candidate.id === route.integrationId);
  if (integration?.type === 'AWS_PROXY' || integration?.type === 'HTTP_PROXY') {
    // DG how-to-cors: with a proxy integration the backend "is responsible for returning the Access-Control-Allow-Origin" header.
    return `${route.key} is a ${integration.type === 'AWS_PROXY' ? 'Lambda' : 'HTTP'} proxy integration: the backend must return Access-Control-Allow-Origin itself; API Gateway adds nothing`;
  }
  return `${route.key}'s integration response must map method.response.header.Access-Control-Allow-Origin`;
}
