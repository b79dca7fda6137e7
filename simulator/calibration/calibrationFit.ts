import { basename } from 'node:path';
import { SimulatorError } from '../errors';
import type { GatewayModel } from '../model/gateway';
import { requestTimings, type RequestPhases } from '../trace/requestTimings';
import { routeRef, runScenario, type RunOptions } from '../scenario/registry';
import { calibratedOptions, networkOptions, type Calibration, type RouteCalibration } from './calibration';
import type { HarRecording, RecordedEntry } from './harRecording';
import { matchRecordedRoutes, type MatchedEntry } from './recordedRoutes';

/*
 * Fitting a calibration (calibration.ts says what it holds and how it is applied) to a
 * recording: the round trip, the bandwidth and each route's backend time, each a median over
 * the recorded requests that can tell it.
 */

/** Responses smaller than this arrive in one flight: their receive time says nothing of bandwidth. */
const MIN_BANDWIDTH_BYTES = 16 * 1024;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The round trip a request that opened its connection measured: its TCP handshake; or, where
 * that handshake was answered nearby (a HAR recorded through a local proxy, or the tests' delay
 * relay, whose kernel answers the SYN at once), its TLS handshake, which goes end to end, over
 * the round trips the model's TLS version takes (1 for TLS 1.3, 2 for a full TLS 1.2 handshake).
 * Over one path TCP's handshake takes as long as a TLS round trip; one under half of it was
 * not the path's.
 */
function roundTripMs(entry: RecordedEntry, tlsRoundTrips: number): number | undefined {
  const { connect, ssl } = entry.timings;
  if (!(connect > 0)) return undefined;
  const tcp = connect - Math.max(0, ssl);
  const overTls = ssl > 0 ? ssl / tlsRoundTrips : undefined;
  if (overTls !== undefined && tcp < overTls / 2) return overTls;
  return tcp > 0 ? tcp : overTls;
}

/** How many round trips the model's TLS handshake takes on a route's new connection, with `options`. */
function modelledTlsRoundTrips(model: GatewayModel, apiId: string, routeKey: string, options: RunOptions): number {
  const { cold } = modelledPhases(model, apiId, routeKey, options);
  const tcp = cold.connect - cold.ssl;
  return cold.ssl > 0 && tcp > 0 ? Math.max(1, Math.round(cold.ssl / tcp)) : 1;
}

/** Fits the calibration of `model` to `recording`; `options` are the runs' other options (the client). */
export function fitCalibration(model: GatewayModel, recording: HarRecording, options: RunOptions = {}): Calibration {
  const { matched, unmatched } = matchRecordedRoutes(model, recording.entries);
  const groups = groupByRoute(matched);
  // The model's TLS round trips are the route's, not the entry's: one simulation a route, not one a recorded request.
  const roundTrips = new Map(groups.map((samples) => {
    const tlsRoundTrips = modelledTlsRoundTrips(model, samples[0].api.id, samples[0].route.key, asRecorded(samples, options));
    return [samples, samples.flatMap(({ entry }) => roundTripMs(entry, tlsRoundTrips) ?? [])];
  }));
  const rttMs = median([...roundTrips.values()].flat());
  const downlinkMbps = median(matched.flatMap(({ entry }) => (entry.responseBytes >= MIN_BANDWIDTH_BYTES && entry.timings.receive > 0 ? [(entry.responseBytes * 8) / (entry.timings.receive * 1000)] : [])));
  const dnsMs = median(matched.flatMap(({ entry }) => (entry.timings.dns >= 0 ? [entry.timings.dns] : [])));
  const network = { rttMs, downlinkMbps, dnsMs };
  const routes: RouteCalibration[] = [];
  for (const samples of groups) {
    const { api, route } = samples[0];
    const waiting = median(samples.map(({ entry }) => entry.timings.wait)) ?? 0;
    const routeRtt = median(roundTrips.get(samples) ?? []);
    const oneRoundTrip = routeRtt ?? rttMs ?? 0;
    // The model's warm waiting time with an integration that takes no time: what the gateway adds by itself.
    const modelled = warmPhases(model, api.id, route.key, { ...asRecorded(samples, options), ...networkOptions({ ...network, rttMs: routeRtt ?? rttMs }, options), backend: { durationMs: 0 } });
    routes.push({
      api: api.id, route: route.key, samples: samples.length, rttMs: routeRtt,
      backendMs: Math.max(0, waiting - oneRoundTrip),
      integrationMs: Math.max(0, waiting - modelled.wait),
    });
  }
  return { source: basename(recording.file), samples: matched.length, network, routes, unmatched: unmatched.length, skipped: recording.skipped.length };
}

/**
 * The run's options with the route's request as the recording has it: its Content-Type and body,
 * so that the model's browser preflights it exactly when the recorded one did (a text/plain POST
 * goes at once, a JSON one after an OPTIONS).
 */
