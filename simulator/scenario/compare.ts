import { SimulatorError } from '../errors';
import { isDataMessageFrame } from '../trace/eventQueries';
import { monthlyCost, meteredUnits } from '../gateway/pricing';
import { WEBSOCKET_MAX_MESSAGE_BYTES, WEBSOCKET_MAX_CONNECTION_MS, WEBSOCKET_NEW_CONNECTIONS_PER_SECOND, accountThrottle } from '../gateway/quotas';
import { apiHost, type Api, type ApiType, type GatewayModel } from '../model/gateway';
import type { Trace } from '../trace/trace';
import { httpMessageSize } from '../trace/httpMessage';
import { bankingComparison } from './bankingDemo';
import { resolveRoute, routeRef, runLoad, runScenario, type RouteRef, type RunOptions } from './registry';
import { fillerBody, type ScenarioOptions } from './topology';
import { defaultSessionRoute } from './websocketApiSession';
import type { ApiTypeResult, CompareResult, RequestHeaderBytes, RuleCheck, Workload } from '../model/comparison';

export type { ApiTypeResult, CompareResult, RuleCheck } from '../model/comparison';

/*
 * One workload through all three API types, from the model: latency (cold, warm, p99),
 * bytes per message each way, round trips, monthly cost, and what breaks first; then the
 * rules of thumb design documents repeat, checked against these numbers. Every figure comes
 * from the scenario registry, run on a route named by its identity (API id and route key):
 * a series of two requests and a load run for REST and HTTP, a ws-session for WebSocket.
 */

const MINUTES_PER_MONTH = 30 * 24 * 60;

/** The APIs compared when the user's model lacks one of a type: minimal, Regional, Lambda proxy. */
export function referenceModel(region = 'us-east-1'): GatewayModel {
  const common = { region, endpointType: 'REGIONAL' as const, authorizers: [], usagePlans: [] };
  return {
    vpcLinks: [],
    apis: [
      { ...common, id: 'restref001', name: 'reference-rest', type: 'REST', apiKeySource: 'HEADER', stages: [{ name: 'prod' }], routes: [{ key: 'POST /items', authorizationType: 'NONE', integrationId: 'fn' }], integrations: [{ id: 'fn', type: 'AWS_PROXY', functionName: 'handler' }] },
      { ...common, id: 'httpref001', name: 'reference-http', type: 'HTTP', stages: [{ name: '$default' }], routes: [{ key: 'POST /items', authorizationType: 'NONE', integrationId: 'fn' }], integrations: [{ id: 'fn', type: 'AWS_PROXY', functionName: 'handler', payloadFormatVersion: '2.0' }] },
      {
        ...common, id: 'wsref00001', name: 'reference-websocket', type: 'WEBSOCKET', routeSelectionExpression: '$request.body.action', stages: [{ name: 'production' }],
        routes: [{ key: '$connect', authorizationType: 'NONE', integrationId: 'fn' }, { key: '$disconnect', authorizationType: 'NONE', integrationId: 'fn' }, { key: '$default', authorizationType: 'NONE', integrationId: 'fn' }],
        integrations: [{ id: 'fn', type: 'AWS_PROXY', functionName: 'handler' }],
      },
    ],
  };
}

function bodyText(bytes: number): string {
  return Buffer.from(fillerBody(bytes)).toString('latin1');
}

function clientEvents(trace: Trace, layer: 'ws', direction: 'up' | 'down'): Trace['events'] {
  return trace.events.filter((event) => event.layer === layer && (direction === 'up' ? event.from === 'client' : event.to === 'client'));
}

/** The request a route is compared with: the workload's sizes in filler, or an example's own request (which its API validates and maps). */
type ComparedRequest = Pick<RunOptions, 'requestBody' | 'requestHeaders' | 'backend'>;

/** The body a request carried: the workload's, unless its method sends none (a GET route compared with a workload that has a request body). */
function sentBodyBytes(request: Trace['events'][number], requestBody: string | undefined): number {
  return request.detail?.method === 'GET' || request.detail?.method === 'HEAD' ? 0 : Buffer.byteLength(requestBody ?? '');
}

/** The overhead of the first and the second request of a kept-alive series: their bytes less the body. */
function requestHeaderBytes(trace: Trace, requestBody: string | undefined): RequestHeaderBytes {
  const [first, later] = trace.events.filter((event) => event.kind === 'http.request' && event.from === 'client')
    .map((event) => httpMessageSize(trace.events, event).bytes - sentBodyBytes(event, requestBody));
  return { first, later };
}

