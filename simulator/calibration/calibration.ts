import type { NetworkProfile } from '../engine/networkProfile';
import type { ScenarioOptions } from '../scenario/topology';
import type { BackendBehaviour } from '../gateway/pipeline';

/*
 * The model tuned to a recording of the real API. The latency model (engine/networkProfile.ts)
 * has assumptions a user can measure: the client's round trip and bandwidth, and how long each
 * route's backend takes. From the browser's own timing of each request:
 *
 *   round trip   the TCP handshake, `connect` minus `ssl` (one round trip, RFC 9293 §3.5),
 *                on the requests that opened a connection; the median, so a slow one does not tip it;
 *   bandwidth    the response bytes over `receive`, on responses of at least 16 kB (smaller
 *                ones arrive in one flight and say nothing about bandwidth); none: not fitted;
 *   backend      per route, the median `wait` minus one round trip (the gateway's and the
 *                backend's time together, as the client sees it);
 *   DNS          the median `dns` of the requests that looked the name up (0: the name was
 *                cached, as a host-cache hit).
 *
 * Applied to a route, the round trip (the route's own where its requests opened connections,
 * else the recording's) replaces the client's to the Region and to the edge, the DNS lookup the
 * client's round trip to its resolver (or a cache hit), the
 * bandwidth the downlink, and the route's integration takes what makes the model's waiting time
 * of a warm request equal the recorded median (the gateway's own steps stay as modelled).
 */

export interface RouteCalibration {
  /** The API's id in the config, as `--api` takes it. */
  api: string;
  route: string;
  samples: number;
  /**
   * The route's own round trip, where its requests opened connections (ms): an edge-optimized
   * API's client talks to a CloudFront edge, a Regional one's to the Region, and the two differ.
   */
  rttMs: number | null;
  /** Median waiting time minus one round trip (ms). */
  backendMs: number;
  /** The integration's duration that makes the model's warm waiting time the recorded median (ms). */
  integrationMs: number;
}

export interface Calibration {
  /** The recording's file name, for "calibrated from shop.har". */
  source: string;
  /** Recorded requests the fit used (matched to a route). */
  samples: number;
  /** The client's round trip, downlink and DNS lookup (ms, Mbit/s, ms); null where the recording cannot tell. */
  network: { rttMs: number | null; downlinkMbps: number | null; dnsMs: number | null };
  routes: RouteCalibration[];
  /** Entries that match no route of the config, and entries left out before matching (no timings, from cache, failed). */
  unmatched: number;
  skipped: number;
}

/** The network overrides a calibration makes. */
export function networkOptions(network: Calibration['network'], options: ScenarioOptions = {}): Pick<ScenarioOptions, 'networkOverrides' | 'dnsCache'> {
  const overrides: Partial<NetworkProfile> = { ...options.networkOverrides };
  if (network.rttMs !== null) {
    overrides.clientToRegionRttMs = network.rttMs;
    overrides.clientToEdgeRttMs = network.rttMs;
  }
  if (network.downlinkMbps !== null) overrides.downlinkMbps = network.downlinkMbps;
  // The resolver had the name (the model's `resolver` state): the lookup is one round trip to it.
  if (network.dnsMs !== null && network.dnsMs >= MIN_LOOKUP_MS) overrides.clientToResolverRttMs = network.dnsMs;
  const dnsCache = network.dnsMs === null ? options.dnsCache : network.dnsMs < MIN_LOOKUP_MS ? 'hit' : 'resolver';
  return { networkOverrides: overrides, ...(dnsCache ? { dnsCache } : {}) };
}

/** A lookup shorter than this was answered from the browser's or the system's cache. */
const MIN_LOOKUP_MS = 0.5;

/** What a run is given that a calibration changes. */
export interface CalibratedOptions extends ScenarioOptions {
  backend?: Partial<BackendBehaviour>;
}

/** `options` with the calibration applied to a run of route `routeKey` of API `apiId`. */
export function calibratedOptions<Options extends CalibratedOptions>(calibration: Calibration, apiId: string, routeKey: string, options: Options): Options {
  const route = calibration.routes.find((candidate) => candidate.api === apiId && candidate.route === routeKey);
  return {
    ...options,
    ...networkOptions({ ...calibration.network, rttMs: route?.rttMs ?? calibration.network.rttMs }, options),
    ...(route ? { backend: { ...options.backend, durationMs: route.integrationMs } } : {}),
  };
}

