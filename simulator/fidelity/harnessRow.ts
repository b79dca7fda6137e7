import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureFrames } from '../export/capture';
import { encodePcapng } from '../export/pcapng';
import { median } from '../live/fidelityReport';
import { scriptFromTrace } from '../live/liveScript';
import { API_GATEWAY_SERVER } from '../net/tlsProfiles';
import type { ScenarioOptions } from '../scenario/topology';
import type { Trace } from '../trace/trace';
import { makeCertificateChain } from './certificateChain';
import type { RealClient } from './clientTarget';
import { compareConnections, type ConnectionComparison } from './connectionComparison';
import { connectionViews, joinLegs, joinViews, type ConnectionView } from './connectionView';
import { harnessConditions, HARNESS_ONE_WAY_MS, type FidelityRow, type ModelVariation, type RowScenario } from './fidelityRows';
import { PacketCapture } from './packetCapture';
import { relayLateness } from './relayCrossings';
import { StandInGateway } from './standInGateway';
import { tsharkJson } from './tsharkJson';

/*
 * One row of the fidelity table, both ways.
 *
 * Real: the stand-in gateway on 127.0.0.1:8443, the delay relay (a process of its own, at a
 * higher priority) on :443 in front of it, a
 * capture of both ports on the loopback interface, and the row's real client talking to
 * the API's host name (pinned to 127.0.0.1). The capture is decrypted with the stand-in's key
 * log and dissected by tshark; each sender is read on its own leg (joinLegs).
 *
 *   client ──lo:443──▶ relay (+20 ms each way) ──lo:8443──▶ stand-in gateway
 *
 * Model: the row's scenario under the same conditions (the stand-in's certificate sizes, the
 * relay's round trip, the capture interface's MTU), exported as pcapng (the wire view for
 * packets and records, the decrypted view for messages) and dissected by the same tshark
 * reader. What the model contributes to the real run is only the gateway's side of AWS's
 * behaviour (statuses, headers, bodies, processing times: see standInGateway.ts).
 */

export const RELAY_PORT = 443;
export const GATEWAY_PORT = 8443;
/** How long a run waits, beyond four one-way delays, for both sides' close to cross the relay (ms). */
const CLOSE_WAIT_MS = 300;
/** The relay's scheduling priority (nice value; negative needs root, which the namespace does too). */
const RELAY_PRIORITY = -10;

/** The delay relay as a child process (relayProcess.ts) at RELAY_PRIORITY, once it listens. */
async function startRelay(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'relayProcess.js'), String(GATEWAY_PORT), String(HARNESS_ONE_WAY_MS), String(RELAY_PORT)], { stdio: ['pipe', 'pipe', 'inherit'] });
  setPriority(child.pid!, RELAY_PRIORITY);
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the delay relay exited (${code}) before listening`)));
    child.stdout!.once('data', () => resolve());
  });
  return child;
}

async function stopRelay(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin!.end();
  await exited;
}

export interface RealMeasurement {
  row: FidelityRow;
  conditions: ScenarioOptions;
  connections: ConnectionView[];
  /** ALPN, TLS version and cipher of each connection, as the stand-in negotiated them. */
  negotiated: StandInGateway['negotiated'];
  certificateSizes: number[];
  /** The instrument's own timing error (ms): how late the relay passed segments on (from the capture), how late the stand-in's waits ended. */
  lateness: { relayMedian: number; relayMax: number; standInMax: number };
}

export interface RowComparison {
  connections: ConnectionComparison[];
  /** Every difference, in words, the connection's number first when there are several. */
  differences: string[];
  /** What a mutation run tells them apart by, one per difference (ConnectionComparison.keys). */
  keys: string[];
}

/** The MTU of the capture interface: the model's segments are cut to it. Read with `ip` (a new network namespace keeps the host's /sys). */
export function interfaceMtu(name = 'lo'): number {
  const match = /\bmtu (\d+)/.exec(execFileSync('ip', ['-o', 'link', 'show', name], { encoding: 'utf8' }));
  if (!match) throw new Error(`no MTU for ${name} in \`ip link show\``);
  return Number(match[1]);
}

