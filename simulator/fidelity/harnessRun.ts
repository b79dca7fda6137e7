import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveError, liveAborted } from '../live/liveError';
import { scriptFromTrace } from '../live/liveScript';
import { API_GATEWAY_SERVER, clientProfile, type TlsVersion } from '../net/tlsProfiles';
import type { ScenarioOptions } from '../scenario/topology';
import type { Trace } from '../trace/trace';
import { makeCertificateChain } from './certificateChain';
import { clientComputeAlignment } from './clientCompute';
import { standInComputeAlignment } from './standInCompute';
import { runChromiumClient } from './chromiumClient';
import type { RealClient } from './clientTarget';
import { connectionViews, joinLegs, type ConnectionView } from './connectionView';
import { CURL_HAS_NO_WEBSOCKET, runCurlClient } from './curlClient';
import { harnessConditions, HARNESS_ONE_WAY_MS, type ClientProfileName } from './fidelityRows';
import { toolMissing } from './harnessChild';
import { median } from './median';
import { runNodeClient } from './nodeClient';
import { PacketCapture } from './packetCapture';
import { pageCloseAlignment } from './pageClose';
import { pathLateness, relayLateness } from './relayCrossings';
import { RelayChild } from './relayChild';
import { pathMerges, pathMergesNote } from './relayMerges';
import { StandInGateway } from './standInGateway';
import { tsharkJsonAsync } from './tsharkJson';

/*
 * One measured run of the harness, for any route: the stand-in gateway, the delay relay (a
 * process of its own) in front of it, a capture of both on the loopback interface, and a real
 * client (Chromium, curl or Node) talking to the API's host name. The capture is decrypted with
 * the stand-in's key log and dissected by tshark; each sender is read on its own leg (joinLegs).
 *
 *   client ──lo:relay──▶ relay (+20 ms each way by default) ──lo:stand-in──▶ stand-in gateway
 *
 * Ports: in the harness's network namespace (`npm run fidelity`, root) the relay is on 443 and
 * the stand-in on 8443, as before; anywhere else both take a port the kernel picks on
 * 127.0.0.1, and the clients are pointed at the relay's port while their URLs, Host headers and
 * SNI stay the API's own on 443, so a user with dumpcap's capture right runs it without root.
 * Everything listens on 127.0.0.1 only.
 *
 * A run races a time limit and an AbortSignal: on either, or on any failure, everything it
 * opened (the client, the capture, the relay process, the stand-in, the temporary folder) is
 * closed before the promise rejects (LIVE_TIME_LIMIT, LIVE_ABORTED or the failure).
 */

/** Runs kept so far (APIGW_FIDELITY_KEEP), for their file names. */
let keptRuns = 0;

/** The namespace's fixed ports (bench/fidelity.ts). */
export const NAMESPACE_PORTS = { relay: 443, gateway: 8443 } as const;
const IPV4_MAX_PACKET = 65_535;
/** How long a run waits, beyond four one-way delays, for both sides' close to cross the relay (ms). */
const CLOSE_WAIT_MS = 300;
/** A run's time limit unless the caller gives one (ms): Chromium's start is the slowest part, a few seconds. */
export const DEFAULT_TIME_LIMIT_MS = 60_000;
/** How long closing may take after an abort before the run gives up waiting for a client (ms). */
const CLIENT_SETTLE_MS = 5000;

export const CLIENTS: Readonly<Record<ClientProfileName, RealClient>> = { browser: runChromiumClient, curl: runCurlClient, node: runNodeClient };

export interface HarnessTarget {
  /** The API's host name (URL, Host, SNI, the certificate's name). */
  host: string;
  profile: ClientProfileName;
  tlsVersion: TlsVersion;
  /** The model's trace of the route under the harness's conditions (the client plays its requests, the stand-in its responses). */
  model: (conditions: ScenarioOptions) => Trace;
}

