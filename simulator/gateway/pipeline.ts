import { epochAt, httpDate } from '../engine/clock';
import type { NetworkProfile } from '../engine/networkProfile';
import type { Random } from '../engine/random';
import type { Simulation } from '../engine/simulation';
import type { Api, GatewayModel, Integration, Stage } from '../model/gateway';
import { REASON_PHRASES, serializeRequest, serializeResponse, type HeaderList, type HttpRequest, type HttpResponse } from '../net/http';
import { IPV4_HEADER_BYTES } from '../net/ip';
import { segmentPayloadBytes, TCP_BASE_HEADER_BYTES, TIMESTAMP_OPTION_BYTES } from '../net/tcp';
import { encryptedRecordBytes, applicationRecordSizes } from '../net/tls';
import { CIPHER_SUITES } from '../net/tlsProfiles';
import type { EventInput, TraceRecorder } from '../trace/recorder';
import type { DetailValue, EventKind, Layer, ParticipantKind, TraceError } from '../trace/trace';
import type { Fault } from './faults';
import { maxIntegrationTimeoutMs } from './quotas';
import type { GatewayError } from './gatewayResponses';
import type { GatewayLatencyProfile } from './latencyProfile';
import type { TokenBucket } from './tokenBucket';

/*
 * What every API type's pipeline shares: the environment a request runs in, the state the
 * gateway keeps between requests (token buckets, authorizer cache, JWKS cache, warm
 * functions, WebSocket connections), and helpers that move a message between two
 * components inside the Region and record it.
 */

/** What the integration's backend does when called. */
export interface BackendBehaviour {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** How long the function or service takes (ms). */
  durationMs: number;
}

export interface GatewayState {
  buckets: Map<string, TokenBucket>;
  quotaUsed: Map<string, number>;
  /** Authorizer cache: key -> expiry (simulated ms). */
  authorizerCache: Map<string, number>;
  /** Issuer -> when its JWKS was fetched. */
  jwksFetchedAt: Map<string, number>;
  /** Functions with a warm execution environment. */
  warmFunctions: Set<string>;
  requestCount: number;
}

export function newGatewayState(): GatewayState {
  return { buckets: new Map(), quotaUsed: new Map(), authorizerCache: new Map(), jwksFetchedAt: new Map(), warmFunctions: new Set(), requestCount: 0 };
}

export interface GatewayEnvironment {
  simulation: Simulation;
  recorder: TraceRecorder;
  random: Random;
  network: NetworkProfile;
  latency: GatewayLatencyProfile;
  model: GatewayModel;
  api: Api;
  stage: Stage;
  state: GatewayState;
  faults: ReadonlySet<Fault>;
  backend: BackendBehaviour;
  /** The participant that hands requests to the gateway: the client, or a CloudFront edge. */
  upstream: string;
  accountId: string;
  /** The client request this run of the pipeline serves: every event it records carries it (TraceEvent.request). */
  request?: string;
}

/** Records an event of the pipeline, tagged with the request it serves. */
function record(env: GatewayEnvironment, input: EventInput): void {
  env.recorder.event(env.request === undefined ? input : { ...input, request: env.request });
}

/** Participant ids used across pipelines. */
export const GATEWAY = 'gateway';

export function declare(env: GatewayEnvironment, id: string, label: string, kind: ParticipantKind): string {
  return env.recorder.participant({ id, label, kind });
}

/** One-way time between two components in the Region for a message of `bytes`. */
export function regionalOneWayMs(env: GatewayEnvironment, bytes: number): number {
  return env.network.regionToBackendRttMs / 2 + (bytes * 8 * 1000) / (env.network.regionMbps * 1e6);
}

interface HopOptions {
  layer?: Layer;
  /** What the message is; default `<layer>.message` (`http.request` for HTTP). */
  kind?: EventKind;
  detail?: Record<string, DetailValue>;
  payload?: Uint8Array;
  wireBytes?: number;
  error?: TraceError;
  /** One-way time instead of the in-Region default. */
  oneWayMs?: number;
}

function messageKind(layer: Layer): EventKind {
  return layer === 'backend' ? 'backend.message' : layer === 'http' ? 'http.request' : 'gateway.message';
}

/** A message from one component to another; `then` runs at its arrival. */
export function hop(env: GatewayEnvironment, from: string, to: string, name: string, bytes: number, then: () => void, options: HopOptions = {}): void {
  const now = env.simulation.now;
  const arrival = now + (options.oneWayMs ?? regionalOneWayMs(env, bytes));
  record(env, {
    time: now, arrival, from, to, layer: options.layer ?? 'gateway', kind: options.kind ?? messageKind(options.layer ?? 'gateway'), name, bytes,
    // AWS's internal transport between its services is not public: counted as the message alone.
    wireBytes: options.wireBytes ?? bytes,
    ...(options.detail ? { detail: options.detail } : {}),
    ...(options.payload ? { payload: options.payload } : {}),
    ...(options.error ? { error: options.error } : {}),
  });
  env.simulation.scheduleAt(arrival, then);
}

