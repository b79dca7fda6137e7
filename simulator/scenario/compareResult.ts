import type { ApiType } from '../model/gateway';
import type { Workload } from './workloads';

/*
 * What `compare` returns, as types alone: the simulator's compare.ts computes it, the CLI
 * prints it, and the webview's Compare view draws it from a message. Kept apart from
 * compare.ts because that module reaches Node-only code the webview cannot compile.
 */

export interface ApiTypeResult {
  apiType: ApiType;
  /** The API's display name, for people: two APIs may share one. */
  api: string;
  /** The route the figures were measured on, by identity (the registry's RouteRef): the API's id and the route key. */
  route: { apiId: string; routeKey: string };
  coldLatencyMs: number;
  warmLatencyMs: number;
  p99LatencyMs: number;
  coldRoundTrips: number;
  warmRoundTrips: number;
  /** Bytes on the wire for one client message and one server answer or update. */
  bytesUpPerMessage: number;
  bytesDownPerMessage: number;
  /** Protocol overhead per message: HTTP head bytes, or WebSocket frame header bytes. */
  overheadUpBytes: number;
  overheadDownBytes: number;
  /** How long after a server-side change the client knows (mean). */
  updateNoticeMs: number;
  monthlyUnits: number;
  monthlyCostUsd: number;
  breaksFirst: string;
}

export interface RuleCheck {
  rule: string;
  holds: boolean;
  finding: string;
}

export interface CompareResult {
  workload: Workload;
  results: ApiTypeResult[];
  rules: RuleCheck[];
}
