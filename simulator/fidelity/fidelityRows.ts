import { DEFAULT_GATEWAY_LATENCY, type GatewayLatencyProfile } from '../gateway/latencyProfile';
import type { BackendBehaviour } from '../gateway/pipeline';
import { apiHost, type GatewayModel } from '../model/gateway';
import { API_GATEWAY_SERVER, clientProfile, type TlsVersion } from '../net/tlsProfiles';
import { findApi, simulateRouteRequest } from '../scenario/routeRequest';
import type { ScenarioOptions } from '../scenario/topology';
import { simulateWebSocketApiSession } from '../scenario/websocketApiSession';
import type { Trace } from '../trace/trace';
import { headlessAlignment } from './headlessUserAgent';

/*
 * The rows of the fidelity table: client profile (the program that plays it) × API type ×
 * TLS version, each a scenario on the shop example run by the model under the conditions of
 * the harness. The WebSocket session sends no ping: a browser's WebSocket API cannot, so the
 * scenario is one every client can play.
 */

export type ClientProfileName = 'browser' | 'curl' | 'node';
export type ApiType = 'REST' | 'HTTP' | 'WebSocket';

export const CLIENT_PROFILES: readonly ClientProfileName[] = ['browser', 'curl', 'node'];
export const API_TYPES: readonly ApiType[] = ['REST', 'HTTP', 'WebSocket'];

export interface FidelityRow {
  profile: ClientProfileName;
  api: ApiType;
  tlsVersion: TlsVersion;
}

/** What a mutation may change in the model run: options the scenarios take. */
export interface ModelVariation {
  backend?: Partial<BackendBehaviour>;
  latency?: Partial<GatewayLatencyProfile>;
}

export interface RowScenario {
  host: string;
  /** The model's trace of the row under `conditions`, with a variation applied. */
  model: (conditions: ScenarioOptions, variation?: ModelVariation) => Trace;
}

/** TLS 1.3 session tickets after a full handshake from node:tls (OpenSSL's default num_tickets). */
export const STAND_IN_TICKETS = 2;

/** One-way delay the relay adds (issue 13: time to first byte within 10% at 20 ms one way). */
export const HARNESS_ONE_WAY_MS = 20;

export function rowName(row: FidelityRow): string {
  return `${row.profile} × ${row.api} × TLS ${row.tlsVersion}`;
}

export function allRows(): FidelityRow[] {
  return CLIENT_PROFILES.flatMap((profile) => API_TYPES.flatMap((api) => (['1.2', '1.3'] as const).map((tlsVersion) => ({ profile, api, tlsVersion }))));
}

/** One row per profile and API type (TLS 1.3): the reduced harness of `npm test`. */
export function reducedRows(): FidelityRow[] {
  return allRows().filter((row) => row.tlsVersion === '1.3');
}

export function rowScenario(model: GatewayModel, api: ApiType): RowScenario {
  const variationOptions = (variation: ModelVariation = {}): { backend?: Partial<BackendBehaviour>; latency?: Partial<GatewayLatencyProfile> } => ({
    ...(variation.backend ? { backend: variation.backend } : {}),
    ...(variation.latency ? { latency: { ...DEFAULT_GATEWAY_LATENCY, ...variation.latency } } : {}),
  });
  if (api === 'WebSocket') {
    const webSocket = findApi(model, 'shop-order-status');
    return {
      host: apiHost(webSocket),
      model: (conditions, variation) => simulateWebSocketApiSession({
        ...conditions, ...variationOptions(variation), model, api: webSocket.id, closeAfterMs: 50, ping: false,
        pushes: [{ afterMs: 40, data: '{"orderId":"o-1001","status":"packed"}' }],
      }),
    };
  }
  const chosen = findApi(model, api === 'REST' ? 'shop-products' : 'shop-orders');
  const route = api === 'REST' ? 'GET /products/{productId}' : 'GET /orders/{orderId}';
  return {
    host: apiHost(chosen),
    model: (conditions, variation) => simulateRouteRequest({ ...conditions, ...variationOptions(variation), model, api: chosen.id, route }),
  };
}

/**
 * The model's conditions for a harness run: the row's client profile and TLS version, the
 * gateway with the stand-in's certificate sizes, a round trip of twice the relay's delay,
 * loopback bandwidth, no jitter or loss, the capture interface's MTU, the name in the cache,
 * the stand-in's ticket count, and headless Chromium's User-Agent for the browser (headlessChromium.ts).
 */
/** The TLS 1.3 ticket node:tls issues (measured: a 266-byte NewSessionTicket record in every harness capture). */
const STAND_IN_TICKET_BYTES = 224;

/**
 * The TLS 1.2 ticket node:tls issues (RFC 5077 §3.3 NewSessionTicket: lifetime 4, length 2, the
 * ticket): OpenSSL seals the session with AES-256-CBC, so it grows in 16-byte steps, and the
 * ALPN protocol the session holds takes it over a step. Measured: a 218-byte NewSessionTicket
 * record (a 208-byte ticket) in the harness's captures of Chromium's TLS 1.2 rows (ALPN h2 or
 * http/1.1), 202 bytes (192) in Node's rows (no ALPN); node:tls's getTLSTicket() on loopback
 * gives 208 with ALPN h2 or http/1.1 and 192 without, whatever the host name's length.
 */