/**
 * Work a component does itself for `ms`; `then` runs when it is done. Two details are for code
 * (trace/criticalPath.ts): `pipelineStage` ('authorizer', 'validation' or 'mapping') names the
 * part of the pipeline a gateway step belongs to, and `coldStartMs` the first part of a Lambda
 * step that is its cold start.
 */
export function work(env: GatewayEnvironment, at: string, name: string, ms: number, then: () => void, detail?: Record<string, DetailValue>, error?: TraceError, layer: Layer = 'gateway'): void {
  const now = env.simulation.now;
  record(env, { time: now, arrival: now + ms, from: at, to: at, layer, kind: layer === 'backend' ? 'backend.step' : 'gateway.step', name, bytes: 0, wireBytes: 0, ...(detail ? { detail } : {}), ...(error ? { error } : {}) });
  env.simulation.schedule(ms, then);
}

/**
 * Bytes on the wire for an HTTP message on a warm TLS 1.2 connection (API Gateway's egress
 * to HTTP integrations is TLS 1.2, DG apigateway-security-policies): AES-GCM records plus
 * TCP/IP headers per 1448-byte segment.
 */
export function tls12WireBytes(messageBytes: number, secure: boolean): number {
  const suite = CIPHER_SUITES['ECDHE-RSA-AES128-GCM-SHA256'];
  const stream = secure ? applicationRecordSizes(messageBytes).reduce((sum, plaintext) => sum + encryptedRecordBytes(plaintext, '1.2', suite), 0) : messageBytes;
  const segments = Math.ceil(stream / segmentPayloadBytes(1500));
  return stream + segments * (IPV4_HEADER_BYTES + TCP_BASE_HEADER_BYTES + TIMESTAMP_OPTION_BYTES);
}

/**
 * An HTTP request forwarded over a kept-alive connection: its exact bytes and wire cost. Always
 * HTTP/1.1, whatever the client spoke: CloudFront forwards to custom origins (the Regional
 * endpoint behind an edge-optimized API) over HTTP/1.1 ("HTTP version 2 is not supported between
 * CloudFront and custom origins", AWS Knowledge Center cloudfront-supported-protocols). For HTTP
 * integrations and VPC-link load balancers AWS documents no HTTP/2 (DG set-up-private-integration:
 * "private integration traffic uses the HTTP protocol", HTTPS with an https:// uri); HTTP/1.1
 * there is an assumption, named, consistent with public curl transcripts of NLB targets answering
 * API Gateway's requests as HTTP/1.1.
 */
export function httpHop(env: GatewayEnvironment, from: string, to: string, request: HttpRequest, secure: boolean, then: () => void, oneWayMs?: number): void {
  const bytes = serializeRequest(request);
  hop(env, from, to, `${request.method} ${request.target}`, bytes.length, then, {
    layer: 'http', kind: 'http.request', payload: bytes, wireBytes: tls12WireBytes(bytes.length, secure), detail: { connection: 'kept alive', tls: secure ? 'TLS 1.2' : 'none' },
    ...(oneWayMs === undefined ? {} : { oneWayMs: oneWayMs + (bytes.length * 8 * 1000) / (env.network.regionMbps * 1e6) }),
  });
}

export function httpResponseHop(env: GatewayEnvironment, from: string, to: string, response: HttpResponse, secure: boolean, then: () => void, oneWayMs?: number): void {
  const bytes = serializeResponse(response);
  hop(env, from, to, `${response.status} ${response.reason ?? REASON_PHRASES[response.status] ?? ''}`.trim(), bytes.length, then, {
    layer: 'http', kind: 'http.response', payload: bytes, wireBytes: tls12WireBytes(bytes.length, secure), detail: { status: response.status },
    ...(oneWayMs === undefined ? {} : { oneWayMs: oneWayMs + (bytes.length * 8 * 1000) / (env.network.regionMbps * 1e6) }),
  });
}