function requestResponse(model: GatewayModel, ref: RouteRef, workload: Workload, options: ScenarioOptions, sample?: ComparedRequest): ApiTypeResult {
  // A cold request and a warm one on the same kept-alive connection.
  const request: ComparedRequest = sample ?? { requestBody: bodyText(workload.requestBytes), backend: { body: bodyText(workload.responseBytes), durationMs: 20 } };
  // A browser client is measured from a page on the API's own origin: the comparison is of the API types, not of CORS preflights.
  const { api: compared } = resolveRoute(model, ref);
  const sameOrigin = `https://${apiHost(compared)}`;
  const { api, trace } = runScenario(model, ref, 'series', { ...options, requests: 2, keepAlive: true, ...request, origin: sameOrigin });
  // The same two requests with each HTTP version forced, for the header bytes under both.
  const [http1, http2] = (['1.1', '2'] as const).map((httpVersion) =>
    requestHeaderBytes(runScenario(model, ref, 'series', { ...options, requests: 2, keepAlive: true, ...request, origin: sameOrigin, httpVersion }).trace, request.requestBody));
  const [cold, warm] = trace.summary.exchanges;
  // The warm request and its answer: over HTTP/2, their frames of the second stream.
  const requests = trace.events.filter((event) => event.kind === 'http.request' && event.from === 'client');
  const answers = trace.events.filter((event) => event.kind === 'http.response' && event.to === 'client');
  const up = httpMessageSize(trace.events, requests[1]);
  const down = { ...httpMessageSize(trace.events, answers[1]), detail: answers[1].detail };
  const pollsPerMinute = workload.updatesPerMinute > 0 ? 60 / workload.pollIntervalSeconds : 0;
  const perSecond = (workload.clients * (workload.requestsPerMinute + pollsPerMinute)) / 60;
  const load = runLoad(model, ref, { ...options, ratePerSecond: Math.max(perSecond, 1), durationSeconds: Math.min(60, Math.max(1, 1_000_000 / Math.max(perSecond, 1))) }).result;
  const monthlyUnits = workload.clients * (workload.requestsPerMinute * meteredUnits(api.type, up.bytes) + pollsPerMinute) * MINUTES_PER_MONTH;
  const throttle = accountThrottle(api.region);
  const breaksFirst = perSecond > throttle.rateLimit
    ? `account throttle: ${Math.round(perSecond)} rps against ${throttle.rateLimit} rps, ${load.throttled.usagePlan + load.throttled.stage + load.throttled.account} of ${load.requests} requests answered 429 in a minute`
    : workload.requestBytes > 10 * 1024 * 1024 ? 'the 10 MB payload limit' : `nothing at ${Math.round(perSecond)} rps (account throttle ${throttle.rateLimit} rps)`;
  return {
    apiType: api.type, api: api.name, route: ref,
    coldLatencyMs: cold.firstByte - cold.start, warmLatencyMs: warm.firstByte - warm.start, p99LatencyMs: load.latencyMs.p99,
    coldRoundTrips: cold.roundTrips, warmRoundTrips: warm.roundTrips,
    bytesUpPerMessage: up.wireBytes, bytesDownPerMessage: down.wireBytes,
    overheadUpBytes: up.bytes - sentBodyBytes(requests[1], request.requestBody), overheadDownBytes: down.bytes - Number(down.detail?.bodyBytes ?? workload.responseBytes),
    requestHeaderBytes: { http1, http2 },
    updateNoticeMs: workload.updatesPerMinute > 0 ? (workload.pollIntervalSeconds * 1000) / 2 + (warm.firstByte - warm.start) : 0,
    monthlyUnits, monthlyCostUsd: monthlyCost(api.type, { units: monthlyUnits }).totalUsd, breaksFirst,
  };
}

/** Why a WebSocket session carried no messages: the gateway's first error, in words. */
function sessionFailure(trace: Trace): string {
  const failed = trace.events.find((event) => event.error !== undefined);
  const answer = trace.events.find((event) => event.kind === 'http.response' && event.to === 'client');
  // A browser's Upgrade leaves out the headers a page cannot set, and says so.
  const omitted = trace.events.find((event) => event.kind === 'http.request' && event.from === 'client' && typeof event.detail?.omitted === 'string')?.detail?.omitted;
  if (answer && answer.detail?.status !== 101) return `was answered ${answer.name}${failed ? ` (${failed.error!.code}: ${failed.error!.message})` : ''}${omitted ? ` because it lacks ${omitted}` : ''}`;
  return failed ? `ended with ${failed.error!.code}: ${failed.error!.message}` : 'ended before a message and a push';
}

