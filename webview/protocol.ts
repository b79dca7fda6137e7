/*
 * The only messages the extension host and the webview exchange. Plain types, imported only
 * from the simulator's type modules (no runtime code), so both sides compile against the same
 * definitions. Messages from the webview are untrusted input: the host runs `parseFromWebview`
 * on everything it receives.
 */
import type { ApiTypeResult, CompareResult, RuleCheck } from '../simulator/scenario/compareResult';
import type { Workload } from '../simulator/scenario/workloads';
import type { Trace } from '../simulator/trace/trace';

/** What the webview shows: one simulated route, or an error. */
export interface RouteView {
  /** Stable id of the shown route: its API's logical id and route key, e.g. `OrdersApi POST /orders`. */
  routeId: string;
  title: string;
  apiType: 'REST' | 'HTTP' | 'WEBSOCKET';
  /** The scenario shown, one of `scenarios`. */
  scenario: string;
  /** The scenarios the route can be shown with (the host's scenario registry), the default first. */
  scenarios: ScenarioOption[];
  trace: Trace;
  costUsd: number;
  /** Whether the scenario can be run for real on 127.0.0.1 ("Run live"); absent: it cannot (an older host). */
  live?: LiveAvailability;
  /** A live run's measurement beside `trace`, which is then the model under the live run's conditions. */
  measured?: LiveMeasurement;
}

export interface ScenarioOption {
  id: string;
  title: string;
}

export type LiveAvailability = { supported: true } | { supported: false; reason: string };

/*
 * A live run's figures as plain data: the host runs simulator/live (Node only) and pairs model
 * and measurement with its compareTraces and byMessageType; the webview only shows them.
 */

/** The measurement of one model event (TLS record, HTTP message, WebSocket frame on the client's connection). */
export interface MeasuredEvent {
  /** The model event's id in the shown trace. */
  eventId: number;
  /** When the live run sent the paired message (ms after the run's start); absent when it sent none. */
  timeMs?: number;
  bytes?: number;
  /** Bytes within the tolerance (HTTP and WebSocket exact, TLS records 2%). */
  ok: boolean;
}

/** Modelled and measured bytes summed per message type (simulator/live/measurementComparison.ts MessageTypeRow). */
export interface MeasuredType {
  layer: string;
  direction: string;
  type: string;
  count: number;
  modelBytes: number;
  liveBytes: number;
  /** Every message of the type within tolerance. */
  ok: boolean;
}

/** One exchange's round trips before the first byte and time to first byte (ExchangeComparison). */
export interface MeasuredExchange {
  name: string;
  modelRoundTrips: number;
  liveRoundTrips: number;
  modelTimeToFirstByteMs: number;
  liveTimeToFirstByteMs: number;
}

export interface LiveMeasurement {
  /** How the run was made, e.g. `TLS 1.3, 20 ms one-way delay, 127.0.0.1`. */
  conditions: string;
  events: MeasuredEvent[];
  /** Messages the live run sent that the model has no counterpart for. */
  unmatched: { layer: string; direction: string; name: string; bytes: number }[];
  types: MeasuredType[];
  exchanges: MeasuredExchange[];
  /** One sentence per difference beyond tolerance. */
  differences: string[];
  notMeasured: string[];
  /** How late the delay relay's timers were (ms): the instrument's own error. */
  relayLatenessMs: number;
}

/** The simulator's compare figures, under the names the Compare view uses. */
export type CompareApiResult = ApiTypeResult;
export type CompareWorkload = Workload;
export type CompareRule = RuleCheck;

/**
 * What the Compare view shows: the simulator's CompareResult as it is, the workload presets for the picker, and which APIs came from the user's config.
 */
export interface CompareView {
  result: CompareResult;
  presets: { name: string; description: string }[];
  /** The config whose APIs were compared, with their ids (a result is the config's when its route's apiId is one); absent when only the reference APIs were. */
  config?: { file: string; apis: string[] };
}

export type ToWebviewMessage =
  /** `reveal`: a route the user asked for, shown on its diagram even from the Compare view. */
  | { type: 'show'; view: RouteView; reveal?: boolean }
  /** `reveal`: switch to the Compare view (a command ran), rather than refresh it (the webview reloaded). */
  | { type: 'compare'; view: CompareView; reveal: boolean }
  | { type: 'error'; message: string; location?: { file: string; line: number; column: number } }
  | { type: 'theme'; kind: 'light' | 'dark' | 'high-contrast' }
  /** A live run of the shown route started or ended; `message` says why it ended without a measurement. */
  | { type: 'liveStatus'; routeId: string; running: boolean; message?: string };

export type FromWebviewMessage =
  | { type: 'ready' }
  | { type: 'rendered'; routeId: string; events: number }
  /** The host checks `scenario` against its registry. */
  | { type: 'resimulate'; routeId: string; scenario: string }
  | { type: 'reveal'; file: string; line: number }
  | { type: 'copy'; text: string }
  /** "Run live": run the shown route's scenario for real on 127.0.0.1 and show it beside the model. */
  | { type: 'runLive'; routeId: string }
  /** The user picked another workload in the Compare view. */
  | { type: 'compareWorkload'; workload: string }
  /** The Compare view has drawn a workload's figures (for tests and commands, like 'rendered'). */
  | { type: 'compareRendered'; workload: string; apiTypes: number; rules: number };

/** Scenario ids as the registry spells them (`ws-session`); the host still looks the id up. */
export function isScenarioIdText(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z][a-z0-9-]{0,31}$/.test(value);
}

/** Workload names as the presets and workload files spell them; the host still looks the name up. */
export function isWorkloadName(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function boundedString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
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
      return boundedString(value.routeId, 500) ? { type: 'runLive', routeId: value.routeId } : undefined;
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
    default:
      return undefined;
  }
}