/** Seeded identifiers in the formats API Gateway uses. */
export function requestId(random: Random): string {
  const hex = Buffer.from(random.bytes(16)).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${(8 | (random.uint32() & 3)).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `x-amz-apigw-id` / `apigw-requestid`: 16 characters of base64 ending in `=`. */
export function shortId(random: Random): string {
  return `${Buffer.from(random.bytes(11)).toString('base64').slice(0, 15).replace(/\//g, '_')}=`;
}

/**
 * A WebSocket connection id: 16 characters, the base64 of 11 bytes (so one `=` of padding), as
 * in AWS's examples: `L0SM9cOFvHcCIhw=` (AWS CLI apigatewaymanagementapi post-to-connection),
 * `WyHPAfymhcwCENw=`. Standard base64, so `+` and `/` occur and the `@connections` path
 * carries the id URL-encoded.
 */
export function webSocketConnectionId(random: Random): string {
  return Buffer.from(random.bytes(11)).toString('base64');
}

/**
 * An X-Ray trace id as the X-Amzn-Trace-Id header holds it: `Root=1-<8 hex>-<24 hex>`, the
 * version, the request's epoch seconds and 96 random bits (X-Ray DG xray-concepts, "Tracing
 * header"). This is what API Gateway forwards to an integration when the stage does not trace:
 * AWS's example proxy event carries `"X-Amzn-Trace-Id": "Root=1-5e66d96f-7491f09xmpl79d18acf3d050"`
 * (DG set-up-lambda-proxy-integrations), with no sampling decision.
 */
export function traceId(random: Random, epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16).padStart(8, '0')}-${Buffer.from(random.bytes(12)).toString('hex')}`;
}

/**
 * The X-Amzn-Trace-Id a REST API answers its client with when the stage does not trace: the
 * root and the sampling decision `Sampled=0`, the header's form in X-Ray DG xray-concepts
 * (`Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1`). Responses captured from REST APIs
 * show it (`X-Amzn-Trace-Id: Root=1-618c4179-18f4fd98090a20d23b2638d3;Sampled=0`); AWS does not
 * document the response header itself, so this is an observation, not a documented value.
 */
export function unsampledTraceHeader(root: string): string {
  return `${root};Sampled=0`;
}

export function epochMs(env: GatewayEnvironment): number {
  return epochAt(env.simulation.now);
}

export function httpDateAt(env: GatewayEnvironment): string {
  return httpDate(env.simulation.now);
}

/** An error response as the gateway sends it, with its trace event. */
export function errorResponse(env: GatewayEnvironment, error: GatewayError, extraHeaders: HeaderList = []): HttpResponse {
  record(env, {
    time: env.simulation.now, arrival: env.simulation.now, from: GATEWAY, to: GATEWAY, layer: 'gateway', kind: 'gateway.error_response',
    name: `gateway response ${error.type === 'MALFORMED_PROXY_RESPONSE' ? 'malformed Lambda proxy response' : error.type}`, bytes: 0, wireBytes: 0,
    detail: { status: error.status, bodyDocumented: error.bodyDocumented },
    error: { code: error.type, status: error.status, message: error.body },
  });
  return {
    status: error.status,
    headers: [['Date', httpDateAt(env)], ['Content-Type', error.contentType ?? 'application/json'], ...extraHeaders],
    body: Uint8Array.from(Buffer.from(error.body, 'utf8')),
  };
}

/**
 * The integration timeout in force: the integration's own, or the API type's default, at most
 * the maximum for the API's type and endpoint (maxIntegrationTimeoutMs). A longer configured
 * timeout is recorded as a gateway step with the code INTEGRATION_TIMEOUT_ABOVE_MAXIMUM and the
 * status the client gets when the capped wait runs out (`timeoutStatus`).
 */
export function integrationTimeoutMs(env: GatewayEnvironment, integration: Integration | undefined, fallback: number, timeoutStatus?: number): number {
  const configured = integration?.timeoutMs ?? fallback;
  const maximum = maxIntegrationTimeoutMs(env.api.type, env.api.endpointType);
  if (configured <= maximum) return configured;
  const now = env.simulation.now;
  const apis = env.api.type === 'REST' ? 'edge-optimized REST API' : `${env.api.type} API`;
  record(env, {
    time: now, arrival: now, from: GATEWAY, to: GATEWAY, layer: 'gateway', kind: 'gateway.step',
    name: `integration timeout ${configured} ms capped at ${maximum} ms`, bytes: 0, wireBytes: 0,
    detail: { configuredTimeoutMs: configured, maximumTimeoutMs: maximum },
    error: {
      code: 'INTEGRATION_TIMEOUT_ABOVE_MAXIMUM', ...(timeoutStatus === undefined ? {} : { status: timeoutStatus }),
      message: `the integration's timeout of ${configured} ms is above the ${maximum} ms maximum for ${apis}s; the gateway waits ${maximum} ms`,
    },
  });
  return maximum;
}
