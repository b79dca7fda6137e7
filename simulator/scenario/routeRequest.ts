import { ParameterError } from '../errors';
import type { Fault } from '../gateway/faults';
import { jwtIssuer } from '../gateway/authorizers';
import { handleHttpApiRequest } from '../gateway/httpApi';
import { DEFAULT_GATEWAY_LATENCY, type GatewayLatencyProfile } from '../gateway/latencyProfile';
import { declare, GATEWAY, httpHop, httpResponseHop, newGatewayState, work, type BackendBehaviour, type GatewayEnvironment } from '../gateway/pipeline';
import { handleRestRequest } from '../gateway/restApi';
import { parseRouteKey } from '../gateway/routeMatch';
import { acceptedTlsVersions } from '../gateway/tlsPolicy';
import { apiHost, type Api, type GatewayModel, type Route, type Stage } from '../model/gateway';
import { headerValue, type HeaderList, type HttpRequest, type HttpResponse } from '../net/http';
import type { Trace } from '../trace/trace';
import { apiKey, jwt, sigV4Headers } from './credentials';
import { defaultRequestHeaders, simulateHttpExchange, type RequestHandler } from './httpExchange';
import { routeNotFoundPath } from './unmatchedPath';
import { browserHeaderOrder } from './browserHeaderOrder';
import { edgeHeaders } from './edgeHeaders';
import { fillerBody, type Endpoint, type ScenarioOptions } from './topology';
import { MAX_STAGE_NAME_LENGTH } from '../config/aws/stageNames';
import { applicableModel } from '../gateway/requestValidation';
import { sampleBody } from './sampleBody';
import type { ClientPolicy } from './httpExchange';
import type { Topology } from './topology';
import { defaultPageOrigin, parsePageOrigin } from './cors/browserOrigin';
import { browserCorsPolicy } from './cors/browserCors';
import { classifyFetch } from './cors/fetchClassification';
import { withOrigin } from './cors/preflightRequest';
import { preflightRefusalHint, responseHeaderHint } from './cors/preflightHints';

/*
 * A request to one route of one API in a gateway model, over the real protocol stack:
 * DNS, TCP, TLS to the endpoint (a CloudFront edge for edge-optimized REST APIs, the
 * Regional endpoint otherwise, an interface VPC endpoint for private APIs), then the API
 * type's pipeline, the integration, and the way back.
 */

export interface RouteScenarioOptions extends ScenarioOptions {
  model: GatewayModel;
  /** API name or id; may be omitted when the model has one API. */
  api?: string;
  /** Route key, e.g. `GET /products/{productId}`. */
  route: string;
  stage?: string;
  faults?: readonly Fault[];
  backend?: Partial<BackendBehaviour>;
  latency?: Partial<GatewayLatencyProfile>;
  requests?: number;
  keepAlive?: boolean;
  /** Time between one response and the next request (ms), as a polling client waits. */
  intervalMs?: number;
  /** Over HTTP/2: send the `requests` at once, as concurrent streams of one connection (httpExchange.ts). */
  multiplex?: boolean;
  /** Over HTTP/2: the gateway closes a connection idle this long (ms) with GOAWAY (httpExchange.ts). */
  serverIdleCloseMs?: number;
  /** Request body for methods that carry one (default: a JSON object with the model's required properties). */
  requestBody?: string;
  /** The path below the stage to ask for, in place of the route's sample path (`/accounts/DE89…/balance`). */
  path?: string;
  /** Headers the client adds to the request, after the profile's and the credentials (`Idempotency-Key`). */
  requestHeaders?: HeaderList;
  /**
   * The browser client's page origin (`https://www.shop.com`); default `https://www.` plus the
   * API host's registrable domain. Only the browser profile has one: other clients do no CORS.
   */
  origin?: string;
  /** The browser's fetch() credentials mode; `include` sends cookies and makes `*` unacceptable (Fetch §4.9). */
  credentials?: 'same-origin' | 'include';
}

export const ACCOUNT_ID = '123456789012';

