import type { TraceJson } from '../../simulator/trace/trace';
import { isLayer } from '../drawing/layers';
import type { CompareView, FromWebviewMessage, LiveClient, RouteView, ToWebviewMessage } from './messages';

/*
 * Every message that crosses between host and webview is checked here, in both directions.
 * From the webview (parseFromWebview): untrusted input, refused when malformed and bounded so
 * that a compromised page cannot push huge payloads. From the host (parseToWebview): trusted,
 * but a message of the wrong shape (a host of another version, a bug) must give a readable
 * error in the view, never a half-drawn diagram, NaN bars or an exception in a d3 callback.
 */

/** A plain object (not null, not an array): what every message and the saved view state must be first. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const API_TYPES = ['REST', 'HTTP', 'WEBSOCKET'] as const;

// From the webview.

/** Scenario ids as the registry spells them (`ws-session`); the host still looks the id up. */
export function isScenarioIdText(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z][a-z0-9-]{0,31}$/.test(value);
}

/** Workload names as the presets and workload files spell them; the host still looks the name up. */
export function isWorkloadName(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(value);
}

function boundedString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

/** A count or a position: a non-negative safe integer. */
function isIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function smallCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 100;
}

/**
 * Validates a message from the webview; anything malformed is refused (undefined), never
 * trusted or passed on. Limits keep a compromised webview from pushing huge payloads.
 */
export function parseFromWebview(value: unknown): FromWebviewMessage | undefined {
  if (!isObject(value) || typeof value.type !== 'string') return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rendered':
      return boundedString(value.routeId, 500) && Number.isInteger(value.events) && (value.events as number) >= 0
        ? { type: 'rendered', routeId: value.routeId, events: value.events as number } : undefined;
    case 'resimulate':
      return boundedString(value.routeId, 500) && isScenarioIdText(value.scenario)
        ? { type: 'resimulate', routeId: value.routeId, scenario: value.scenario } : undefined;
    case 'runLive':
      return boundedString(value.routeId, 500) && isLiveClient(value.client) ? { type: 'runLive', routeId: value.routeId, client: value.client } : undefined;
    case 'reveal':
      return boundedString(value.file, 4096) && Number.isInteger(value.line) && (value.line as number) >= 1
        ? { type: 'reveal', file: value.file, line: value.line as number } : undefined;
    case 'copy':
      return boundedString(value.text, 5_000_000) ? { type: 'copy', text: value.text } : undefined;
    case 'compareWorkload':
      return isWorkloadName(value.workload) ? { type: 'compareWorkload', workload: value.workload } : undefined;
    case 'compareRendered':
      return isWorkloadName(value.workload) && smallCount(value.apiTypes) && smallCount(value.rules)
        ? { type: 'compareRendered', workload: value.workload, apiTypes: value.apiTypes, rules: value.rules } : undefined;
    case 'payload':
      return isIndex(value.requestId) && isIndex(value.eventId) ? { type: 'payload', requestId: value.requestId, eventId: value.eventId } : undefined;
    default:
      return undefined;
  }
}

// From the host.

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const THEME_KINDS = ['light', 'dark', 'high-contrast'] as const;

/** The first problem that makes `value` unusable as a trace, or undefined when it is fine. */
export function traceProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'the trace is not an object';
  if (!Array.isArray(value.participants)) return 'the trace has no participants';
  const ids = new Set<string>();
  for (const [index, participant] of value.participants.entries()) {
    if (!isObject(participant) || typeof participant.id !== 'string' || typeof participant.label !== 'string' || typeof participant.kind !== 'string') {
      return `participant ${index} needs an id, a label and a kind`;
    }
    ids.add(participant.id);
  }
  if (!Array.isArray(value.events)) return 'the trace has no events';
  for (const [index, event] of value.events.entries()) {
    if (!isObject(event)) return `event ${index} is not an object`;
    if (event.id !== index) return `event ${index} has id ${String(event.id)} (ids are positions in the event list)`;
    if (!Number.isFinite(event.time) || !Number.isFinite(event.arrival) || (event.arrival as number) < (event.time as number)) return `event ${index} needs a time and an arrival no earlier than it`;
    if (typeof event.from !== 'string' || !ids.has(event.from) || typeof event.to !== 'string' || !ids.has(event.to)) return `event ${index} goes between unknown participants`;
    if (!isLayer(event.layer)) return `event ${index} has an unknown layer ${JSON.stringify(event.layer)}`;
    if (typeof event.kind !== 'string' || !event.kind.startsWith(`${event.layer}.`)) return `event ${index} has no kind of its layer (${JSON.stringify(event.kind)})`;
    if (typeof event.name !== 'string' || !Number.isFinite(event.bytes) || !Number.isFinite(event.wireBytes)) return `event ${index} needs a name, bytes and wire bytes`;
    if (event.payloadHex !== undefined && typeof event.payloadHex !== 'string') return `event ${index} has a payload that is not hex text`;
    if (event.detail !== undefined && !isObject(event.detail)) return `event ${index} has details that are not an object`;
    if (event.error !== undefined && (!isObject(event.error) || typeof event.error.code !== 'string' || typeof event.error.message !== 'string')) return `event ${index} has an error without a code and message`;
  }
  const summary = value.summary;
  if (!isObject(summary) || !Array.isArray(summary.exchanges) || !Number.isFinite(summary.totalTimeMs)) return 'the trace has no summary';
  const calibration = value.calibration;
  if (calibration !== undefined && (!isObject(calibration) || typeof calibration.source !== 'string' || !Number.isFinite(calibration.samples))) return 'the trace\'s calibration needs a source and a number of samples';
  return undefined;
}

