import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Random } from '../engine/random';
import { Simulation } from '../engine/simulation';
import { ParameterError } from '../errors';
import { DEFAULT_GATEWAY_LATENCY } from '../gateway/latencyProfile';
import { newGatewayState } from '../gateway/pipeline';
import { monthlyCost } from '../gateway/pricing';
import { HTTP_INTEGRATION_TIMEOUT_MS, REST_INTEGRATION_TIMEOUT_MS, WEBSOCKET_INTEGRATION_TIMEOUT_MS, WEBSOCKET_NEW_CONNECTIONS_PER_SECOND } from '../gateway/quotas';
import { accountBucket, ThrottleChain } from '../gateway/throttling';
import type { TokenBucket } from '../gateway/tokenBucket';
import { apiHost, type GatewayModel } from '../model/gateway';
import { PARAMETER_RANGES } from '../parameterRanges';
import { inRange, nonNegative } from '../validate';
import { QuantileSketch } from './quantileSketch';
import { findApi, findRoute, findStage, simulateRouteRequest } from './routeRequest';
import type { ScenarioOptions } from './topology';

/*
 * Many clients at once, for what one request cannot show: throttling, latency percentiles,
 * cold starts under a burst, and WebSocket fan-out. A warm request is first simulated through
 * the full protocol and gateway model; its time to first byte is the base latency. Each
 * request of the load is then an event of a Simulation: it goes through the gateway's own
 * throttle chain (usage plan, stage/route, account: gateway/throttling.ts) and a Lambda
 * concurrency model (a new execution environment, with its cold start, whenever more
 * requests are in flight than environments exist), with seeded variation in the function's
 * duration. This is a model of aggregate behaviour, not a per-packet replay: a million
 * requests take well under a second.
 */

export interface LoadOptions extends ScenarioOptions {
  model: GatewayModel;
  api?: string;
  route: string;
  /** Stage name; the API's first stage when omitted. Its throttles apply, and the warm request goes to it. */
  stage?: string;
  /** Steady arrival rate (requests per second, Poisson arrivals). */
  ratePerSecond: number;
  durationSeconds: number;
  /** A spike of extra requests arriving together. */
  burst?: { atSeconds: number; requests: number };
  /** Function duration (ms) and its spread (lognormal sigma). */
  functionDurationMs?: number;
  durationSigma?: number;
  /** WebSocket fan-out: connections to push to, and pushes per connection. */
  fanOut?: { connections: number; pushes: number };
}

/** Percentiles from a quantile sketch (quantileSketch.ts): p50, p95 and p99 within `relativeAccuracy` of the exact value; max and mean exact. */
export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** How far p50, p95 and p99 may be from the exact nearest-rank values, relatively: 0.005 is 0.5%. */
  relativeAccuracy: number;
}

export interface LoadResult {
  requests: number;
  succeeded: number;
  /** Requests answered 429, by the level that refused them (a usage plan's throttle or quota, the stage/route, the account). */
  throttled: { usagePlan: number; stage: number; account: number };
  coldStarts: number;
  peakConcurrency: number;
  baseLatencyMs: number;
  latencyMs: LatencyPercentiles;
  costUsd: number;
  fanOut?: FanOutResult;
}

export interface FanOutResult {
  connections: number;
  pushes: number;
  /** At 500 new connections per second per account and Region, how long connecting everyone takes. */
  connectSeconds: number;
  /** @connections calls share the account throttle (10,000 rps, burst 5,000): time to reach everyone, per push. */
  fanOutSecondsPerPush: number;
  deliveryDelayMs: LatencyPercentiles;
  messages: number;
  costUsd: number;
}

/** How far a run has got, in units of work: requests handled plus fan-out deliveries. */
export interface LoadProgress {
  done: number;
  /** Expected units of the whole run (the Poisson arrivals make the request count approximate). */
  total: number;
}