function websocket(model: GatewayModel, ref: RouteRef, workload: Workload, options: ScenarioOptions): ApiTypeResult {
  // The route's own message at the workload's size, then one update pushed through @connections.
  const { api, trace } = runScenario(model, ref, 'ws-session', {
    ...options, messageBytes: workload.requestBytes,
    pushes: [{ afterMs: 1000, data: bodyText(Math.max(1, workload.updateBytes || workload.responseBytes)) }],
  });
  const upgrade = trace.summary.exchanges[0];
  const push = trace.summary.exchanges.find((exchange) => exchange.kind === 'push');
  const up = clientEvents(trace, 'ws', 'up').find(isDataMessageFrame);
  const down = clientEvents(trace, 'ws', 'down').find(isDataMessageFrame);
  if (!upgrade || !push || !up || !down) throw new SimulatorError('SESSION_REFUSED', `compare: the WebSocket session on ${api.name} (route ${ref.routeKey}) ${sessionFailure(trace)}, so no message or push could be measured`);
  const messagesPerMinute = workload.requestsPerMinute * meteredUnits('WEBSOCKET', up.bytes) + workload.updatesPerMinute * meteredUnits('WEBSOCKET', down.bytes);
  const reconnectsPerMinute = 1 / Math.min(workload.sessionMinutes, WEBSOCKET_MAX_CONNECTION_MS / 60000);
  const monthlyUnits = workload.clients * (messagesPerMinute + reconnectsPerMinute) * MINUTES_PER_MONTH;
  const connectionMinutes = workload.clients * MINUTES_PER_MONTH;
  const pushesPerSecond = (workload.clients * workload.updatesPerMinute) / 60;
  const connectsPerSecond = workload.clients * reconnectsPerMinute / 60;
  const throttle = accountThrottle(api.region);
  const breaksFirst = Math.max(workload.requestBytes, workload.updateBytes) > WEBSOCKET_MAX_MESSAGE_BYTES ? 'the 128 KB message limit (close 1009)'
    : connectsPerSecond > WEBSOCKET_NEW_CONNECTIONS_PER_SECOND ? `new connections: ${Math.round(connectsPerSecond)}/s against 500/s`
    : pushesPerSecond > throttle.rateLimit ? `@connections calls: ${Math.round(pushesPerSecond)}/s against the ${throttle.rateLimit} rps account throttle`
    : `connecting ${workload.clients} clients takes ${Math.ceil(workload.clients / WEBSOCKET_NEW_CONNECTIONS_PER_SECOND)} s at 500 new connections/s; sessions end at 2 h`;
  return {
    apiType: 'WEBSOCKET', api: api.name, route: ref,
    coldLatencyMs: upgrade.firstByte - upgrade.start, warmLatencyMs: push.firstByte - push.start, p99LatencyMs: push.firstByte - push.start,
    coldRoundTrips: upgrade.roundTrips, warmRoundTrips: 0,
    bytesUpPerMessage: up.wireBytes, bytesDownPerMessage: down.wireBytes,
    overheadUpBytes: up.bytes - Number(up.detail?.messageBytes ?? up.bytes), overheadDownBytes: down.bytes - Number(down.detail?.messageBytes ?? down.bytes),
    updateNoticeMs: push.firstByte - push.start,
    monthlyUnits, monthlyCostUsd: monthlyCost('WEBSOCKET', { units: monthlyUnits, connectionMinutes }).totalUsd, breaksFirst,
  };
}

/**
 * The route compare runs on an API: a REST or HTTP API's first POST or PUT route (a call that
 * carries the workload's request body), else its first; a WebSocket API's session route, as
 * every other shell picks it (its first custom route, else `$default`).
 */
function compareRoute(api: Api): RouteRef | undefined {
  const key = api.type === 'WEBSOCKET'
    ? defaultSessionRoute(api)
    : (api.routes.find((candidate) => /^(POST|PUT) /.test(candidate.key)) ?? api.routes[0])?.key;
  const route = api.routes.find((candidate) => candidate.key === key);
  return route ? routeRef(api, route) : undefined;
}

/**
 * What an API type's request carries besides its body under each HTTP version, for the header
 * rule: `HTTP API: 547 B of headers on every request over HTTP/1.1; over HTTP/2 on one kept-alive
 * connection, 344 B on the first request and 44 B on each later one (HPACK)`. HTTP/1.1 has no
 * header compression, so a kept-alive connection repeats the head (RFC 9112 §5); h2's HPACK
 * indexes the first request's fields in the connection's dynamic table, and a later request
 * refers to them by index (RFC 7541 §2.3.2).
 */