export interface HarnessOptions {
  /** 'namespace': the fixed ports 443 and 8443 (in a network namespace of the harness's own); 'ephemeral' (default): ports the kernel picks. */
  ports?: 'namespace' | 'ephemeral';
  signal?: AbortSignal;
  timeLimitMs?: number;
  /** Another program to play the profile's part (tests). */
  client?: RealClient;
  /** The relay's one-way delay (ms); HARNESS_ONE_WAY_MS unless given. */
  oneWayMs?: number;
  /** Progress in words, for a CLI's stderr or a notification. */
  report?: (message: string) => void;
}

export interface HarnessMeasurement {
  /**
   * The conditions the model ran under: the profile, TLS version, the stand-in's certificate sizes, the relay's round trip,
   * the interface's MTU, and what this run's programs did with their time: when a browser's page closed the connection
   * (pageClose.ts), the client's compute and first writes (clientCompute.ts), the stand-in's answer to the Finished
   * (standInCompute.ts), where the relay joined segments (relayMerges.ts).
   */
  conditions: ScenarioOptions;
  /** The model's trace under those conditions (the stand-in answered with the unaligned model's responses: the same ones). */
  model: Trace;
  connections: ConnectionView[];
  /** ALPN, TLS version and cipher of each connection, as the stand-in negotiated them. */
  negotiated: StandInGateway['negotiated'];
  certificateSizes: number[];
  /** The instrument's own timing error (ms): how late the relay passed segments on (from the capture), how late the stand-in's waits ended. */
  lateness: { relayMedian: number; relayMax: number; standInMax: number; relayOnPath: number[] };
  /** Where it listened: the relay's and the stand-in's ports on 127.0.0.1. */
  ports: { relay: number; gateway: number };
  /** The capture interface's MTU. */
  mtu: number;
  /** What the model was told of the real run after it (when the page closed), in words. */
  aligned: string[];
}

/** The MTU of the capture interface: the model's segments are cut to it. Read with `ip` (a new network namespace keeps the host's /sys). */
export async function interfaceMtu(name = 'lo'): Promise<number> {
  // Asynchronous: a live run from the extension host must not block it on a child process.
  const output = await new Promise<string>((resolve, reject) => {
    execFile('ip', ['-o', 'link', 'show', name], { encoding: 'utf8' }, (error, stdout) => {
      if (!error) return resolve(stdout);
      reject((error as NodeJS.ErrnoException).code === 'ENOENT' ? toolMissing('ip') : error);
    });
  });
  const match = /\bmtu (\d+)/.exec(output);
  if (!match) throw new LiveError('LIVE_HARNESS_FAILED', `no MTU for ${name} in \`ip link show\``);
  return Number(match[1]);
}

/** `work`, or the signal's reason as soon as it fires; a rejection of `work` after that is handled (the run is being torn down). */
function until<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * `until` for something that opens a resource: when the signal wins the race, the resource the
 * work opens afterwards is closed as soon as it is there (nobody else holds it).
 */
function opened<T>(work: Promise<T>, signal: AbortSignal, close: (value: T) => Promise<void>, closing: Promise<void>[]): Promise<T> {
  // Aborted before the work finished: `until` has rejected, so the caller never gets the value (an abort cannot come between the two callbacks: both run in one microtask checkpoint).
  // The run waits for these closes too before it settles.
  closing.push(work.then((value) => (signal.aborted ? close(value) : undefined), () => undefined).catch(() => undefined));
  return until(work, signal);
}

/** Resolves after `ms`; `unref`: a wait that must not keep the process alive on its own. */
function pause(ms: number, unref = false): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (unref) timer.unref();
  });
}