/** Lets a caller watch a long run and stop it (the extension's cancellable progress notification). */
export interface LoadControl {
  /** Aborting stops the run at its next chunk boundary; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  onProgress?(progress: LoadProgress): void;
}

/** Units of work between two progress reports: about 50 ms of a run on a laptop. */
const CHUNK = 65_536;

/** Standard normal deviate (Box-Muller) from the seeded generator. */
function gaussian(random: Random): number {
  const u = Math.max(random.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/**
 * The nearest-rank percentiles (the value at rank ceil(q x count)) of a sketch: p50, p95 and p99
 * within its relative accuracy, max and mean exact. A sketch, not the samples: a run of
 * 20,000,000 requests kept 160 MB of latencies for this, now a few tens of KB whatever the count.
 */
export function percentiles(sketch: QuantileSketch): LatencyPercentiles {
  return { p50: sketch.quantile(0.5), p95: sketch.quantile(0.95), p99: sketch.quantile(0.99), max: sketch.max, mean: sketch.mean, relativeAccuracy: sketch.relativeAccuracy };
}

/** Runs the load scenario to the end, synchronously (the CLI, compare, tests). */
export function simulateLoad(options: LoadOptions): LoadResult {
  const steps = loadSteps(options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same run, giving the event loop a turn between chunks, so that a caller can show
 * progress and abort. The result is identical to simulateLoad's: the chunks only pause the
 * computation, they never change its order or its random draws.
 */
export async function simulateLoadAsync(options: LoadOptions, control: LoadControl = {}): Promise<LoadResult> {
  const steps = loadSteps(options);
  for (;;) {
    control.signal?.throwIfAborted();
    const step = steps.next();
    if (step.done) return step.value;
    control.onProgress?.(step.value);
    await nextTurn();
  }
}

/**
 * Units of work done, shared by the event handlers and the loop that runs them: a handler
 * with more to do at one instant stops at `pauseAt` and schedules its rest for the same
 * instant, so the loop can report between two events.
 */
interface Pacing {
  units: number;
  pauseAt: number;
}

/** At one instant: executions end first (they free an environment), then a burst, then a steady arrival. */
const COMPLETION = 0;
const BURST = 1;
const ARRIVAL = 2;

/** The run as a generator that pauses every CHUNK units of work with its progress. */
function* loadSteps(options: LoadOptions): Generator<LoadProgress, LoadResult> {
  const rate = inRange('ratePerSecond', options.ratePerSecond, PARAMETER_RANGES.loadRatePerSecond);
  const duration = inRange('durationSeconds', options.durationSeconds, PARAMETER_RANGES.loadDurationSeconds);
  const burst = options.burst ? { atMs: inRange('burst.atSeconds', options.burst.atSeconds, PARAMETER_RANGES.burstAtSeconds) * 1000, requests: inRange('burst.requests', options.burst.requests, PARAMETER_RANGES.burstRequests) } : undefined;
  const expected = rate * duration + (burst?.requests ?? 0);
  if (expected > 20_000_000) throw new ParameterError('ratePerSecond', rate, `at most 20,000,000 requests in a run (asked ${Math.round(expected)})`);
  const api = findApi(options.model, options.api);
  const stage = findStage(api, options.stage);
  if (api.type === 'WEBSOCKET' && !options.fanOut) throw new ParameterError('api', api.name, 'a REST or HTTP API, or a fanOut for a WebSocket API');
  const functionMs = nonNegative('functionDurationMs', options.functionDurationMs ?? DEFAULT_GATEWAY_LATENCY.functionDurationMs);
  // The load models no integration timeout: a function that outlasts the gateway's would be a 504, not a latency. The bound
  // also keeps the executions in flight (admitted rate x function duration, Little's law) far below the simulation's limit on pending events.
  const timeoutMs = { REST: REST_INTEGRATION_TIMEOUT_MS, HTTP: HTTP_INTEGRATION_TIMEOUT_MS, WEBSOCKET: WEBSOCKET_INTEGRATION_TIMEOUT_MS }[api.type].max;
  if (functionMs > timeoutMs) throw new ParameterError('functionDurationMs', functionMs, `at most the integration timeout, ${timeoutMs} ms`);
  const sigma = nonNegative('durationSigma', options.durationSigma ?? 0.3);
  const fanOut = options.fanOut ? { connections: inRange('fanOut.connections', options.fanOut.connections, PARAMETER_RANGES.fanOutConnections), pushes: inRange('fanOut.pushes', options.fanOut.pushes, PARAMETER_RANGES.fanOutPushes) } : undefined;
  // The delays go into a fixed-size sketch, but every call is an event to run: bounded like the requests.
  if (fanOut && fanOut.connections * fanOut.pushes > 20_000_000) {
    throw new ParameterError('fanOut', `${fanOut.connections} connections x ${fanOut.pushes} pushes`, `at most 20,000,000 @connections calls in a run (asked ${fanOut.connections * fanOut.pushes})`);
  }
  const total = Math.round(expected) + (fanOut ? fanOut.connections * fanOut.pushes : 0);
  const simulation = new Simulation(`${options.seed ?? 1}/load`);
  const state = newGatewayState();
  const pacing: Pacing = { units: 0, pauseAt: CHUNK };

  let result: LoadResult = { requests: 0, succeeded: 0, throttled: { usagePlan: 0, stage: 0, account: 0 }, coldStarts: 0, peakConcurrency: 0, baseLatencyMs: 0, latencyMs: percentiles(new QuantileSketch()), costUsd: 0 };
  if (api.type !== 'WEBSOCKET') {
    const route = findRoute(api, options.route);
    // The base: a warm, kept-alive request through the whole model (the second of two).
    // From a page on the API's own origin, so a browser client's base is the request's own, without a CORS preflight.
    const warm = simulateRouteRequest({ ...options, model: options.model, api: api.id, route: route.key, requests: 2, keepAlive: true, backend: { durationMs: functionMs }, origin: `https://${apiHost(api)}` });
    const second = warm.summary.exchanges[1];
    const base = second.firstByte - second.start;
    // Every request of the load carries what the route scenario's client sends: the usage plan's key when the route needs one.
    const plan = api.type === 'REST' && route.apiKeyRequired ? api.usagePlans?.find((candidate) => candidate.apiKeys.length > 0) : undefined;
    const throttle = new ThrottleChain(state, api, stage, route, plan, plan?.apiKeys[0], new Set(), simulation.now);
    const tally = scheduleRequests(simulation, throttle, pacing, { rate, endMs: duration * 1000, burst, base, functionMs, sigma });
    yield* runInChunks(simulation, pacing, total);
    result = {
      requests: tally.requests, succeeded: tally.succeeded, throttled: tally.throttled, coldStarts: tally.coldStarts, peakConcurrency: tally.peakConcurrency,
      baseLatencyMs: base, latencyMs: percentiles(tally.latencies),
      // Whether throttled calls are billed is not stated in the pricing sources used here: every call received is
      // counted, which errs on the high side.
      costUsd: monthlyCost(api.type, { units: tally.requests }).totalUsd,
    };
  }
  if (fanOut) {
    const delays = scheduleFanOut(simulation, accountBucket(state, api.region, simulation.now), fanOut, pacing);
    yield* runInChunks(simulation, pacing, total);
    result.fanOut = fanOutResult(fanOut, delays);
  }
  return result;
}

/** Runs the simulation to its last event, reporting each time the work done passes a chunk boundary. */
function* runInChunks(simulation: Simulation, pacing: Pacing, total: number): Generator<LoadProgress, void> {
  while (runChunk(simulation, pacing)) {
    pacing.pauseAt += CHUNK;
    yield { done: pacing.units, total };
  }
}

/** Runs events until the work done reaches `pacing.pauseAt` (true) or none is left (false); the hot loop, kept out of the generator. */
function runChunk(simulation: Simulation, pacing: Pacing): boolean {
  while (simulation.step()) {
    if (pacing.units >= pacing.pauseAt) return true;
  }
  return false;
}

interface RequestSpec {
  rate: number;
  endMs: number;
  burst: { atMs: number; requests: number } | undefined;
  /** Time to first byte of a warm request (ms), the function's duration included. */
  base: number;
  functionMs: number;
  sigma: number;
}

interface RequestTally {
  requests: number;
  succeeded: number;
  throttled: { usagePlan: number; stage: number; account: number };
  coldStarts: number;
  peakConcurrency: number;
  latencies: QuantileSketch;
}

/**
 * Schedules the steady arrivals and the burst. Each request asks the gateway's throttle
 * chain for its tokens, then runs in a warm Lambda environment or, when every one is busy,
 * starts a new one and pays its cold start; its end is an event that frees the environment.
 * The tally is complete once the simulation has run out of events.
 */
function scheduleRequests(simulation: Simulation, throttle: ThrottleChain, pacing: Pacing, spec: RequestSpec): RequestTally {
  const random = simulation.random;
  const { base, functionMs, sigma, endMs } = spec;
  const tally: RequestTally = { requests: 0, succeeded: 0, throttled: { usagePlan: 0, stage: 0, account: 0 }, coldStarts: 0, peakConcurrency: 0, latencies: new QuantileSketch() };
  const latencies = tally.latencies;
  const meanGapMs = 1000 / spec.rate;
  const gap = (): number => -Math.log(Math.max(random.next(), 1e-12)) * meanGapMs;
  // Steady traffic keeps about rate x latency environments warm (Little's law): the run starts there,
  // so only fluctuations and bursts above it pay cold starts. Environments stay warm once created.
  let environments = Math.ceil((spec.rate * base) / 1000);
  let inFlight = 0;
  const complete = (): void => {
    inFlight--;
  };
  const handle = (): void => {
    const now = simulation.now;
    tally.requests++;
    pacing.units++;
    const refused = throttle.admit(now);
    if (refused !== undefined) {
      if (refused === 'stage') tally.throttled.stage++;
      else if (refused === 'account') tally.throttled.account++;
      else tally.throttled.usagePlan++;
      return;
    }
    let latency = base - functionMs + functionMs * Math.exp(sigma * gaussian(random) - (sigma * sigma) / 2);
    if (inFlight >= environments) {
      environments++;
      tally.coldStarts++;
      latency += DEFAULT_GATEWAY_LATENCY.lambdaColdStartMs;
    }
    simulation.scheduleAt(now + latency, complete, COMPLETION);
    if (++inFlight > tally.peakConcurrency) tally.peakConcurrency = inFlight;
    tally.succeeded++;
    latencies.add(latency);
  };
  // Poisson arrivals: exponential gaps, each drawn when the previous request arrives.
  const arrive = (): void => {
    handle();
    const next = simulation.now + gap();
    if (next < endMs) simulation.scheduleAt(next, arrive, ARRIVAL);
  };
  let burstLeft = spec.burst?.requests ?? 0;
  const burst = (): void => {
    // A burst is handled in chunks too, so a burst of millions still reports and can stop.
    for (; burstLeft > 0; burstLeft--) {
      if (pacing.units >= pacing.pauseAt) {
        simulation.schedule(0, burst, BURST);
        return;
      }
      handle();
    }
  };
  const first = gap();
  if (first < endMs) simulation.scheduleAt(first, arrive, ARRIVAL);
  if (spec.burst && burstLeft > 0 && spec.burst.atMs < endMs) simulation.scheduleAt(spec.burst.atMs, burst, BURST);
  return tally;
}

/** Pushes are a minute apart. */
const PUSH_INTERVAL_MS = 60_000;
/** A throttled @connections call is retried after this long (an assumed backoff step). */
const RETRY_MS = 100;

/**
 * Schedules the pushes. For each, the backend calls @connections once per connection as fast
 * as the account's bucket admits, retrying a throttled call after RETRY_MS; a push that
 * outlasts the minute delays the next one. Returns the sketch of delivery delays, filled as the
 * simulation runs.
 */
function scheduleFanOut(simulation: Simulation, bucket: TokenBucket, spec: { connections: number; pushes: number }, pacing: Pacing): QuantileSketch {
  const random = simulation.random;
  const origin = simulation.now;
  const delays = new QuantileSketch();
  let push = 0;
  let connection = 0;
  const call = (): void => {
    const now = simulation.now;
    const pushStart = origin + push * PUSH_INTERVAL_MS;
    for (; connection < spec.connections; connection++) {
      if (pacing.units >= pacing.pauseAt) {
        simulation.schedule(0, call);
        return;
      }
      if (!bucket.take(now)) {
        simulation.schedule(RETRY_MS, call);
        return;
      }
      delays.add(now - pushStart + DEFAULT_GATEWAY_LATENCY.connectionsApiMs + 1 + random.next() * 2);
      pacing.units++;
    }
    if (++push < spec.pushes) {
      connection = 0;
      simulation.scheduleAt(Math.max(now, origin + push * PUSH_INTERVAL_MS), call);
    }
  };
  simulation.scheduleAt(origin, call);
  return delays;
}

function fanOutResult(spec: { connections: number; pushes: number }, delays: QuantileSketch): FanOutResult {
  const delivery = percentiles(delays);
  const messages = spec.connections * spec.pushes;
  return {
    connections: spec.connections, pushes: spec.pushes,
    connectSeconds: spec.connections / WEBSOCKET_NEW_CONNECTIONS_PER_SECOND,
    fanOutSecondsPerPush: delivery.max / 1000,
    deliveryDelayMs: delivery,
    messages,
    costUsd: monthlyCost('WEBSOCKET', { units: messages }).totalUsd,
  };
}