function strings(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Bytes as hex text: two lower-case digits a byte (trace/traceJson.ts writes them so). */
function isHex(value: unknown): value is string {
  return typeof value === 'string' && value.length % 2 === 0 && /^[0-9a-f]*$/.test(value);
}

/** The first problem with a view's list of held-back payloads (heldPayloads.ts) for a trace of `eventCount` events, or undefined. */
export function heldPayloadsProblem(value: unknown, eventCount: number): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) && value.every((id) => isIndex(id) && id < eventCount) ? undefined : 'a view whose held-back payloads are not events of its trace';
}

/** The first problem with a view's live availability, or undefined. */
export function liveProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || typeof value.supported !== 'boolean') return 'a live availability without supported';
  if (!value.supported && typeof value.reason !== 'string') return 'an unsupported live run without a reason';
  if (value.restrictedMode !== undefined && value.restrictedMode !== true) return 'a live availability whose restrictedMode is not true';
  return undefined;
}

/** The first problem with a live run's measurement of a trace of `eventCount` events, or undefined. */
export function measurementProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || typeof value.conditions !== 'string' || typeof value.instrument !== 'string') return 'a measurement without conditions';
  if (!isLiveClient(value.client)) return `a measurement by an unknown client ${JSON.stringify(value.client)}`;
  const figure = (row: unknown): boolean => isObject(row) && typeof row.name === 'string' && (MEASURE_UNITS as readonly unknown[]).includes(row.unit)
    && nullableNumber(row.model) && nullableNumber(row.real) && typeof row.differs === 'boolean';
  if (!Array.isArray(value.connections) || value.connections.length > 1000 || !value.connections.every((connection) => isObject(connection) && typeof connection.negotiated === 'string'
    && Array.isArray(connection.figures) && connection.figures.every(figure) && strings(connection.notes))) return 'a measurement with malformed connections';
  if (!strings(value.differences)) return 'a measurement without its differences';
  return undefined;
}

const MEASURE_UNITS = ['count', 'bytes', 'ms'] as const;

function nullableNumber(value: unknown): boolean {
  return value === null || Number.isFinite(value);
}

/** The live harness's clients, in the order the toolbar offers them. */
export const LIVE_CLIENTS: readonly LiveClient[] = ['node', 'curl', 'browser'];

/** One of the live harness's clients. */
export function isLiveClient(value: unknown): value is LiveClient {
  return (LIVE_CLIENTS as readonly unknown[]).includes(value);
}

/** Validates a message from the host. */
export function parseToWebview(value: unknown): Parsed<ToWebviewMessage> {
  if (!isObject(value) || typeof value.type !== 'string') return { ok: false, reason: 'a message without a type' };
  switch (value.type) {
    case 'show': {
      const view = value.view;
      if (!isObject(view)) return { ok: false, reason: 'a show message without a view' };
      if (typeof view.routeId !== 'string' || typeof view.title !== 'string' || typeof view.scenario !== 'string') return { ok: false, reason: 'a view without routeId, title or scenario' };
      if (!(API_TYPES as readonly unknown[]).includes(view.apiType)) return { ok: false, reason: `an unknown API type ${JSON.stringify(view.apiType)}` };
      if (!Array.isArray(view.scenarios) || view.scenarios.length > 20 || !view.scenarios.every((option) => isObject(option) && typeof option.id === 'string' && typeof option.title === 'string')) {
        return { ok: false, reason: 'a view without its list of scenarios' };
      }
      if (!Number.isFinite(view.costUsd)) return { ok: false, reason: 'a view without a cost' };
      const problem = traceProblem(view.trace) ?? liveProblem(view.live) ?? measurementProblem(view.measured)
        ?? heldPayloadsProblem(view.heldPayloads, (view.trace as { events: unknown[] }).events.length);
      if (problem) return { ok: false, reason: problem };
      return { ok: true, value: { type: 'show', view: { ...(view as unknown as RouteView), trace: view.trace as unknown as TraceJson }, ...(value.reveal === true ? { reveal: true } : {}) } };
    }
    case 'compare': {
      const problem = compareViewProblem(value.view);
      return problem ? { ok: false, reason: problem } : { ok: true, value: { type: 'compare', view: value.view as CompareView, reveal: value.reveal === true } };
    }
    case 'error': {
      if (typeof value.message !== 'string') return { ok: false, reason: 'an error message without text' };
      const location = value.location;
      if (location !== undefined) {
        if (!isObject(location) || typeof location.file !== 'string' || !Number.isInteger(location.line) || !Number.isInteger(location.column)) {
          return { ok: false, reason: 'an error location without file, line and column' };
        }
        return { ok: true, value: { type: 'error', message: value.message, location: { file: location.file, line: location.line as number, column: location.column as number } } };
      }
      return { ok: true, value: { type: 'error', message: value.message } };
    }
    case 'theme':
      return (THEME_KINDS as readonly unknown[]).includes(value.kind)
        ? { ok: true, value: { type: 'theme', kind: value.kind as (typeof THEME_KINDS)[number] } }
        : { ok: false, reason: `an unknown theme kind ${JSON.stringify(value.kind)}` };
    case 'liveStatus':
      if (typeof value.routeId !== 'string' || typeof value.running !== 'boolean' || (value.message !== undefined && typeof value.message !== 'string')) {
        return { ok: false, reason: 'a live status without routeId and running' };
      }
      return { ok: true, value: { type: 'liveStatus', routeId: value.routeId, running: value.running, ...(typeof value.message === 'string' ? { message: value.message } : {}) } };
    case 'payload':
      if (!isIndex(value.requestId) || (value.payloadHex !== undefined && !isHex(value.payloadHex))) return { ok: false, reason: 'a payload without its request or not as hex' };
      return { ok: true, value: { type: 'payload', requestId: value.requestId, ...(value.payloadHex !== undefined ? { payloadHex: value.payloadHex } : {}) } };
    default:
      return { ok: false, reason: `an unknown message type ${JSON.stringify(value.type)}` };
  }
}

