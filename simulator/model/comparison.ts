import type { ApiType } from './gateway';

/*
 * What `compare` takes and returns, as types alone: scenario/compare.ts computes it, the CLI
 * prints it, and the webview's Compare view draws it from a message (webview/protocol/), which
 * may import types from the model but no code of the simulator.
 */

/**
 * A workload for `compare`: how many clients, how often they call and are called, and
 * how big the messages are. Presets follow the classic API-type choices.
 */
export interface Workload {
  name: string;
  description: string;
  /** Clients connected at any moment, all month. */
  clients: number;
  /** Client-to-server calls per client per minute. */
  requestsPerMinute: number;
  /** Server-to-client updates per client per minute (pushed on WebSocket, polled otherwise). */
  updatesPerMinute: number;
  requestBytes: number;
  responseBytes: number;
  updateBytes: number;
  /** How often a REST/HTTP client polls for updates. */
  pollIntervalSeconds: number;
  /** How long a client session lasts before it reconnects. */
  sessionMinutes: number;
  /**
   * A built-in example (examples/<name>/) whose REST API compare runs, with the example's own
   * request, when no config is given: `banking` runs the core-banking API's POST /transfers
   * (validation, SOAP mapping, VPC link) in place of the minimal reference API.
   */
  example?: 'banking';
}

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
  /**
   * REST and HTTP APIs: the request's overhead (its bytes less its body: the HTTP/1.1 head, or
   * the h2 frames' headers and HPACK block) for the first and a later request on one kept-alive
   * connection, under HTTP/1.1 and HTTP/2; HPACK makes a later h2 request's headers a few bytes.
   */
  requestHeaderBytes?: { http1: RequestHeaderBytes; http2: RequestHeaderBytes };
  /** How long after a server-side change the client knows (mean). */
  updateNoticeMs: number;
  monthlyUnits: number;
  monthlyCostUsd: number;
  breaksFirst: string;
}

export interface RequestHeaderBytes {
  first: number;
  later: number;
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
