import type { AddressInfo } from 'node:net';
import { nodeServerProfile, type TlsVersion } from '../net/tlsProfiles';
import { PARAMETER_RANGES } from '../parameterRanges';
import type { ScenarioOptions } from '../scenario/topology';
import type { Trace } from '../trace/trace';
import { inRange } from '../validate';
import { makeLiveCertificate, type LiveCertificate } from './certificate';
import { compareTraces, type TraceComparison } from './measurementComparison';
import { DelayRelay } from './delayRelay';
import { GatewayEmulator } from './gatewayEmulator';
import { runHttpClient, runWebSocketClient, type LiveClientOptions } from './liveClient';
import { scriptFromTrace } from './liveScript';
import { throwIfAborted } from './liveError';
import { buildLiveTrace } from './liveTrace';
import { relayLatenessBeforeFirstByte } from './relayLateness';
import { Stopwatch } from './stopwatch';

/*
 * One scenario, for real, on 127.0.0.1: the model's trace under live conditions (node TLS
 * client and server with the throwaway certificate, a round trip of twice the injected
 * delay, loopback bandwidth, no DNS) gives the script; the gateway emulator, the delay
 * relay and a real client play it; the captures become a trace in the same format; the
 * two are compared. Everything opened is closed before the promise settles.
 *
 * An AbortSignal stops the run at any stage: the client's sockets and timers, the relay's
 * delay timers, the emulator's pushes and both servers are closed, then the promise
 * rejects with LIVE_ABORTED. A signal that has already fired opens nothing.
 */

/** How long a run waits, beyond four one-way delays, for both sides' close to cross the relay (ms). */
const CLOSE_WAIT_MS = 2000;

export interface LiveScenario {
  /** Host name the client asks for (SNI, Host) and the certificate names. */
  host: string;
  tlsVersion: TlsVersion;
  /** Injected one-way delay per direction (ms). */
  oneWayMs: number;
  /** The model run of the same scenario under the given conditions. */
  model: (conditions: ScenarioOptions) => Trace;
}

export interface LiveResult {
  model: Trace;
  live: Trace;
  comparison: TraceComparison;
  /** Addresses the emulator and relay listened on (all 127.0.0.1, ephemeral ports). */
  listeners: AddressInfo[];
  /** Sockets the emulator, relay and client still held after closing (0 when all is closed). */
  openSocketsAfterClose: number;
  /** How late the relay's timers were on the path to the first exchange's first byte (ms): the instrument's error. */
  relayLatenessMs: number;
}

export interface LiveRunOptions {
  /** Aborts the run: everything it opened is closed, then it rejects with a LiveError 'LIVE_ABORTED'. */
  signal?: AbortSignal;
}

/** Scenario options that make the model describe what a live run measures. */
export function liveConditions(oneWayMs: number, certificate: LiveCertificate, tlsVersion: TlsVersion): ScenarioOptions {
  const roundTrip = 2 * oneWayMs;
  return {
    tlsVersion, dnsCache: 'hit', clientProfile: 'node', server: nodeServerProfile([certificate.derBytes]),
    // Loopback: no bandwidth limit worth modelling, no jitter, no loss; the relay's delay is the only latency.
    networkOverrides: { clientToRegionRttMs: roundTrip, clientToEdgeRttMs: roundTrip, uplinkMbps: 100_000, downlinkMbps: 100_000, jitterMs: 0, lossRate: 0 },
  };
}

/** Runs `scenario` live on 127.0.0.1 (a throwaway certificate is made when none is given) and compares it with the model. */
export async function runLive(scenario: LiveScenario, certificate?: LiveCertificate, options: LiveRunOptions = {}): Promise<LiveResult> {
  const { signal } = options;
  inRange('oneWayMs', scenario.oneWayMs, PARAMETER_RANGES.liveOneWayMs);
  // Before the certificate: making one takes tens of ms an aborted run should not spend.
  throwIfAborted(signal);
  certificate ??= makeLiveCertificate(scenario.host);
  const model = scenario.model(liveConditions(scenario.oneWayMs, certificate, scenario.tlsVersion));
  const script = scriptFromTrace(model);
  const tlsVersion = scenario.tlsVersion === '1.2' ? 'TLSv1.2' : 'TLSv1.3';
  const stopwatch = new Stopwatch();
  const { emulator, port } = await GatewayEmulator.start(script, certificate, stopwatch, tlsVersion);
  let relay: DelayRelay | undefined;
  let closed = false;
  try {
    // Each listen takes a turn of the event loop, in which the signal may fire.
    throwIfAborted(signal);
    relay = await DelayRelay.start(port, scenario.oneWayMs, stopwatch);
    throwIfAborted(signal);
    const clientOptions: LiveClientOptions = { relayPort: relay.address.port, host: scenario.host, ca: certificate.cert, tlsVersion, oneWayMs: scenario.oneWayMs, stopwatch, signal };
    const origin = stopwatch.now();
    const clients = script.requests.some((planned) => planned.upgrade) ? await runWebSocketClient(script, clientOptions) : await runHttpClient(script, clientOptions);
    // The client is done once it has read the server's close_notify, but the server's FIN is
    // still in the relay for one delay; the trace is built when both sides' close_notify and
    // FIN have crossed it, so what it holds no longer depends on how the event loop was
    // scheduled. A side that never closes bounds the wait: what got through by then is measured.
    await relay.closeSeen(stopwatch.now() + CLOSE_WAIT_MS + 4 * scenario.oneWayMs, signal);
    if (emulator.failure) throw emulator.failure;
    const participant = (id: string) => model.participants.find((candidate) => candidate.id === id)!;
    const live = buildLiveTrace({
      scenario: `live ${model.scenario}`, client: participant('client'), endpoint: participant(script.endpoint.id), oneWayMs: scenario.oneWayMs, origin,
      connections: clients.map((client, index) => ({ client, relay: relay!.connections[index], plaintext: emulator.connections[index] })),
    });
    const listeners = [relay.address, ...emulator.addresses];
    const firstExchange = live.summary.exchanges[0];
    const relayLatenessMs = firstExchange && clients[0] ? relayLatenessBeforeFirstByte(relay.connections[0], clients[0], scenario.oneWayMs, firstExchange.firstByte + origin) : 0;
    const measured = { model, live, comparison: compareTraces(model, live), listeners, relayLatenessMs };
    const openSocketsAfterClose = await closeAll(emulator, relay);
    closed = true;
    // Aborted while closing: the caller asked for no result, and everything is closed.
    throwIfAborted(signal);
    return { ...measured, openSocketsAfterClose };
  } catch (error) {
    if (!closed) await closeAll(emulator, relay);
    throw error;
  }
}

async function closeAll(emulator: GatewayEmulator, relay: DelayRelay | undefined): Promise<number> {
  await Promise.all([emulator.close(), relay?.close()]);
  return emulator.openSockets + (relay?.openSockets ?? 0);
}