function asRecorded(samples: readonly MatchedEntry[], options: RunOptions): RunOptions {
  const { contentType, requestBody } = samples[0].entry;
  return {
    ...options,
    ...(contentType !== undefined ? { requestHeaders: [...(options.requestHeaders ?? []).filter(([name]) => name.toLowerCase() !== 'content-type'), ['Content-Type', contentType]] } : {}),
    ...(requestBody !== undefined ? { requestBody } : {}),
  };
}

function groupByRoute(matched: readonly MatchedEntry[]): MatchedEntry[][] {
  const groups = new Map<string, MatchedEntry[]>();
  for (const match of matched) {
    const key = `${match.api.id}\n${match.route.key}`;
    groups.set(key, [...(groups.get(key) ?? []), match]);
  }
  return [...groups.values()];
}

/** The phases of a warm request (the second of a kept-alive pair) and the cold one before it. */
function warmPhases(model: GatewayModel, apiId: string, routeKey: string, options: RunOptions): RequestPhases {
  return modelledPhases(model, apiId, routeKey, options).warm;
}

/**
 * The model's phases for a route: of a cold request (its connection's DNS, TCP and TLS, which a
 * preflight before it opens when the browser sends one) and of a warm one (the second of a
 * kept-alive pair).
 */
export function modelledPhases(model: GatewayModel, apiId: string, routeKey: string, options: RunOptions): { cold: RequestPhases; warm: RequestPhases } {
  const api = model.apis.find((candidate) => candidate.id === apiId)!;
  const route = api.routes.find((candidate) => candidate.key === routeKey)!;
  const { trace } = runScenario(model, routeRef(api, route), 'series', { ...options, requests: 2, keepAlive: true });
  const timings = requestTimings(trace);
  const [first, second] = timings.filter((timing) => timing.kind === 'request');
  if (!first) {
    // The model's browser never sent the request: its CORS check refused it (the recording's did not, or it would have no timings).
    const refusal = trace.events.find((event) => event.kind === 'http.cors_check' && event.error)?.error?.message;
    throw new SimulatorError('CALIBRATION_UNMODELLED', `${api.name} ${route.key}: the model's ${options.clientProfile ?? 'node'} client never sends this request${refusal ? ` (${refusal})` : ''}, so there is nothing to compare with the recording; check the config's CORS settings, or calibrate with --client node`);
  }
  const opener = timings.find((timing) => timing.newConnection) ?? first;
  return { cold: { ...first.phases, dns: opener.phases.dns, connect: opener.phases.connect, ssl: opener.phases.ssl }, warm: (second ?? first).phases };
}

/** A phase's median in the recording and in the model before and after calibration (ms; null: it never happened). */
/** The phases compared: those a recording and the model both have (Queueing and Request sent are the browser's own). */
type ComparedPhase = 'dns' | 'connect' | 'ssl' | 'wait' | 'receive';

export interface PhaseComparison {
  phase: ComparedPhase;
  recorded: number | null;
  model: number | null;
  calibrated: number | null;
}

export interface RouteComparison {
  api: string;
  route: string;
  samples: number;
  phases: PhaseComparison[];
}

const COMPARED: readonly ComparedPhase[] = ['dns', 'connect', 'ssl', 'wait', 'receive'];
/** Phases of opening a connection: taken from the model's first request; the others from a warm one. */
const COLD: ReadonlySet<ComparedPhase> = new Set(['dns', 'connect', 'ssl']);

/** Each calibrated route, recorded against modelled, before and after calibration, with `options` as the run's other options. */
export function compareWithRecording(model: GatewayModel, recording: HarRecording, calibration: Calibration, options: RunOptions = {}): RouteComparison[] {
  const { matched } = matchRecordedRoutes(model, recording.entries);
  return groupByRoute(matched).map((samples) => {
    const { api, route } = samples[0];
    const recorded = asRecorded(samples, options);
    const before = modelledPhases(model, api.id, route.key, recorded);
    const after = modelledPhases(model, api.id, route.key, calibratedOptions(calibration, api.id, route.key, recorded));
    const pick = (phases: { cold: RequestPhases; warm: RequestPhases }, phase: ComparedPhase): number | null => {
      const value = (COLD.has(phase) ? phases.cold : phases.warm)[phase];
      return value < 0 ? null : value;
    };
    return {
      api: api.id, route: route.key, samples: samples.length,
      phases: COMPARED.map((phase) => ({
        phase,
        recorded: median(samples.flatMap(({ entry }) => (entry.timings[phase] >= 0 ? [entry.timings[phase]] : []))),
        model: pick(before, phase),
        calibrated: pick(after, phase),
      })),
    };
  });
}
