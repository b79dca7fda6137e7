import { setImmediate as nextTurn } from 'node:timers/promises';
import { EventQueue } from '../engine/eventQueue';
import { Random } from '../engine/random';
import { ParameterError } from '../errors';
import { monthlyCost } from '../gateway/pricing';
import { accountThrottle, WEBSOCKET_NEW_CONNECTIONS_PER_SECOND } from '../gateway/quotas';
import { TokenBucket } from '../gateway/tokenBucket';
import { DEFAULT_GATEWAY_LATENCY } from '../gateway/latencyProfile';
import type { GatewayModel } from '../model/gateway';
import { integerInRange, nonNegative, positive } from '../validate';
import { findApi, findRoute, simulateRouteRequest } from './routeRequest';
import type { ScenarioOptions } from './topology';

/*
 * Many clients at once, for what one request cannot show: throttling, latency percentiles,
 * cold starts under a burst, and WebSocket fan-out. A warm request is first simulated through
 * the full protocol and gateway model; its time to first byte is the base latency. Each
 * request of the load then goes through the gateway's token buckets (stage/route, account)
 * and a Lambda concurrency model (a new execution environment, with its cold start, whenever
 * more requests are in flight than environments exist), with seeded variation in the
 * function's duration. This is a model of aggregate behaviour, not a per-packet replay: a
 * million requests take well under a second.
 */

