import type { HeaderList } from '../net/http';
import { calibratedOptions, type Calibration } from '../calibration/calibration';
import { ParameterError } from '../errors';
import type { Fault } from '../gateway/faults';
import { scenarioCost } from '../gateway/cost';
import type { BackendBehaviour } from '../gateway/pipeline';
import type { Api, ApiType, GatewayModel, Route } from '../model/gateway';
import type { Trace } from '../trace/trace';
import { simulateLoad, simulateLoadAsync, type LoadControl, type LoadOptions, type LoadResult } from './load';
import { simulatePageLoad } from './pageLoad';
import { simulateRouteRequest } from './routeRequest';
import type { ScenarioOptions } from './topology';
import { simulateWebSocketApiSession, type WebSocketApiScenarioOptions } from './websocketApiSession';

/*
 * The one list of scenarios, and the one way to run a scenario on a route. The CLI, the
 * panel, the hover, the CodeLens, the scenario quick pick, the Compare tab and live mode come through
 * here, so a scenario id is spelled in this file only, and a route is always named by its
 * stable identity (`RouteRef`), never found again by an API's display name: two APIs of one
 * config may share a name (serverless.yml's `http` and `httpApi` events both deploy as
 * `<stage>-<service>`), their logical ids never do.
 */

/** Scenarios whose result is a trace the views draw. */
export type TraceScenarioId = 'request' | 'series' | 'ws-session' | 'page';
export type ScenarioId = TraceScenarioId | 'polling-vs-push' | 'load';

/** A preset of the load scenario, as the editor's quick pick offers it. */
export interface LoadPreset {
  title: string;
  detail: string;
  load: Pick<LoadOptions, 'ratePerSecond' | 'durationSeconds' | 'burst' | 'fanOut'>;
}

export interface ScenarioDefinition {
  id: ScenarioId;
  title: string;
  detail: string;
  /** The API types whose routes it runs on. */
  apiTypes: readonly ApiType[];
  /** What a run gives: a trace, the aggregates of a load run, or polling set against push for a whole model. */
  output: 'trace' | 'load' | 'comparison';
  /** Load presets by API type, for the editor (the CLI takes rates and durations as flags). */
  presets?: Partial<Record<ApiType, readonly LoadPreset[]>>;
}

/**
 * The load presets range from a quick run to one long enough (6,050,000 requests, several
 * seconds) to need its progress bar.
 */
const REQUEST_LOAD_PRESETS: readonly LoadPreset[] = [
  { title: 'Load: 1,000 requests per second for 1 minute', detail: 'Throttling, latency percentiles and cold starts', load: { ratePerSecond: 1000, durationSeconds: 60 } },
  { title: 'Load: 10,000 requests per second for 10 minutes, with a burst', detail: '6,000,000 requests plus 50,000 at once after 5 minutes', load: { ratePerSecond: 10_000, durationSeconds: 600, burst: { atSeconds: 300, requests: 50_000 } } },
];

export const SCENARIOS: readonly ScenarioDefinition[] = [
  { id: 'request', title: 'One request', detail: 'A cold request: DNS, TCP, TLS, HTTP and the gateway pipeline', apiTypes: ['REST', 'HTTP'], output: 'trace' },
  { id: 'series', title: 'Five requests', detail: 'In a row on one kept-alive connection', apiTypes: ['REST', 'HTTP'], output: 'trace' },
  {
    id: 'page', title: 'Page load', apiTypes: ['REST', 'HTTP'], output: 'trace',
    detail: 'A browser loads a page: the API\'s GET routes at once, then a POST with its CORS preflight, then a WebSocket session, on the connections Chromium opens',
  },
  { id: 'ws-session', title: 'WebSocket session', detail: 'Connect, send the route\'s message, pushes through @connections, close: every frame', apiTypes: ['WEBSOCKET'], output: 'trace' },
  {
    id: 'load', title: 'Load', detail: 'Throttling, latency percentiles and cold starts under a request rate', apiTypes: ['REST', 'HTTP', 'WEBSOCKET'], output: 'load',
    presets: {
      REST: REQUEST_LOAD_PRESETS,
      HTTP: REQUEST_LOAD_PRESETS,
      WEBSOCKET: [{ title: 'Load: fan-out to 100,000 connections', detail: '3 pushes to every connection through @connections, paced by the account throttle', load: { ratePerSecond: 1, durationSeconds: 1, fanOut: { connections: 100_000, pushes: 3 } } }],
    },
  },
  { id: 'polling-vs-push', title: 'Polling vs push', detail: 'Polling a GET route set against WebSocket pushes: latency, requests and cost', apiTypes: ['REST', 'HTTP'], output: 'comparison' },
];

