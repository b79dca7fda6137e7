import { networkProfile } from '../engine/networkProfile';
import type { Fault } from '../gateway/faults';
import type { BackendBehaviour } from '../gateway/pipeline';
import { acceptedTlsVersions } from '../gateway/tlsPolicy';
import { scenarioCost } from '../gateway/cost';
import { apiHost, type Api, type ApiType, type GatewayModel } from '../model/gateway';
import { ALPN_H2, httpVersionOf, selectAlpn } from '../net/alpn';
import { API_GATEWAY_SERVER, clientProfile } from '../net/tlsProfiles';
import type { PageSummary, Trace } from '../trace/trace';
import { canPoolSession, type PoolableSession } from './connectionRules';
import { OriginPool } from './originPool';
import { pagePlan, pagePlanText, type PageCall, type PagePlan } from './pagePlan';
import { browserPolicy, endpointFor, pageOriginOf, routeClientRequest, routeGateway, type RouteGateway, type RouteScenarioOptions } from './routeRequest';
import { newWorld, parseUrl, Topology, type ScenarioOptions, type World } from './topology';
import { defaultSessionRoute, startWebSocketApiSession } from './websocketApiSession';

/*
 * A browser loads a shop's product page, as one trace with all its connections:
 *
 *   t0  GET product ─┐
 *       GET reviews ─┼─ at once, on the page's API (HTTP/1.1: a socket each, up to 6;
 *       GET stock ───┘   h2: one connection, streams 1, 3, 5)       connectionRules.ts
 *   then POST order ── its CORS preflight first where the browser needs one (another host:
 *                      its own DNS, TCP, TLS)
 *   then the order-status WebSocket: Upgrade on a connection of its own (always HTTP/1.1)
 *
 * The routes come from the model by the rule in pagePlan.ts; the trace's `page` field names them.
 * Each host is an origin with its own connection pool (originPool.ts); APIs served by one
 * custom domain through API mappings share its host, so its pool and connections.
 */

export interface PageLoadOptions extends ScenarioOptions {
  model: GatewayModel;
  /** The page's API (its id); default the model's first REST or HTTP API with a GET route. */
  api?: string;
  /** The page's API's stage (default its first). */
  stage?: string;
  faults?: readonly Fault[];
  /** The page's origin (default `https://www.` plus the page's API's domain). */
  origin?: string;
  /** Concurrent reads (default pagePlan's PAGE_READS). */
  reads?: number;
  /** What every integration answers (the reads' functions add the page's CORS header, see below). */
  backend?: Partial<BackendBehaviour>;
}

/** The address a host resolves to: one per host, in the order the page meets them (assumption, named: distinct API hosts share no address, so no IP pooling between them). */
function hostAddresses(options: ScenarioOptions, hosts: string[], host: string): string[] {
  if (options.addresses) return [...options.addresses];
  if (!hosts.includes(host)) hosts.push(host);
  return [`203.0.113.${10 + hosts.indexOf(host)}`];
}

/**
 * The names an API host's certificate covers: the default execute-api certificate is the
 * Region's wildcard (tlsProfiles.ts, from s_client on an execute-api host); a custom domain's
 * ACM certificate is assumed to name just the domain (its other names are not in the config).
 */
function certificateNames(api: Api): string[] {
  return api.customDomain ? [api.customDomain.domainName] : [`*.execute-api.${api.region}.amazonaws.com`];
}

/** Whether the browser expects h2 from API Gateway: forced by --http, else what ALPN picks between the profile's offer and API Gateway's preference. */
function expectsH2(options: ScenarioOptions): boolean {
  if (options.httpVersion !== undefined) return options.httpVersion === '2';
  const offered = clientProfile(options.clientProfile ?? 'browser').alpn;
  return httpVersionOf(selectAlpn(offered, (options.server ?? API_GATEWAY_SERVER).alpn ?? [])) === '2' && offered.includes(ALPN_H2);
}

interface HostPool {
  pool: OriginPool;
  apiType: ApiType;
  session: PoolableSession;
}

/** A page load's trace and what API Gateway bills for it. */
export interface PageLoad {
  trace: Trace;
  costUsd: number;
}