function headerBytesText(api: ApiTypeResult): string {
  const bytes = api.requestHeaderBytes;
  if (!bytes) return `${api.apiType} API: ${api.overheadUpBytes} B of headers per request`;
  const http1 = bytes.http1.first === bytes.http1.later ? `${bytes.http1.first} B of headers on every request` : `${bytes.http1.first} B of headers on the first request, ${bytes.http1.later} B on later ones`;
  return `${api.apiType} API: ${http1} over HTTP/1.1; over HTTP/2 on one kept-alive connection, ${bytes.http2.first} B on the first request and ${bytes.http2.later} B on each later one (HPACK)`;
}

export function compareApiTypes(workload: Workload, options: ScenarioOptions & { model?: GatewayModel } = {}): CompareResult {
  const { model: own, ...conditions } = options;
  const reference = referenceModel();
  // The user's first API of the type that has a route to run, else the reference API.
  // With no config, a workload that names an example compares its REST API, with its own request.
  const example = !own && workload.example === 'banking' ? bankingComparison() : undefined;
  const pick = (type: ApiType): { model: GatewayModel; ref: RouteRef } => {
    if (example && type === 'REST') return example;
    for (const api of own?.apis ?? []) {
      const ref = api.type === type ? compareRoute(api) : undefined;
      if (ref) return { model: own!, ref };
    }
    return { model: reference, ref: compareRoute(reference.apis.find((api) => api.type === type)!)! };
  };
  // A browser client by default: its request headers are what the rules of thumb talk about.
  const scenario: ScenarioOptions = { dnsCache: 'hit', clientProfile: 'browser', ...conditions };
  const [restApi, httpApi, wsApi] = [pick('REST'), pick('HTTP'), pick('WEBSOCKET')];
  const rest = requestResponse(restApi.model, restApi.ref, workload, scenario, example?.request);
  const http = requestResponse(httpApi.model, httpApi.ref, workload, scenario);
  const ws = websocket(wsApi.model, wsApi.ref, workload, scenario);
  const saving = 1 - http.monthlyCostUsd / rest.monthlyCostUsd;
  const cheapestPolling = Math.min(rest.monthlyCostUsd, http.monthlyCostUsd);
  const rules: RuleCheck[] = [
    {
      rule: 'HTTP APIs cost about 70% less than REST APIs',
      holds: Math.abs(saving - 0.7) < 0.05,
      finding: `${(saving * 100).toFixed(0)}% less for this workload ($${http.monthlyCostUsd.toFixed(2)} vs $${rest.monthlyCostUsd.toFixed(2)} a month)`,
    },
    {
      rule: 'Every HTTP request pays a new TCP+TLS handshake',
      holds: http.warmRoundTrips >= http.coldRoundTrips,
      finding: `not with keep-alive: the first request takes ${http.coldRoundTrips} round trips, later ones ${http.warmRoundTrips} (${http.coldLatencyMs.toFixed(0)} ms vs ${http.warmLatencyMs.toFixed(0)} ms)`,
    },
    {
      // Judged by what the compared client sends on a later request: over h2 (browsers, curl, mobile) HPACK decides it.
      rule: 'An HTTP request carries ~500 bytes of headers while a WebSocket frame adds ~2 bytes',
      holds: http.overheadUpBytes >= 300 && ws.overheadDownBytes <= 10,
      finding: `${headerBytesText(http)}. ${headerBytesText(rest)}. This client's later request: ${http.overheadUpBytes} B. A WebSocket frame header: ${ws.overheadDownBytes} B server-to-client, ${ws.overheadUpBytes} B client-to-server (masked)`,
    },
    {
      rule: 'Polling costs more than push',
      holds: cheapestPolling > ws.monthlyCostUsd,
      finding: workload.updatesPerMinute === 0
        ? 'no server updates in this workload: nothing to poll for'
        : `polling every ${workload.pollIntervalSeconds} s costs $${cheapestPolling.toFixed(2)} a month, push $${ws.monthlyCostUsd.toFixed(2)}; updates reach the client after ${(http.updateNoticeMs / 1000).toFixed(1)} s polled vs ${ws.updateNoticeMs.toFixed(0)} ms pushed`,
    },
  ];
  return { workload, results: [rest, http, ws], rules };
}