/** What a simulated integration answers unless the scenario says otherwise. */
export const DEFAULT_BACKEND_BODY = '{"ok":true}';

/** The model's APIs as `--api` takes them: by name, and by id where a name is shared. */
function apiChoices(model: GatewayModel): string {
  return model.apis.map((api) => model.apis.filter((other) => other.name === api.name).length > 1 ? `${JSON.stringify(api.id)} (${api.name}, ${api.type})` : JSON.stringify(api.name)).join(', ');
}

export function findApi(model: GatewayModel, name: string | undefined): Api {
  if (model.apis.length === 0) throw new ParameterError('api', name, 'an API, but the config defines none (its findings say why)', 'UNKNOWN_OPTION');
  if (name === undefined) {
    if (model.apis.length === 1) return model.apis[0];
    throw new ParameterError('api', name, `one of ${apiChoices(model)} (the model has ${model.apis.length} APIs)`);
  }
  // An id names one API; a display name may name several (serverless.yml's REST and HTTP APIs share `<stage>-<service>`).
  const byId = model.apis.find((candidate) => candidate.id === name);
  if (byId) return byId;
  const named = model.apis.filter((candidate) => candidate.name === name);
  if (named.length > 1) throw new ParameterError('api', name, `the id of one of the APIs named so: ${named.map((candidate) => `${JSON.stringify(candidate.id)} (${candidate.type})`).join(', ')}`, 'UNKNOWN_OPTION');
  if (named.length === 0) throw new ParameterError('api', name, `one of ${apiChoices(model)}`, 'UNKNOWN_OPTION');
  return named[0];
}

export function findRoute(api: Api, key: string): Route {
  const route = api.routes.find((candidate) => candidate.key === key);
  if (!route) throw new ParameterError('route', key, `a route of ${api.name}: ${api.routes.map((candidate) => JSON.stringify(candidate.key)).join(', ')}`, 'UNKNOWN_OPTION');
  return route;
}

/** The stage by name; the API's first stage when no name is given. */
export function findStage(api: Api, name: string | undefined): Stage {
  const stageName = name ?? api.stages[0].name;
  const stage = api.stages.find((candidate) => candidate.name === stageName);
  if (!stage) throw new ParameterError('stage', stageName, `a stage of ${api.name}: ${api.stages.map((candidate) => candidate.name).join(', ')}`, 'UNKNOWN_OPTION');
  if (stage.name.length > MAX_STAGE_NAME_LENGTH) throw new ParameterError('stage', `${stage.name.slice(0, 40)}…`, `a stage name of at most ${MAX_STAGE_NAME_LENGTH} characters, as API Gateway takes (this one has ${stage.name.length.toLocaleString('en-US')})`);
  return stage;
}

/** A concrete path for a route key: `{orderId}` becomes a sample value, `{proxy+}` a sample tail. */
export function samplePath(routePath: string): string {
  return routePath.replace(/\{(\w+)\+\}/g, 'catalog/shoes').replace(/\{(\w+)\}/g, (_, name: string) => (name.toLowerCase().includes('order') ? 'o-1001' : '123'));
}

export function endpointFor(api: Api, network: { clientToEdgeRttMs: number; regionToBackendRttMs: number }): Endpoint {
  if (api.endpointType === 'EDGE') return { id: 'edge', label: 'CloudFront edge', kind: 'edge', rttMs: network.clientToEdgeRttMs };
  if (api.endpointType === 'PRIVATE') return { id: GATEWAY, label: `API Gateway ${api.name} (via VPC endpoint)`, kind: 'gateway', rttMs: network.regionToBackendRttMs * 2 };
  return { id: GATEWAY, label: `API Gateway ${api.name}`, kind: 'gateway' };
}

/** Builds the client's request for a route: path, credentials and body as the route needs them (or as a fault spoils them). */
/** The body a scenario's request carries: the model's required properties (none when it should fail validation), and a note. */
/** The body a scenario sends on a route: sampled from its JSON model (valid, or without the required properties). */
export function sampleRequestBody(route: Route, missingRequired = false): string {
  return sampleBody(applicableModel(route.requestModels, 'application/json'), missingRequired);
}

