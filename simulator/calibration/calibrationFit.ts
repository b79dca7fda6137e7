import { basename } from 'node:path';
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

/** The round trip of a request that opened its connection: its TCP handshake. */
function handshakeMs(entry: RecordedEntry): number | undefined {
  const { connect, ssl } = entry.timings;
  if (!(connect > 0)) return undefined;
  return connect - Math.max(0, ssl);
}

/** Fits the calibration of `model` to `recording`; `options` are the runs' other options (the client). */
export function fitCalibration(model: GatewayModel, recording: HarRecording, options: RunOptions = {}): Calibration {
  const { matched, unmatched } = matchRecordedRoutes(model, recording.entries);
  const rttMs = median(matched.flatMap(({ entry }) => handshakeMs(entry) ?? []));
  const downlinkMbps = median(matched.flatMap(({ entry }) => (entry.responseBytes >= MIN_BANDWIDTH_BYTES && entry.timings.receive > 0 ? [(entry.responseBytes * 8) / (entry.timings.receive * 1000)] : [])));
  const network = { rttMs, downlinkMbps };
  const routes: RouteCalibration[] = [];
  for (const samples of groupByRoute(matched)) {
    const { api, route } = samples[0];
    const waiting = median(samples.map(({ entry }) => entry.timings.wait)) ?? 0;
    const routeRtt = median(samples.flatMap(({ entry }) => handshakeMs(entry) ?? []));
    const oneRoundTrip = routeRtt ?? rttMs ?? 0;
    // The model's warm waiting time with an integration that takes no time: what the gateway adds by itself.
    const overrides = networkOptions({ ...network, rttMs: routeRtt ?? rttMs }).networkOverrides;
    const modelled = warmPhases(model, api.id, route.key, { ...options, networkOverrides: { ...options.networkOverrides, ...overrides }, backend: { durationMs: 0 } });
    routes.push({
      api: api.id, route: route.key, samples: samples.length, rttMs: routeRtt,
      backendMs: Math.max(0, waiting - oneRoundTrip),
      integrationMs: Math.max(0, waiting - modelled.wait),
    });
  }
  return { source: basename(recording.file), samples: matched.length, network, routes, unmatched: unmatched.length, skipped: recording.skipped.length };
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

export function modelledPhases(model: GatewayModel, apiId: string, routeKey: string, options: RunOptions): { cold: RequestPhases; warm: RequestPhases } {
  const api = model.apis.find((candidate) => candidate.id === apiId)!;
  const route = api.routes.find((candidate) => candidate.key === routeKey)!;
  const { trace } = runScenario(model, routeRef(api, route), 'series', { ...options, requests: 2, keepAlive: true });
  const [cold, warm] = requestTimings(trace);
  return { cold: cold.phases, warm: (warm ?? cold).phases };
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
    const before = modelledPhases(model, api.id, route.key, options);
    const after = modelledPhases(model, api.id, route.key, calibratedOptions(calibration, api.id, route.key, options));
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