export const SCENARIO_IDS: readonly ScenarioId[] = SCENARIOS.map((scenario) => scenario.id);
export const TRACE_SCENARIO_IDS: readonly TraceScenarioId[] = SCENARIOS.filter((scenario) => scenario.output === 'trace').map((scenario) => scenario.id as TraceScenarioId);

export function isScenarioId(value: unknown): value is ScenarioId {
  return typeof value === 'string' && (SCENARIO_IDS as readonly string[]).includes(value);
}

export function isTraceScenarioId(value: unknown): value is TraceScenarioId {
  return typeof value === 'string' && (TRACE_SCENARIO_IDS as readonly string[]).includes(value);
}

export function scenarioDefinition(id: ScenarioId): ScenarioDefinition {
  return SCENARIOS.find((scenario) => scenario.id === id)!;
}

/** The trace scenarios that run on a route of this API type, the default first. */
export function traceScenariosFor(apiType: ApiType, preferred?: TraceScenarioId): TraceScenarioId[] {
  const ids = SCENARIOS.filter((scenario) => scenario.output === 'trace' && scenario.apiTypes.includes(apiType)).map((scenario) => scenario.id as TraceScenarioId);
  return preferred && ids.includes(preferred) ? [preferred, ...ids.filter((id) => id !== preferred)] : ids;
}

/** The trace scenarios of an API type as a view offers them: id and title, the default first. */
export function traceScenarioOptions(apiType: ApiType, preferred?: TraceScenarioId): { id: TraceScenarioId; title: string }[] {
  return traceScenariosFor(apiType, preferred).map((id) => ({ id, title: scenarioDefinition(id).title }));
}

/** The scenario a route runs when none is named: the preferred one where it applies, else the API type's first. */
export function defaultTraceScenario(apiType: ApiType, preferred?: TraceScenarioId): TraceScenarioId {
  return traceScenariosFor(apiType, preferred)[0];
}

/** A route's stable identity within a model: its API's logical id and its route key. */
export interface RouteRef {
  apiId: string;
  routeKey: string;
}

export function routeRef(api: Api, route: Route): RouteRef {
  return { apiId: api.id, routeKey: route.key };
}

/** The identity as one string (`OrdersApi POST /orders`): command arguments, panel state, exports. */
export function routeRefText(ref: RouteRef): string {
  return `${ref.apiId} ${ref.routeKey}`;
}

/** The route a ref names, or a ParameterError listing what the model has. */
export function resolveRoute(model: GatewayModel, ref: RouteRef): { api: Api; route: Route } {
  const api = model.apis.find((candidate) => candidate.id === ref.apiId);
  if (!api) throw new ParameterError('api', ref.apiId, `the id of an API of the model: ${model.apis.map((candidate) => JSON.stringify(candidate.id)).join(', ')}`, 'UNKNOWN_OPTION');
  const route = api.routes.find((candidate) => candidate.key === ref.routeKey);
  if (!route) throw new ParameterError('route', ref.routeKey, `a route of ${api.name}: ${api.routes.map((candidate) => JSON.stringify(candidate.key)).join(', ')}`, 'UNKNOWN_OPTION');
  return { api, route };
}

/** What every trace scenario may be given besides the network and client. */
export interface RunOptions extends ScenarioOptions {
  stage?: string;
  faults?: readonly Fault[];
  /** Requests of a series (default 5) or of a request (default 1). */
  requests?: number;
  keepAlive?: boolean;
  /** Over HTTP/2: send the `requests` at once, as concurrent streams of one connection (httpExchange.ts). */
  multiplex?: boolean;
  /** Time between one response and the next request (ms). */
  intervalMs?: number;
  /** Over HTTP/2: the gateway closes a connection idle this long with GOAWAY (httpExchange.ts; no documented default). */
  serverIdleCloseMs?: number;
  requestBody?: string;
  /** Headers the client adds (`Idempotency-Key`), and a path in place of the route's sample path. */
  requestHeaders?: HeaderList;
  path?: string;
  /** The browser profile's page origin (route scenarios; default `https://www.` plus the API's domain). */
  origin?: string;
  /** What the integration answers and how long it takes. */
  backend?: Partial<BackendBehaviour>;
  /** A fit to a recording of the real API (simulator/calibration/): its round trip, bandwidth and this route's backend time. */
  calibration?: Calibration;
  /** ws-session: the size of the route's message (its selecting message padded with filler). */
  messageBytes?: number;
  /** ws-session: what the backend pushes, and when the client closes after the last push. */
  pushes?: WebSocketApiScenarioOptions['pushes'];
  closeAfterMs?: number;
}