export function clientRequest(env: GatewayEnvironment, api: Api, route: Route, options: RouteScenarioOptions, clientHeaders: HeaderList): HttpRequest {
  const key = parseRouteKey(route.key);
  const method = key?.method === 'ANY' ? 'GET' : key?.method ?? 'GET';
  const stagePrefix = api.type === 'HTTP' && env.stage.name === '$default' ? '' : `/${env.stage.name}`;
  // The route-not-found fault asks for a path near the route that no route matches.
  const path = options.path ?? samplePath(key?.path ?? '/');
  const target = `${stagePrefix}${env.faults.has('route-not-found') ? routeNotFoundPath(api, method, path) : path}`;
  const faults = env.faults;
  const headers: [string, string][] = [['Host', apiHost(api)], ...clientHeaders.map(([name, value]) => [name, value] as [string, string])];
  const authorizer = api.authorizers.find((candidate) => candidate.id === route.authorizerId);
  if (!faults.has('missing-token')) {
    if (route.authorizationType === 'COGNITO_USER_POOLS' || route.authorizationType === 'JWT' || route.authorizationType === 'CUSTOM') {
      const headerName = /header\.([\w-]+)$/.exec(authorizer?.identitySources[0] ?? '')?.[1] ?? 'Authorization';
      const { issuer } = jwtIssuer(api, authorizer);
      const token = jwt(env.random, { issuer, audience: authorizer?.audience?.[0] ?? 'shop-web-client', simulatedMs: env.simulation.now });
      headers.push([headerName, route.authorizationType === 'JWT' ? `Bearer ${token}` : token]);
    } else if (route.authorizationType === 'AWS_IAM') {
      headers.push(...sigV4Headers(env.random, api.region, env.simulation.now));
    }
  }
  if (route.apiKeyRequired && !faults.has('missing-api-key')) {
    const planKey = api.usagePlans?.find((plan) => plan.apiKeys.length > 0)?.apiKeys[0];
    headers.push(['x-api-key', faults.has('invalid-api-key') || !planKey ? apiKey(env.random) : planKey]);
  }
  headers.push(...(options.requestHeaders ?? []).map(([name, value]): [string, string] => [name, value]));
  const carriesBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  let body: Uint8Array | undefined;
  if (faults.has('payload-too-large')) {
    body = fillerBody(10 * 1024 * 1024 + 1);
  } else if (carriesBody) {
    body = Buffer.from(options.requestBody ?? sampleRequestBody(route, faults.has('validation-failed')), 'utf8');
  }
  // The caller's Content-Type (a form post, text/plain) stands; the sample body is JSON.
  if (body && headerValue(headers, 'Content-Type') === undefined) headers.push(['Content-Type', 'application/json']);
  return { method, target, headers: clientHeaderOrder(options.clientProfile, headers, clientHeaders.length), ...(body ? { body } : {}) };
}

/**
 * The order a client writes a request's headers in. Node's http writes the headers its caller
 * set first, then Host (ClientRequest sets it after the options' headers) and Connection (added
 * as the head is stored), as a capture of `http.request` with Authorization and Content-Type
 * shows: Authorization, Content-Type, Host, Connection, Content-Length (test/simulator/fidelity).
 * Other clients write Host and their own headers first. `own` counts the client's headers after Host.
 */
function clientHeaderOrder(clientProfile: string | undefined, headers: [string, string][], own: number): [string, string][] {
  if (clientProfile !== undefined && clientProfile !== 'node') return headers;
  return [...headers.slice(1 + own), ...headers.slice(0, 1 + own)];
}