function withDirectory<T>(body: (directory: string) => T): T {
  const directory = mkdtempSync(join(tmpdir(), 'apigw-fidelity-'));
  try {
    return body(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Runs the row for real and returns the captured connections. */
export async function measureReal(row: FidelityRow, scenario: RowScenario, client: RealClient): Promise<RealMeasurement> {
  const chain = makeCertificateChain(scenario.host, API_GATEWAY_SERVER.certificateChain);
  const conditions = harnessConditions(row, chain.derBytes, interfaceMtu());
  const script = scriptFromTrace(scenario.model(conditions));
  const directory = mkdtempSync(join(tmpdir(), 'apigw-fidelity-'));
  try {
    const keylogFile = join(directory, 'keys.log');
    writeFileSync(keylogFile, '');
    const captureFile = join(directory, 'real.pcapng');
    const gateway = await StandInGateway.start({ script, chain, maxVersion: row.tlsVersion === '1.2' ? 'TLSv1.2' : 'TLSv1.3', keylogFile, port: GATEWAY_PORT });
    let relay: ChildProcess | undefined;
    let capture: PacketCapture | undefined;
    let closed: PromiseSettledResult<unknown>[] = [];
    try {
      relay = await startRelay();
      capture = await PacketCapture.start(captureFile, [RELAY_PORT, GATEWAY_PORT]);
      await client({ host: scenario.host, port: RELAY_PORT, tlsVersion: row.tlsVersion, script });
      // The client has closed; its FIN, the stand-in's answer and the last ACKs cross the relay within two delays each way.
      await new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS + 4 * HARNESS_ONE_WAY_MS));
    } finally {
      // Each is closed whatever the others do: a capture that failed to stop must not leave the relay or the stand-in listening.
      closed = await Promise.allSettled([capture?.stop(), stopRelay(relay), gateway.close()]);
    }
    const failed = closed.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    if (gateway.failure) throw gateway.failure;
    // For a closer look in Wireshark: the capture and its key log are kept where the variable says.
    if (process.env.APIGW_FIDELITY_KEEP) {
      cpSync(captureFile, join(process.env.APIGW_FIDELITY_KEEP, 'real.pcapng'));
      cpSync(keylogFile, join(process.env.APIGW_FIDELITY_KEEP, 'keys.log'));
    }
    const frames = tsharkJson(captureFile, { keylogFile, tlsPorts: [GATEWAY_PORT] });
    const clientLegs = connectionViews(frames, RELAY_PORT);
    const serverLegs = connectionViews(frames, GATEWAY_PORT);
    // The relay opens its leg to the stand-in as it accepts the client's: the n-th of each is one connection.
    const connections = clientLegs.map((leg, index) => (serverLegs[index] ? joinLegs(leg, serverLegs[index]) : leg));
    const crossings = clientLegs.flatMap((leg, index) => (serverLegs[index] ? relayLateness(leg, serverLegs[index], HARNESS_ONE_WAY_MS) : []));
    const lateness = { relayMedian: median(crossings), relayMax: Math.max(0, ...crossings), standInMax: Math.max(0, ...gateway.timerLatenessMs) };
    return { row, conditions, connections, negotiated: gateway.negotiated, certificateSizes: chain.derBytes, lateness };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * The model's TCP connections as tshark reads its pcapng export: the wire view and the
 * decrypted view in one file (one tshark run, not two), told apart by the server's port, which
 * the export makes 443 in the wire view and 80 in the decrypted one.
 */
export function modelConnections(trace: Trace): ConnectionView[] {
  return withDirectory((directory) => {
    const file = join(directory, 'model.pcapng');
    writeFileSync(file, encodePcapng({ application: 'apigw-sim', interfaceName: 'simulated' }, [...captureFrames(trace, 'wire'), ...captureFrames(trace, 'plain')]));
    // The decrypted view's port 80 speaks h2 where the model's connections settled it (its SETTINGS may precede the preface).
    const h2 = trace.events.some((event) => event.kind.startsWith('http.h2_'));
    const frames = tsharkJson(file, h2 ? { http2Ports: [80] } : {});
    const wire = connectionViews(frames, 443);
    const plain = connectionViews(frames, 80);
    return wire.map((view, index) => joinViews(view, plain[index]));
  });
}

/** The model run of a measured row, with a variation (a mutation) applied. */
export function modelRun(measurement: RealMeasurement, scenario: RowScenario, variation?: ModelVariation): Trace {
  return scenario.model(measurement.conditions, variation);
}

export function compareRow(model: readonly ConnectionView[], real: readonly ConnectionView[]): RowComparison {
  const connections = model.slice(0, real.length).map((view, index) => compareConnections(view, real[index]));
  const several = Math.max(model.length, real.length) > 1;
  const numbered = (texts: readonly string[], index: number): string[] => texts.map((text) => (several ? `connection ${index + 1}: ${text}` : text));
  const differences = connections.flatMap((comparison, index) => numbered(comparison.differences, index));
  const keys = connections.flatMap((comparison, index) => numbered(comparison.keys, index));
  if (model.length !== real.length) {
    const count = `connections: model ${model.length}, real ${real.length}`;
    differences.unshift(count);
    keys.unshift(count);
  }
  return { connections, differences, keys };
}