export interface LoadOptions extends ScenarioOptions {
  model: GatewayModel;
  api?: string;
  route: string;
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
  throttled: { stage: number; account: number };
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

/** The run as a generator that pauses every CHUNK units of work with its progress. */
function* loadSteps(options: LoadOptions): Generator<LoadProgress, LoadResult> {
  const rate = positive('ratePerSecond', options.ratePerSecond);
  const duration = positive('durationSeconds', options.durationSeconds);
  const expected = rate * duration + (options.burst?.requests ?? 0);
  if (expected > 20_000_000) throw new ParameterError('ratePerSecond', rate, `at most 20,000,000 requests in a run (asked ${Math.round(expected)})`);
  const api = findApi(options.model, options.api);
  if (api.type === 'WEBSOCKET' && !options.fanOut) throw new ParameterError('api', api.name, 'a REST or HTTP API, or a fanOut for a WebSocket API');
  const functionMs = nonNegative('functionDurationMs', options.functionDurationMs ?? DEFAULT_GATEWAY_LATENCY.functionDurationMs);
  const sigma = nonNegative('durationSigma', options.durationSigma ?? 0.3);
  const random = new Random(`${options.seed ?? 1}/load`);
  const account = accountThrottle(api.region);
  const total = Math.round(expected) + (options.fanOut ? options.fanOut.connections * options.fanOut.pushes : 0);
  let nextReport = CHUNK;

  let result: LoadResult = { requests: 0, succeeded: 0, throttled: { stage: 0, account: 0 }, coldStarts: 0, peakConcurrency: 0, baseLatencyMs: 0, latencyMs: percentiles(new Float64Array(0), 0), costUsd: 0 };
  if (api.type !== 'WEBSOCKET') {
    const route = findRoute(api, options.route);
    // The base: a warm, kept-alive request through the whole model (the second of two).
    const warm = simulateRouteRequest({ ...options, model: options.model, api: api.name, route: route.key, requests: 2, keepAlive: true, backend: { durationMs: functionMs } });
    const second = warm.summary.exchanges[1];
    const base = second.firstByte - second.start;
    const stageLimit = route.throttle ?? api.stages[0].routeThrottles?.[route.key] ?? api.stages[0].throttle;
    const stageBucket = stageLimit ? new TokenBucket(stageLimit.rateLimit, stageLimit.burstLimit) : undefined;
    const accountBucket = new TokenBucket(account.rateLimit, account.burstLimit);
    const capacity = Math.ceil(expected * 1.1) + 16;
    const latencies = new Float64Array(capacity);
    // In-flight executions ordered by completion time; environments stay warm once created.
    const running = new EventQueue(1024);
    // Steady traffic keeps about rate x latency environments warm (Little's law): the run starts there,
    // so only fluctuations and bursts above it pay cold starts.
    let environments = Math.ceil((rate * base) / 1000);
    let requests = 0;
    let succeeded = 0;
    let stageThrottled = 0;
    let accountThrottled = 0;
    let coldStarts = 0;
    let peak = 0;
    const endMs = duration * 1000;
    const burstAt = options.burst ? options.burst.atSeconds * 1000 : Infinity;
    let burstLeft = options.burst?.requests ?? 0;
    const meanGapMs = 1000 / rate;
    let now = -Math.log(Math.max(random.next(), 1e-12)) * meanGapMs;
    const handle = (at: number): void => {
      requests++;
      if (stageBucket && !stageBucket.take(at)) {
        stageThrottled++;
        return;
      }
      if (!accountBucket.take(at)) {
        accountThrottled++;
        return;
      }
      while (running.size > 0 && running.peekTime() <= at) running.pop();
      let latency = base - functionMs + functionMs * Math.exp(sigma * gaussian(random) - (sigma * sigma) / 2);
      if (running.size >= environments) {
        environments++;
        coldStarts++;
        latency += DEFAULT_GATEWAY_LATENCY.lambdaColdStartMs;
      }
      running.push(at + latency, 0, 0);
      if (running.size > peak) peak = running.size;
      latencies[succeeded++] = latency;
    };
    while (now < endMs || (burstLeft > 0 && burstAt < endMs)) {
      if (requests >= nextReport) {
        nextReport += CHUNK;
        yield { done: requests, total };
      }
      if (burstLeft > 0 && burstAt <= now) {
        // A burst is handled in chunks too, so a burst of millions still reports and can stop.
        for (let handled = 0; burstLeft > 0 && handled < CHUNK; burstLeft--, handled++) handle(burstAt);
        continue;
      }
      if (now >= endMs) break;
      handle(now);
      now += -Math.log(Math.max(random.next(), 1e-12)) * meanGapMs;
    }
    result = {
      requests, succeeded, throttled: { stage: stageThrottled, account: accountThrottled }, coldStarts, peakConcurrency: peak,
      baseLatencyMs: base, latencyMs: percentiles(latencies, succeeded),
      // Whether throttled calls are billed is not stated in the pricing sources used here: every call received is
      // counted, which errs on the high side.
      costUsd: monthlyCost(api.type, { units: requests }).totalUsd,
    };
  }
  if (options.fanOut) result.fanOut = yield* fanOut(options.fanOut, account, random, { done: result.requests, total });
  return result;
}

function* fanOut(spec: { connections: number; pushes: number }, account: { rateLimit: number; burstLimit: number }, random: Random, before: LoadProgress): Generator<LoadProgress, FanOutResult> {
  const connections = integerInRange('fanOut.connections', spec.connections, 1, 10_000_000);
  const pushes = integerInRange('fanOut.pushes', spec.pushes, 1, 1000);
  const bucket = new TokenBucket(account.rateLimit, account.burstLimit);
  const delays = new Float64Array(connections * pushes);
  let count = 0;
  // Pushes are a minute apart. For each, the backend calls @connections once per connection as fast
  // as the account throttle admits, retrying a throttled call after 100 ms (an assumed backoff step).
  for (let push = 0; push < pushes; push++) {
    const start = push * 60_000;
    let at = start;
    for (let connection = 0; connection < connections; connection++) {
      if (count > 0 && count % CHUNK === 0) yield { done: before.done + count, total: before.total };
      while (!bucket.take(at)) at += 100;
      delays[count++] = at - start + DEFAULT_GATEWAY_LATENCY.connectionsApiMs + 1 + random.next() * 2;
    }
  }
  const delivery = percentiles(delays, count);
  const messages = connections * pushes;
  return {
    connections, pushes,
    connectSeconds: connections / WEBSOCKET_NEW_CONNECTIONS_PER_SECOND,
    fanOutSecondsPerPush: delivery.max / 1000,
    deliveryDelayMs: delivery,
    messages,
    costUsd: monthlyCost('WEBSOCKET', { units: messages }).totalUsd,
  };
}
