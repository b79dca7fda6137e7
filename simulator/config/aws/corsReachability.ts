import type { Api, Route, SourceLocation } from '../../model/gateway';
import { parseRouteKey } from '../../model/routeKey';
import { ALLOW_CREDENTIALS, ALLOW_ORIGIN, staticParameterValue } from './cors';

/*
 * Routes a browser page on another origin could not call, told from the config alone. Only the
 * clear cases are reported, to keep false alarms rare:
 *
 * - a REST API that answers preflights somewhere (an OPTIONS method maps Access-Control-Allow-Origin, so CORS is meant)
 *   but not on the resource of a method a browser must preflight: API Gateway answers that
 *   preflight 403 Missing Authentication Token (DG supported-gateway-response-types);
 * - an OPTIONS method that needs an authorizer or an API key: a preflight never carries
 *   credentials (Fetch standard §4.8), so it is refused;
 * - an HTTP API with a CorsConfiguration whose $default route has an authorizer: that route
 *   catches the preflight, which the authorizer refuses (DG http-api-cors, "$default route and an
 *   authorizer");
 * - credentials allowed together with the origin `*`, which browsers refuse (Fetch §4.9).
 */

export interface CorsProblem {
  message: string;
  location?: SourceLocation;
}

/** Methods a browser always preflights (not CORS-safelisted: Fetch §2.2.2), and GET/POST that carry credentials or JSON. */
function mustPreflight(route: Route, method: string): boolean {
  if (!['GET', 'HEAD', 'POST'].includes(method)) return method !== 'OPTIONS';
  // An authorizer's token (Authorization) or an API key (x-api-key) is a header no simple request has; so is a JSON body.
  return route.authorizationType !== 'NONE' || route.apiKeyRequired === true || method === 'POST';
}

function credentialsWithWildcard(parameters: Record<string, string> | undefined): boolean {
  const value = (name: string): string | undefined => {
    const expression = parameters?.[`method.response.header.${name}`];
    return expression === undefined ? undefined : staticParameterValue(expression);
  };
  return value(ALLOW_ORIGIN) === '*' && value(ALLOW_CREDENTIALS) === 'true';
}

/** What keeps a browser on another origin from calling the API's routes. */
export function corsProblems(api: Api): CorsProblem[] {
  const problems: CorsProblem[] = [];
  if (api.type === 'REST') {
    const routes = api.routes.map((route) => ({ route, key: parseRouteKey(route.key) }));
    const preflighted = new Set(routes.filter(({ key }) => key?.method === 'OPTIONS' || key?.method === 'ANY').map(({ key }) => key!.path));
    // CORS is meant when an OPTIONS method answers with Access-Control-Allow-Origin (SAM Cors, serverless cors, a hand-written MOCK).
    const corsMeant = routes.some(({ route, key }) => key?.method === 'OPTIONS' && (route.integrationResponses ?? []).some((response) => response.responseParameters?.[`method.response.header.${ALLOW_ORIGIN}`] !== undefined));
    for (const { route, key } of routes) {
      if (!key) continue;
      if (key.method === 'OPTIONS') {
        if (route.authorizationType !== 'NONE' || route.apiKeyRequired) {
          problems.push({ message: `${api.name}: ${route.key} requires ${route.apiKeyRequired && route.authorizationType === 'NONE' ? 'an API key' : `${route.authorizationType} authorization`}; a browser's preflight carries no credentials, so it is refused and the browser blocks every call to ${key.path} that needs a preflight`, ...(route.location ? { location: route.location } : {}) });
        }
        if ((route.integrationResponses ?? []).some((response) => credentialsWithWildcard(response.responseParameters))) {
          problems.push({ message: `${api.name}: ${route.key} answers Access-Control-Allow-Origin '*' with Access-Control-Allow-Credentials 'true'; browsers refuse '*' when the page sends credentials: name the origin`, ...(route.location ? { location: route.location } : {}) });
        }
        continue;
      }
      if (corsMeant && !preflighted.has(key.path) && mustPreflight(route, key.method)) {
        problems.push({ message: `${api.name}: a browser on another origin cannot call ${route.key}: the request needs a CORS preflight, and ${key.path} has no OPTIONS method (API Gateway answers the preflight 403 Missing Authentication Token)`, ...(route.location ? { location: route.location } : {}) });
      }
    }
  }
  if (api.type === 'HTTP' && api.cors) {
    for (const route of api.routes) {
      // Only $default, the case DG http-api-cors documents; an ANY route with an authorizer is often a server-to-server webhook.
      if (route.key === '$default' && route.authorizationType !== 'NONE') {
        problems.push({ message: `${api.name}: ${route.key} has ${route.authorizationType} authorization and catches OPTIONS requests, so browser preflights reach its authorizer and are refused; add an OPTIONS route without authorization for these paths (DG http-api-cors)`, ...(route.location ? { location: route.location } : {}) });
      }
    }
    if (api.cors.allowCredentials && api.cors.allowOrigins.includes('*')) {
      problems.push({ message: `${api.name}: the CORS configuration allows credentials with the origin '*'; browsers refuse '*' when the page sends credentials: list the origins`, ...(api.cors.location ? { location: api.cors.location } : {}) });
    }
  }
  return problems;
}