/** The page load: one trace of every request the page makes, on the connections Chromium would use. */
export function simulatePageLoad(options: PageLoadOptions): PageLoad {
  const plan = pagePlan(options.model, options.api, options.reads);
  const page: ScenarioOptions = { ...options, clientProfile: options.clientProfile ?? 'browser' };
  const world: World = newWorld('page', options.seed);
  const network = networkProfile(options.network, options.networkOverrides);
  const pageApi = plan.reads[0].api;
  const origin = pageOriginOf(options, pageApi);
  const hosts: string[] = [];
  const pools: HostPool[] = [];
  const gateways = new Map<string, RouteGateway>();
  const knownH2 = expectsH2(page);

  const routeOptions = (call: PageCall): RouteScenarioOptions => ({
    ...page, model: options.model, api: call.api.id, route: call.route.key, origin,
    ...(call.api === pageApi && options.stage !== undefined ? { stage: options.stage } : {}),
    // A REST Lambda proxy answers CORS itself (DG how-to-cors): the page's functions are assumed to name the page's origin, as the shop's do.
    backend: { ...(call.api.type === 'REST' ? { headers: { 'Access-Control-Allow-Origin': origin } } : {}), ...options.backend },
  });
  /** The pool a request to `api` goes through: an open one whose session serves the host (the same host, or IP pooling), else a new one. */
  const poolFor = (api: Api): OriginPool => {
    const host = apiHost(api);
    const addresses = hostAddresses(page, hosts, host);
    // The same host is the same origin, whatever the HTTP version; another host joins only an h2 session (IP pooling; Chromium resolves
    // the host first, which the model skips: assumption, named, it never arises between API hosts, which get addresses of their own).
    const shared = pools.find((candidate) => (candidate.session.host === host || candidate.pool.hasSession) && canPoolSession(candidate.session, host, addresses));
    if (shared) return shared.pool;
    const topology = new Topology('page', { ...page, serverTlsVersions: acceptedTlsVersions(api), addresses }, parseUrl('url', `https://${host}/`, ['https']), endpointFor(api, network), world);
    const pool = new OriginPool(topology, knownH2, page.tlsResumption ?? 'none');
    pools.push({ pool, apiType: api.type, session: { host, certificateNames: certificateNames(api), address: addresses[0] } });
    return pool;
  };
  /** One fetch() of the page: the route's request (with its credentials and Origin) through its host's pool. */
  const startFetch = (call: PageCall, onDone: () => void): void => {
    const pool = poolFor(call.api);
    const callOptions = routeOptions(call);
    const gateway = gateways.get(call.api.id) ?? routeGateway(callOptions, call.api, pool.topology);
    gateways.set(call.api.id, gateway);
    const request = routeClientRequest(callOptions, gateway.env, call.api, call.route);
    const policy = browserPolicy(callOptions, call.api, call.route, pool.topology, request);
    pool.fetch({ request, handler: gateway.handler, ...(policy ? { policy } : {}), name: `${call.route.key} (${call.api.name})`, onDone: () => onDone() });
  };

  const openSocket = (): void => {
    if (!plan.socket) return;
    const host = apiHost(plan.socket);
    const known = hosts.includes(host);
    startWebSocketApiSession({
      ...page, model: options.model, api: plan.socket.id, route: defaultSessionRoute(plan.socket), origin,
      addresses: hostAddresses(page, hosts, host),
      // A host the page has resolved is in the browser's host cache.
      ...(known ? { dnsCache: 'hit' as const } : {}),
    }, world);
  };
  const placeOrder = (): void => {
    if (!plan.write) return openSocket();
    startFetch(plan.write, openSocket);
  };
  let pending = plan.reads.length;
  for (const call of plan.reads) startFetch(call, () => {
    if (--pending === 0) placeOrder();
  });

  world.simulation.run({ maxEvents: 50_000_000 });
  const trace = world.recorder.finish();
  // One lifeline stands for API Gateway when the page calls several APIs (the pipeline's party is `gateway` for each).
  const apis = [...new Set([pageApi, plan.write?.api, plan.socket].filter((api): api is Api => api !== undefined))];
  if (apis.length > 1) trace.participants = trace.participants.map((participant) => (participant.id === 'gateway' ? { ...participant, label: `API Gateway (${apis.map((api) => api.name).join(', ')})` } : participant));
  trace.page = pageSummary(plan);
  return { trace, costUsd: pageCost(trace, pools) };
}

/**
 * Each API type's requests billed at its price: REST and HTTP APIs by the requests on their
 * pools' connections (a pool shared through a custom domain is billed as its first API's type,
 * assumption, named), the WebSocket API by its messages and connection minutes.
 */
function pageCost(trace: Trace, pools: readonly HostPool[]): number {
  const byType = new Map<ApiType, Set<string>>();
  for (const { pool, apiType } of pools) {
    const connections = byType.get(apiType) ?? new Set<string>();
    for (const id of pool.connections()) connections.add(id);
    byType.set(apiType, connections);
  }
  const requests = [...byType].reduce((sum, [apiType, connections]) => sum + scenarioCost(apiType, { ...trace, events: trace.events.filter((event) => event.connection !== undefined && connections.has(event.connection)) }).usd, 0);
  return requests + scenarioCost('WEBSOCKET', trace).usd;
}

export function pageSummary(plan: PagePlan): PageSummary {
  return {
    calls: pagePlanText(plan),
    reads: plan.reads.map((call) => ({ apiId: call.api.id, routeKey: call.route.key })),
    ...(plan.write ? { write: { apiId: plan.write.api.id, routeKey: plan.write.route.key } } : {}),
    ...(plan.socket ? { socket: plan.socket.id } : {}),
  };
}
