/*
 * The only messages the extension host and the webview exchange, as plain types. They import
 * nothing from the simulator but the trace's and the model's types, so both sides compile
 * against the same definitions without either pulling in the other's code. validation.ts
 * checks every message that crosses, in both directions.
 */
import type { ApiTypeResult, CompareResult, RuleCheck, Workload } from '../../simulator/model/comparison';
import type { TraceJson } from '../../simulator/trace/trace';

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
  trace: TraceJson;
  costUsd: number;
  /** Whether the scenario can be run for real on 127.0.0.1 ("Run live"); absent: it cannot (an older host). */
  live?: LiveAvailability;
  /** A live run's measurement beside `trace`, which is then the model under the live run's conditions. */
  measured?: LiveMeasurement;
  /**
   * Events whose payload the host holds back (heldPayloads.ts): `trace` has no `payloadHex` for
   * them, and the details panel asks for one with a `payload` message when it shows the event.
   * Absent: every payload is in `trace`.
   */
  heldPayloads?: number[];
}

export interface ScenarioOption {
  id: string;
  title: string;
}

/**
 * Whether Run live can play the shown route, and if not, why. `restrictedMode`: it is off because
 * the workspace is not trusted (not because of the scenario), which the view says in words beside
 * the button, and which granting trust lifts.
 */
export type LiveAvailability = { supported: true } | { supported: false; reason: string; restrictedMode?: true };

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
  | { type: 'liveStatus'; routeId: string; running: boolean; message?: string }
  /** The answer to the webview's `payload` request `requestId`: the event's bytes as hex; absent when it has none. */
  | { type: 'payload'; requestId: number; payloadHex?: string };

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
  | { type: 'compareRendered'; workload: string; apiTypes: number; rules: number }
  /**
   * The bytes of event `eventId` of the route shown last, held back from its `show` (RouteView.heldPayloads).
   * `requestId` is the webview's own count: an answer that arrives after another route was shown is not taken for its event.
   */
  | { type: 'payload'; requestId: number; eventId: number };