const NUMBERS = [
  'coldLatencyMs', 'warmLatencyMs', 'p99LatencyMs', 'coldRoundTrips', 'warmRoundTrips', 'bytesUpPerMessage', 'bytesDownPerMessage',
  'overheadUpBytes', 'overheadDownBytes', 'updateNoticeMs', 'monthlyUnits', 'monthlyCostUsd',
] as const;
const WORKLOAD_NUMBERS = ['clients', 'requestsPerMinute', 'updatesPerMinute', 'requestBytes', 'responseBytes', 'updateBytes', 'pollIntervalSeconds', 'sessionMinutes'] as const;

/** Header bytes of a first and a later request, over HTTP/1.1 and over h2: counts, all of them. */
function headerBytesValid(value: unknown): boolean {
  const pair = (bytes: unknown): boolean => isObject(bytes) && Number.isInteger(bytes.first) && (bytes.first as number) >= 0 && Number.isInteger(bytes.later) && (bytes.later as number) >= 0;
  return isObject(value) && pair(value.http1) && pair(value.http2);
}

/** The first problem that makes `value` unusable as a CompareView, or undefined when it is fine. */
export function compareViewProblem(value: unknown): string | undefined {
  if (!isObject(value) || !isObject(value.result)) return 'a compare message without a result';
  const { workload, results, rules } = value.result;
  if (!isObject(workload) || typeof workload.name !== 'string' || typeof workload.description !== 'string') return 'a comparison without a named workload';
  for (const field of WORKLOAD_NUMBERS) if (!Number.isFinite(workload[field])) return `the workload has no ${field}`;
  if (!Array.isArray(results) || results.length === 0) return 'a comparison without results';
  const seen = new Set<unknown>();
  for (const [index, result] of results.entries()) {
    if (!isObject(result) || !(API_TYPES as readonly unknown[]).includes(result.apiType)) return `result ${index} has an unknown API type`;
    if (seen.has(result.apiType)) return `result ${index} repeats the ${String(result.apiType)} API type`;
    seen.add(result.apiType);
    if (typeof result.api !== 'string' || typeof result.breaksFirst !== 'string') return `result ${index} needs an API name and what breaks first`;
    if (!isObject(result.route) || typeof result.route.apiId !== 'string' || typeof result.route.routeKey !== 'string') return `result ${index} needs the route it was measured on`;
    for (const field of NUMBERS) {
      if (!Number.isFinite(result[field]) || (result[field] as number) < 0) return `result ${index} (${String(result.apiType)}) has no valid ${field}`;
    }
    if (result.requestHeaderBytes !== undefined && !headerBytesValid(result.requestHeaderBytes)) return `result ${index} (${String(result.apiType)}) has request header bytes that are not counts`;
  }
  if (!Array.isArray(rules)) return 'a comparison without its rules of thumb';
  for (const [index, rule] of rules.entries()) {
    if (!isObject(rule) || typeof rule.rule !== 'string' || typeof rule.holds !== 'boolean' || typeof rule.finding !== 'string') return `rule ${index} needs a rule, a verdict and a finding`;
  }
  if (!Array.isArray(value.presets) || !value.presets.every((preset) => isObject(preset) && typeof preset.name === 'string' && typeof preset.description === 'string')) {
    return 'a comparison without its workload presets';
  }
  const config = value.config;
  if (config !== undefined && (!isObject(config) || typeof config.file !== 'string' || !Array.isArray(config.apis) || !config.apis.every((api) => typeof api === 'string'))) {
    return 'a comparison whose config has no file or API ids';
  }
  return undefined;
}