/** Runs the target's route for real through the harness and returns the captured connections beside the model's trace. */
export async function measureHarness(target: HarnessTarget, options: HarnessOptions = {}): Promise<HarnessMeasurement> {
  if (options.signal?.aborted) throw liveAborted();
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const report = options.report ?? ((): void => undefined);
  const fixed = options.ports === 'namespace';
  const oneWayMs = options.oneWayMs ?? HARNESS_ONE_WAY_MS;
  // What opens nothing comes first: a failure here leaves no timer or listener behind.
  const chain = await makeCertificateChain(target.host, API_GATEWAY_SERVER.certificateChain);
  // Linux's lo says 65536, but no IPv4 packet is longer than 65535 bytes (RFC 791 §3.1: Total Length is 16 bits), the model's bound too.
  const mtu = Math.min(await interfaceMtu(), IPV4_MAX_PACKET);
  const conditions = harnessConditions(target, chain.derBytes, mtu, oneWayMs);
  const model = target.model(conditions);
  const script = scriptFromTrace(model);
  if (target.profile === 'curl' && script.requests.some((planned) => planned.upgrade)) throw new LiveError('LIVE_UNPLAYABLE', `curl cannot play a WebSocket route: ${CURL_HAS_NO_WEBSOCKET}`);
  const client = options.client ?? CLIENTS[target.profile];
  if (options.signal?.aborted) throw liveAborted();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(liveAborted());
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const limit = setTimeout(() => controller.abort(new LiveError('LIVE_TIME_LIMIT', `the live run took longer than its time limit of ${timeLimitMs / 1000} s; everything it opened is closed`)), timeLimitMs);
  const signal = controller.signal;
  const directory = mkdtempSync(join(tmpdir(), 'apigw-fidelity-'));
  let gateway: StandInGateway | undefined;
  let relay: RelayChild | undefined;
  let capture: PacketCapture | undefined;
  let playing: Promise<void> | undefined;
  let closeFailure: unknown;
  let result: HarnessMeasurement;
  /** What an abort caught still opening (opened()), closed once it is open. */
  const closing: Promise<void>[] = [];
  try {
    const keylogFile = join(directory, 'keys.log');
    writeFileSync(keylogFile, '');
    const captureFile = join(directory, 'real.pcapng');
    report('starting the stand-in gateway and the delay relay');
    gateway = await opened(StandInGateway.start({ script, chain, maxVersion: target.tlsVersion === '1.2' ? 'TLSv1.2' : 'TLSv1.3', keylogFile, port: fixed ? NAMESPACE_PORTS.gateway : 0 }), signal, (started) => started.close(), closing);
    relay = await opened(RelayChild.start(gateway.port, oneWayMs, fixed ? NAMESPACE_PORTS.relay : 0), signal, (started) => started.stop(), closing);
    const ports = { relay: relay.port, gateway: gateway.port };
    report('starting the capture');
    capture = await opened(PacketCapture.start(captureFile, [ports.relay, ports.gateway], { probePort: ports.relay, maxSeconds: timeLimitMs / 1000 + 30 }), signal, (started) => started.close(), closing);
    report(`${target.profile} client playing the route`);
    playing = client({ host: target.host, relayPort: ports.relay, tlsVersion: target.tlsVersion, script, signal, maxSeconds: Math.ceil(timeLimitMs / 1000) });
    await until(playing, signal);
    // The client has closed; its FIN, the stand-in's answer and the last ACKs cross the relay within two delays each way.
    await until(pause(CLOSE_WAIT_MS + 4 * oneWayMs), signal);
    report('reading the capture');
    await until(capture.stop(), signal);
    if (gateway.failure) throw gateway.failure;
    // For a closer look in Wireshark: the capture and its key log are kept where the variable says.
    if (process.env.APIGW_FIDELITY_KEEP) {
      // One pair a run, numbered in this process's order: a row's repeated runs each keep theirs.
      const kept = `run-${++keptRuns}-${target.profile}-tls${target.tlsVersion}`;
      cpSync(captureFile, join(process.env.APIGW_FIDELITY_KEEP, `${kept}.pcapng`));
      cpSync(keylogFile, join(process.env.APIGW_FIDELITY_KEEP, `${kept}.keys.log`));
    }
    const frames = await until(tsharkJsonAsync(captureFile, { keylogFile, tlsPorts: [ports.relay, ports.gateway] }, signal), signal);
    const clientLegs = connectionViews(frames, ports.relay);
    const serverLegs = connectionViews(frames, ports.gateway);
    // The relay opens its leg to the stand-in as it accepts the client's: the n-th of each is one connection.
    const connections = clientLegs.map((leg, index) => (serverLegs[index] ? { ...joinLegs(leg, serverLegs[index]), relayLatenessOnPathMs: pathLateness(leg, serverLegs[index], oneWayMs) } : leg));
    const crossings = clientLegs.flatMap((leg, index) => (serverLegs[index] ? relayLateness(leg, serverLegs[index], oneWayMs) : []));
    const lateness = {
      relayMedian: median(crossings), relayMax: Math.max(0, ...crossings), standInMax: Math.max(0, ...gateway.timerLatenessMs),
      relayOnPath: connections.map((connection) => connection.relayLatenessOnPathMs ?? 0),
    };
    // The model's browser closes when the real page did (pageClose.ts); its browser and curl take as long over their
    // handshakes, and make their first writes as the stand-in received the real ones (clientCompute.ts); its stand-in
    // answers the Finished as late as the real one did (standInCompute.ts); and it is run again so.
    const pageClose = pageCloseAlignment(target.profile, script.requests.some((planned) => planned.upgrade), clientLegs);
    const profile = clientProfile(target.profile);
    const compute = clientComputeAlignment(
      target.profile, { computeMs: profile.serverFlightComputeMs?.full ?? 0, writeGapsMs: profile.firstWriteGapsMs ?? [] }, clientLegs, serverLegs,
      target.tlsVersion === '1.3' || profile.falseStart,
    );
    const server = conditions.server ?? API_GATEWAY_SERVER;
    const standIn = standInComputeAlignment(serverLegs, { finishedComputeMs: server.finishedComputeMs ?? 0, readLatencyMs: conditions.tcp?.serverReadLatencyMs ?? 0 });
    const merges = clientLegs.map((leg, index) => (serverLegs[index] ? pathMerges(leg, serverLegs[index]) : { client: [], server: [] }));
    const aligned: ScenarioOptions = {
      ...conditions, ...(pageClose ? { clientCloseDelayMs: pageClose.delayMs } : {}),
      ...(compute ? { clientComputeMs: compute.computeMs, ...(compute.writeGapsMs ? { clientWriteGapsMs: compute.writeGapsMs } : {}) } : {}),
      ...(standIn ? { server: { ...server, finishedComputeMs: standIn.finishedComputeMs } } : {}),
      mergedOnPath: merges,
    };
    const notes = [pageClose?.note, compute?.note, standIn?.note, pathMergesNote(merges[0])].filter((note): note is string => note !== undefined);
    result = {
      conditions: aligned, model: target.model(aligned), connections, negotiated: gateway.negotiated, certificateSizes: chain.derBytes, lateness, ports, mtu,
      aligned: notes,
    };
  } finally {
    clearTimeout(limit);
    options.signal?.removeEventListener('abort', onAbort);
    // Whatever happened: the client stops (an aborted signal tells it to), and each of the others is closed whatever the rest do.
    if (!signal.aborted) controller.abort(liveAborted());
    const closed = await Promise.allSettled([
      playing ? Promise.race([playing, pause(CLIENT_SETTLE_MS, true)]) : undefined,
      capture?.close(), relay?.stop(), gateway?.close(), ...closing,
    ]);
    rmSync(directory, { recursive: true, force: true });
    closeFailure = closed.slice(1).find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')?.reason;
  }
  // Reached only when the run itself succeeded: a close that failed then is the run's failure (thrown here, not from the finally block).
  if (closeFailure !== undefined) throw closeFailure;
  return result;
}