function standInTls12TicketBytes(alpnOffered: boolean): number {
  return alpnOffered ? 208 : 192;
}

/**
 * The stand-in's time from reading the client's Finished to answering it (tlsProfiles.ts
 * finishedComputeMs). node:tls alone answers in 0.15 ms on this machine (a bare tls.createServer
 * on loopback, TLS 1.2 and 1.3 alike); the stand-in, a fresh process per run, first runs its
 * connection handlers (the TLS server's, then http's or http2's, cold), and OpenSSL's answer
 * leaves with what they wrote. Measured on the stand-in's leg of 40 captures of browser and curl,
 * REST, HTTP and WebSocket, both TLS versions, on a quiet machine (the client's Finished to the
 * server's next data segment): 0.70 to 1.2 ms in 36, up to 2.7, median 0.96; 1.75 to 2.2 ms on a
 * busier one. Less the read latency the model adds before it (STAND_IN_READ_LATENCY_MS): 0.84.
 * Each run's model is told that run's time (standInCompute.ts); this is the figure before it.
 * API Gateway's is not observable (the default profile has none: an assumption).
 */
const STAND_IN_FINISHED_COMPUTE_MS = 0.84;

/**
 * The stand-in's `ws` server, answering a client's close: from its close frame to its
 * close_notify on the stand-in's leg (websocketServerClose.ts: the socket is ended in the frame's
 * write callback, a later turn of the event loop). Twelve captures of node × WebSocket, TLS 1.2
 * and 1.3 (a lightly loaded machine): 0.32 to 0.97 ms, median 0.64. Node's `ws` client, which
 * ends its own socket as it reads the echo (0.35 to 0.5 ms later here), so sent its close_notify
 * and FIN before the stand-in's close_notify reached it in 8 of the 12.
 */
const STAND_IN_END_AFTER_CLOSE_FRAME_MS = 0.64;

/**
 * The stand-in's time from a segment reaching its kernel to its read (TcpOptions.serverReadLatencyMs):
 * what arrives meanwhile is read together. The ACK Linux sends as the application reads two small
 * segments (tcp_cleanup_rbuf) shows the read on the stand-in's leg: 68 to 280 µs after the first of
 * them arrived in 12 captures of browser and curl (HTTP/2, both TLS versions), median 121 µs. And
 * what it read together it answered together (http2Client.ts): a client's preface 48 to 102 µs
 * behind its Finished shared the stand-in's answer to the Finished in 13 captures of 13, one 156 µs
 * or more behind it was answered apart in 11 of 11.
 */
const STAND_IN_READ_LATENCY_MS = 0.12;

export function harnessConditions(row: Pick<FidelityRow, 'profile' | 'tlsVersion'>, certificateSizes: readonly number[], mtu: number, oneWayMs = HARNESS_ONE_WAY_MS): ScenarioOptions {
  const roundTrip = 2 * oneWayMs;
  const headless = headlessAlignment(row.profile);
  return {
    clientProfile: row.profile, tlsVersion: row.tlsVersion, dnsCache: 'hit', ...(headless ? { userAgent: headless.userAgent } : {}),
    // Node cannot be told how many TLS 1.3 tickets to issue (OpenSSL's SSL_CTX_set_num_tickets is not exposed): the model's
    // gateway issues as many as the stand-in does, 2, so that the comparison is of the stacks' mechanics, not of a count
    // that is itself an assumption (tlsProfiles.ts: API Gateway's tickets are not published).
    // Their size too: Node's stateless TLS 1.3 ticket is 224 bytes (a 266-byte record: 4 + 4 + 4 + 1 + 8 + 2 + 224 + 2, sealed),
    // where the model assumes 240 for API Gateway's; the stand-in's is what the capture can show.
    // Its TLS 1.2 ticket as well (API Gateway's assumed 192 bytes stays the default, tlsProfiles.ts).
    server: {
      ...API_GATEWAY_SERVER, certificateChain: certificateSizes, ticketsAfterFullHandshake: STAND_IN_TICKETS, ticketLengthTls13: STAND_IN_TICKET_BYTES,
      finishedComputeMs: STAND_IN_FINISHED_COMPUTE_MS, endAfterCloseFrameMs: STAND_IN_END_AFTER_CLOSE_FRAME_MS,
      ticketLengthTls12: standInTls12TicketBytes(clientProfile(row.profile).alpn.length > 0),
    },
    tcp: { serverReadLatencyMs: STAND_IN_READ_LATENCY_MS },
    networkOverrides: { clientToRegionRttMs: roundTrip, clientToEdgeRttMs: roundTrip, uplinkMbps: 100_000, downlinkMbps: 100_000, jitterMs: 0, lossRate: 0, mtu },
  };
}
