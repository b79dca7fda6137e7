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
import type { GatewayModel } from '../model/gateway';
import { PARAMETER_RANGES } from '../parameterRanges';
import { inRange, nonNegative } from '../validate';
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

export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
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
 * Nearest-rank percentiles (the value at rank ceil(q x count)), found by selection rather
 * than a full sort: a run's million latencies take milliseconds, where sorting them took
 * about 200 ms, more than simulating them. The values themselves are left as they are.
 */
export function percentiles(values: Float64Array, count: number): LatencyPercentiles {
  if (count === 0) return { p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const work = values.slice(0, count);
  const rank = (q: number): number => Math.min(count - 1, Math.ceil(q * count) - 1);
  const p50 = rank(0.5);
  const p95 = rank(0.95);
  const p99 = rank(0.99);
  // Each selection leaves only values at least as large to the right of its rank, so the next one searches there.
  select(work, p50, 0, count);
  select(work, p95, p50, count);
  select(work, p99, p95, count);
  let max = work[p99];
  for (let i = p99 + 1; i < count; i++) if (work[i] > max) max = work[i];
  let sum = 0;
  for (let i = 0; i < count; i++) sum += work[i];
  return { p50: work[p50], p95: work[p95], p99: work[p99], max, mean: sum / count };
}

/**
 * Hoare's selection (FIND): rearranges values[from, to) so that index k holds the value a
 * sort would put there, with none larger before it and none smaller after it. Pivots are
 * medians of three; equal values split evenly between the two sides, so runs of identical
 * latencies (no spread, sigma 0) cost no more than distinct ones.
 */
function select(values: Float64Array, k: number, from: number, to: number): void {
  let left = from;
  let right = to - 1;
  while (right > left) {
    const a = values[left];
    const b = values[(left + right) >> 1];
    const c = values[right];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i++] = values[j];
        values[j--] = swap;
      }
    }
    // Now values[left..j] <= pivot <= values[i..right], and anything between equals the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
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
  // Each @connections call keeps its delay (8 bytes) until the percentiles are taken: bounded like the requests, before anything is allocated.
  if (fanOut && fanOut.connections * fanOut.pushes > 20_000_000) {
    throw new ParameterError('fanOut', `${fanOut.connections} connections x ${fanOut.pushes} pushes`, `at most 20,000,000 @connections calls in a run (asked ${fanOut.connections * fanOut.pushes})`);
  }
  const total = Math.round(expected) + (fanOut ? fanOut.connections * fanOut.pushes : 0);
  const simulation = new Simulation(`${options.seed ?? 1}/load`);
  const state = newGatewayState();
  const pacing: Pacing = { units: 0, pauseAt: CHUNK };

  let result: LoadResult = { requests: 0, succeeded: 0, throttled: { usagePlan: 0, stage: 0, account: 0 }, coldStarts: 0, peakConcurrency: 0, baseLatencyMs: 0, latencyMs: percentiles(new Float64Array(0), 0), costUsd: 0 };
  if (api.type !== 'WEBSOCKET') {
    const route = findRoute(api, options.route);
    // The base: a warm, kept-alive request through the whole model (the second of two).
    const warm = simulateRouteRequest({ ...options, model: options.model, api: api.id, route: route.key, requests: 2, keepAlive: true, backend: { durationMs: functionMs } });
    const second = warm.summary.exchanges[1];
    const base = second.firstByte - second.start;
    // Every request of the load carries what the route scenario's client sends: the usage plan's key when the route needs one.
    const plan = api.type === 'REST' && route.apiKeyRequired ? api.usagePlans?.find((candidate) => candidate.apiKeys.length > 0) : undefined;
    const throttle = new ThrottleChain(state, api, stage, route, plan, plan?.apiKeys[0], new Set(), simulation.now);
    const tally = scheduleRequests(simulation, throttle, pacing, { rate, endMs: duration * 1000, burst, base, functionMs, sigma, capacity: Math.ceil(expected * 1.1) + 16 });
    yield* runInChunks(simulation, pacing, total);
    result = {
      requests: tally.requests, succeeded: tally.succeeded, throttled: tally.throttled, coldStarts: tally.coldStarts, peakConcurrency: tally.peakConcurrency,
      baseLatencyMs: base, latencyMs: percentiles(tally.latencies, tally.succeeded),
      // Whether throttled calls are billed is not stated in the pricing sources used here: every call received is
      // counted, which errs on the high side.
      costUsd: monthlyCost(api.type, { units: tally.requests }).totalUsd,
    };
  }
  if (fanOut) {
    const tally = scheduleFanOut(simulation, accountBucket(state, api.region, simulation.now), fanOut, pacing);
    yield* runInChunks(simulation, pacing, total);
    result.fanOut = fanOutResult(fanOut, tally);
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
  /** Room for every latency: the expected requests with a margin for Poisson variation. */
  capacity: number;
}

interface RequestTally {
  requests: number;
  succeeded: number;
  throttled: { usagePlan: number; stage: number; account: number };
  coldStarts: number;
  peakConcurrency: number;
  latencies: Float64Array;
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
  const tally: RequestTally = { requests: 0, succeeded: 0, throttled: { usagePlan: 0, stage: 0, account: 0 }, coldStarts: 0, peakConcurrency: 0, latencies: new Float64Array(spec.capacity) };
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
    latencies[tally.succeeded++] = latency;
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
 * outlasts the minute delays the next one. Returns the delivery delays, filled as the
 * simulation runs.
 */
function scheduleFanOut(simulation: Simulation, bucket: TokenBucket, spec: { connections: number; pushes: number }, pacing: Pacing): { delays: Float64Array; count: number } {
  const random = simulation.random;
  const origin = simulation.now;
  const tally = { delays: new Float64Array(spec.connections * spec.pushes), count: 0 };
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
      tally.delays[tally.count++] = now - pushStart + DEFAULT_GATEWAY_LATENCY.connectionsApiMs + 1 + random.next() * 2;
      pacing.units++;
    }
    if (++push < spec.pushes) {
      connection = 0;
      simulation.scheduleAt(Math.max(now, origin + push * PUSH_INTERVAL_MS), call);
    }
  };
  simulation.scheduleAt(origin, call);
  return tally;
}

function fanOutResult(spec: { connections: number; pushes: number }, tally: { delays: Float64Array; count: number }): FanOutResult {
  const delivery = percentiles(tally.delays, tally.count);
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
