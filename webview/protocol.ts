/*
 * The only messages the extension host and the webview exchange. Plain types, no imports
 * beyond the trace's, so both sides compile against the same definitions. Messages from the
 * webview are untrusted input: the host runs `parseFromWebview` on everything it receives.
 */
import type { Trace } from '../simulator/trace/trace';

/** What the webview shows: one simulated route, or an error. */
export interface RouteView {
  /** Stable id of the shown route, e.g. `shop-orders POST /orders`. */
  routeId: string;
  title: string;
  apiType: 'REST' | 'HTTP' | 'WEBSOCKET';
  scenario: string;
  trace: Trace;
  costUsd: number;
}

export type ToWebviewMessage =
  | { type: 'show'; view: RouteView }
  | { type: 'error'; message: string; location?: { file: string; line: number; column: number } }
  | { type: 'theme'; kind: 'light' | 'dark' | 'high-contrast' };

export type FromWebviewMessage =
  | { type: 'ready' }
  | { type: 'rendered'; routeId: string; events: number }
  | { type: 'resimulate'; routeId: string; scenario: 'request' | 'series' | 'ws-session' }
  | { type: 'reveal'; file: string; line: number }
  | { type: 'copy'; text: string };

const SCENARIOS = ['request', 'series', 'ws-session'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function boundedString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
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
      return boundedString(value.routeId, 500) && (SCENARIOS as readonly unknown[]).includes(value.scenario)
        ? { type: 'resimulate', routeId: value.routeId, scenario: value.scenario as (typeof SCENARIOS)[number] } : undefined;
    case 'reveal':
      return boundedString(value.file, 4096) && Number.isInteger(value.line) && (value.line as number) >= 1
        ? { type: 'reveal', file: value.file, line: value.line as number } : undefined;
    case 'copy':
      return boundedString(value.text, 5_000_000) ? { type: 'copy', text: value.text } : undefined;
    default:
      return undefined;
  }
}