/** One run of a trace scenario on a route. */
export interface ScenarioRun {
  scenario: TraceScenarioId;
  api: Api;
  route: Route;
  trace: Trace;
  costUsd: number;
}

/** Runs a trace scenario on the route `ref` names: the one entry point every shell uses. */
export function runScenario(model: GatewayModel, ref: RouteRef, scenario: TraceScenarioId, options: RunOptions = {}): ScenarioRun {
  const { api, route } = resolveRoute(model, ref);
  const definition = scenarioDefinition(scenario);
  if (!definition.apiTypes.includes(api.type)) {
    throw new ParameterError('scenario', scenario, `a scenario for ${api.type} routes: ${traceScenariosFor(api.type).join(', ')}`);
  }
  const { calibration, ...given } = options;
  const { requests, keepAlive, multiplex, intervalMs, serverIdleCloseMs, requestBody, requestHeaders, path, origin, messageBytes, pushes, closeAfterMs, ...common } = calibration ? calibratedOptions(calibration, api.id, route.key, given) : given;
  // A page load runs on the route's API: its GET routes, then the model's POST and WebSocket (pagePlan.ts); what shapes one route's request does not apply.
  if (scenario === 'page') {
    const { trace, costUsd } = simulatePageLoad({ ...common, model, api: api.id, ...(origin !== undefined ? { origin } : {}) });
    if (calibration) trace.calibration = { source: calibration.source, samples: calibration.samples };
    return { scenario, api, route, trace, costUsd };
  }
  const trace = scenario === 'ws-session'
    ? simulateWebSocketApiSession({
      ...common, model, api: api.id, route: route.key, ...(origin !== undefined ? { origin } : {}),
      ...(messageBytes !== undefined ? { messageBytes } : {}), ...(pushes ? { pushes } : {}), ...(closeAfterMs !== undefined ? { closeAfterMs } : {}),
    })
    : simulateRouteRequest({
      ...common, model, api: api.id, route: route.key,
      requests: requests ?? (scenario === 'series' ? 5 : 1),
      keepAlive: keepAlive ?? true,
      ...(multiplex ? { multiplex } : {}), ...(intervalMs !== undefined ? { intervalMs } : {}), ...(serverIdleCloseMs !== undefined ? { serverIdleCloseMs } : {}),
      ...(requestBody !== undefined ? { requestBody } : {}), ...(requestHeaders ? { requestHeaders } : {}), ...(path !== undefined ? { path } : {}),
      ...(origin !== undefined ? { origin } : {}),
    });
  if (calibration) trace.calibration = { source: calibration.source, samples: calibration.samples };
  return { scenario, api, route, trace, costUsd: scenarioCost(api.type, trace).usd };
}

/** What the load scenario is given besides the route: its rates, burst, fan-out and stage, the network and client. */
export type LoadRunOptions = Omit<LoadOptions, 'model' | 'api' | 'route'>;

/** One run of the load scenario on a route: aggregates, not a trace. */
export interface LoadRun {
  scenario: 'load';
  api: Api;
  route: Route;
  result: LoadResult;
  costUsd: number;
}

/** Runs the load scenario on the route `ref` names, to the end. */
export function runLoad(model: GatewayModel, ref: RouteRef, options: LoadRunOptions): LoadRun {
  const { api, route } = resolveRoute(model, ref);
  const result = simulateLoad({ ...options, model, api: api.id, route: route.key });
  return { scenario: 'load', api, route, result, costUsd: result.costUsd };
}

/** Runs the load scenario on the route `ref` names, giving the event loop a turn between chunks (the editor's progress and cancel). */
export async function runLoadAsync(model: GatewayModel, ref: RouteRef, options: LoadRunOptions, control: LoadControl = {}): Promise<LoadRun> {
  const { api, route } = resolveRoute(model, ref);
  const result = await simulateLoadAsync({ ...options, model, api: api.id, route: route.key }, control);
  return { scenario: 'load', api, route, result, costUsd: result.costUsd };
}
