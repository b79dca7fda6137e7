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

/** The real client a live run plays the route with (simulator/fidelity/fidelityRows.ts ClientProfileName). */
export type LiveClient = 'browser' | 'curl' | 'node';

/*
 * A live run's figures as plain data: the host runs the live harness (simulator/fidelity/, Node
 * only), which captures the real client's connections and the model's of the same route and
 * compares them per connection with its compareRow; the webview only shows them.
 */

/** One measure of a connection, the model's value beside the real one (simulator/fidelity/connectionComparison.ts ConnectionMeasures). */
export interface MeasuredFigure {
  /** What is counted, e.g. `Client packets`, `Server IP bytes`, `ClientHello to first response`. */
  name: string;
  unit: 'count' | 'bytes' | 'ms';
  /** NaN is sent as null (JSON has no NaN): not measured on that side. */
  model: number | null;
  real: number | null;
  /** The two differ beyond the comparison's tolerance (counts exact, the time within 10%). */
  differs: boolean;
}

/** One TCP connection of the run: what was negotiated and its figures. */
export interface MeasuredConnection {
  /** ALPN, TLS version and cipher the stand-in negotiated, e.g. `h2 TLSv1.3 TLS_AES_128_GCM_SHA256`. */
  negotiated: string;
  figures: MeasuredFigure[];
  /** What was aligned before comparing (Chromium's random ECH GREASE size), in words. */
  notes: string[];
}

export interface LiveMeasurement {
  client: LiveClient;
  /** How the run was made, e.g. `node client, TLS 1.3, 20 ms each way through a relay on 127.0.0.1, captured on lo (MTU 65535)`. */
  conditions: string;
  connections: MeasuredConnection[];
  /** Every difference, in words, as the harness names it (the connection's number first when there are several). */
  differences: string[];
  /** The instrument's own timing error, in words. */
  instrument: string;
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
  /** "Run live": run the shown route's scenario for real on 127.0.0.1 with `client` and show it beside the model. */
  | { type: 'runLive'; routeId: string; client: LiveClient }
  /** The user picked another workload in the Compare view. */
  | { type: 'compareWorkload'; workload: string }
  /** The Compare view has drawn a workload's figures (for tests and commands, like 'rendered'). */
  | { type: 'compareRendered'; workload: string; apiTypes: number; rules: number }
  /**
   * The bytes of event `eventId` of the route shown last, held back from its `show` (RouteView.heldPayloads).
   * `requestId` is the webview's own count: an answer that arrives after another route was shown is not taken for its event.
   */
  | { type: 'payload'; requestId: number; eventId: number };