export function gatewayEnvironment(options: RouteScenarioOptions, api: Api, simulation: GatewayEnvironment['simulation'], recorder: GatewayEnvironment['recorder'], network: GatewayEnvironment['network'], upstream: string): GatewayEnvironment {
  const stage = findStage(api, options.stage);
  return {
    simulation, recorder, network, upstream, accountId: ACCOUNT_ID,
    random: simulation.random.fork('gateway'),
    latency: { ...DEFAULT_GATEWAY_LATENCY, ...options.latency },
    model: options.model, api, stage, state: newGatewayState(), faults: new Set(options.faults ?? []),
    backend: { status: 200, body: DEFAULT_BACKEND_BODY, durationMs: DEFAULT_GATEWAY_LATENCY.functionDurationMs, ...options.backend },
  };
}

/** CloudFront in front of an edge-optimized API: forward over its warm connection to the Region, add its headers on the way back. */
function throughEdge(env: GatewayEnvironment, request: HttpRequest, pipeline: (request: HttpRequest, respond: (response: HttpResponse) => void) => void, respond: (response: HttpResponse) => void): void {
  const cfId = `${Buffer.from(env.random.bytes(40)).toString('base64url').slice(0, 54)}==`;
  const pop = 'FRA56-P3';
  const forwarded: HttpRequest = {
    ...request,
    headers: [...request.headers, ...edgeHeaders(request.headers, `1.1 ${Buffer.from(env.random.bytes(16)).toString('hex')}.cloudfront.net (CloudFront)`, cfId, '198.51.100.23')],
  };
  const oneWay = env.network.edgeToRegionRttMs / 2;
  work(env, 'edge', `CloudFront ${pop} forwards to the Region`, env.latency.edgeProcessingMs, () => httpHop(env, 'edge', GATEWAY, forwarded, true, () => {
    pipeline(forwarded, (response) => {
      httpResponseHop(env, GATEWAY, 'edge', response, true, () => {
        respond({
          ...response,
          headers: [
            ...response.headers,
            ['X-Cache', response.status >= 400 ? 'Error from cloudfront' : 'Miss from cloudfront'],
            ['Via', forwarded.headers.find(([name]) => name === 'Via')![1]],
            ['X-Amz-Cf-Pop', pop],
            ['X-Amz-Cf-Id', cfId],
          ],
        });
      }, oneWay);
    });
  }, oneWay));
}

/** One or more requests to a REST or HTTP API route. */
export function simulateRouteRequest(options: RouteScenarioOptions): Trace {
  const api = findApi(options.model, options.api);
  if (api.type === 'WEBSOCKET') throw new ParameterError('api', api.name, 'a REST or HTTP API (use the ws-session scenario for WebSocket APIs)');
  const route = findRoute(api, options.route);
  // Refused before anything is simulated: an API that routes every path has no route-not-found.
  if (options.faults?.includes('route-not-found')) {
    const key = parseRouteKey(route.key);
    routeNotFoundPath(api, key?.method === 'ANY' || !key ? 'GET' : key.method, samplePath(key?.path ?? '/'));
  }
  let gateway: RouteGateway | undefined;
  const trace = simulateHttpExchange({
    ...options,
    serverTlsVersions: acceptedTlsVersions(api),
    scenarioName: `${api.type.toLowerCase()}-request`,
    url: `https://${apiHost(api)}/`,
    handler: (request, respond, requestTag) => gateway!.handler(request, respond, requestTag),
    requests: options.requests ?? 1,
    keepAlive: options.keepAlive ?? true,
    // Build the gateway environment, and the request with its credentials, before the first byte moves.
    prepare: (topology) => {
      gateway = routeGateway(options, api, topology);
      return routeClientRequest(options, gateway.env, api, route);
    },
    endpoint: (network) => endpointFor(api, network),
    clientPolicy: (topology, request) => browserPolicy(options, api, route, topology, request),
  });
  return trace;
}

/** An API's gateway at a topology's endpoint: its environment, and the handler that runs its pipeline (through CloudFront for an edge-optimized API). */
export interface RouteGateway {
  env: GatewayEnvironment;
  handler: RequestHandler;
}

export function routeGateway(options: RouteScenarioOptions, api: Api, topology: Topology): RouteGateway {
  const env = gatewayEnvironment(options, api, topology.simulation, topology.recorder, topology.network, topology.endpoint.id);
  if (topology.endpoint.id !== GATEWAY) declare(env, GATEWAY, `API Gateway ${api.name}`, 'gateway');
  const handler: RequestHandler = (request, respond, requestTag) => {
    // Each request's run records under its exchange's tag: concurrent requests through one gateway stay apart (the critical path follows one).
    const run: GatewayEnvironment = { ...env, request: requestTag };
    const pipeline = (incoming: HttpRequest, reply: (response: HttpResponse) => void): void =>
      (api.type === 'REST' ? handleRestRequest : handleHttpApiRequest)(run, incoming, reply);
    if (api.endpointType === 'EDGE') throughEdge(run, request, pipeline, respond);
    else pipeline(request, respond);
  };
  return { env, handler };
}

/** The client's request to `route`, with its credentials; a browser page on another origin adds Origin and Referer. */
export function routeClientRequest(options: RouteScenarioOptions, env: GatewayEnvironment, api: Api, route: Route): HttpRequest {
  const request = clientRequest(env, api, route, options, defaultRequestHeaders(options.clientProfile, options.userAgent));
  // A browser page on another origin sends Origin and Referer, and its Sec-Fetch-Site says how far away the API is.
  const pageOrigin = options.clientProfile === 'browser' ? pageOriginOf(options, api) : undefined;
  if (options.clientProfile !== 'browser' && options.clientProfile !== 'mobile') return request;
  return browserRequest(request, pageOrigin && pageOrigin !== `https://${apiHost(api)}` ? pageOrigin : undefined);
}

/**
 * A page's request as Chrome (desktop or Android) sends it: with Origin and Referer when the
 * page is on another origin, and the page's headers among the browser's own (browserHeaderOrder.ts).
 */
export function browserRequest(request: HttpRequest, crossOrigin: string | undefined): HttpRequest {
  const sent = crossOrigin ? withOrigin(request, crossOrigin) : request;
  return { ...sent, headers: browserHeaderOrder(sent.headers) };
}

/** The browser's CORS behaviour for a cross-origin route request; undefined for other clients and same-origin pages. */
export function browserPolicy(options: RouteScenarioOptions, api: Api, route: Route, topology: Topology, request: HttpRequest): ClientPolicy | undefined {
  if (options.clientProfile !== 'browser') return undefined;
  const apiOrigin = `https://${apiHost(api)}`;
  const pageOrigin = pageOriginOf(options, api);
  if (pageOrigin === apiOrigin) return undefined;
  // The page's own headers: what the browser profile does not add by itself.
  const browserOwn = new Set(['host', ...defaultRequestHeaders('browser').map(([name]) => name.toLowerCase()), 'origin', 'referer']);
  const pageHeaders = request.headers.filter(([name]) => !browserOwn.has(name.toLowerCase()));
  const stagePrefix = api.type === 'HTTP' && findStage(api, options.stage).name === '$default' ? '' : `/${findStage(api, options.stage).name}`;
  const path = request.target.split('?')[0].slice(stagePrefix.length) || '/';
  const preflightHint = preflightRefusalHint(api, path);
  const responseHint = responseHeaderHint(api, route);
  return browserCorsPolicy({
    recorder: topology.recorder, now: () => topology.simulation.now, schedule: (ms, action) => topology.simulation.schedule(ms, action), request, url: `${apiOrigin}${request.target}`, pageOrigin,
    classification: classifyFetch(request.method, pageHeaders), credentialsInclude: options.credentials === 'include',
    ...(preflightHint ? { preflightHint } : {}), ...(responseHint ? { responseHint } : {}),
  });
}

/** The page origin of a browser route request (an `origin` option must be an origin: scheme, host, optional port). */
export function pageOriginOf(options: Pick<RouteScenarioOptions, 'origin'>, api: Api): string {
  if (options.origin === undefined) return defaultPageOrigin(apiHost(api));
  const origin = parsePageOrigin(options.origin);
  if (origin === undefined) throw new ParameterError('origin', options.origin, 'an origin such as https://www.shop.com (scheme, host and optional port, no path)');
  return origin;
}
