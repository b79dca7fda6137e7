import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureFrames } from '../export/capture';
import { encodePcapng } from '../export/pcapng';
import type { Trace } from '../trace/trace';
import type { RealClient } from './clientTarget';
import { compareConnections, type ConnectionComparison } from './connectionComparison';
import { connectionViews, joinViews, type ConnectionView } from './connectionView';
import type { FidelityRow, ModelVariation, RowScenario } from './fidelityRows';
import { measureHarness, type HarnessMeasurement, type HarnessOptions } from './harnessRun';
import { tsharkJson, tsharkJsonAsync, type TsharkLayers, type TsharkOptions } from './tsharkJson';

/*
 * One row of the fidelity table, both ways.
 *
 * Real: the row's route through the harness (harnessRun.ts), on the namespace's fixed ports
 * when bench/fidelity.ts runs it: the row's real client, the delay relay, the stand-in gateway
 * and the capture of both legs.
 *
 * Model: the row's scenario under the same conditions (the stand-in's certificate sizes, the
 * relay's round trip, the capture interface's MTU), exported as pcapng (the wire view for
 * packets and records, the decrypted view for messages) and dissected by the same tshark
 * reader. What the model contributes to the real run is only the gateway's side of AWS's
 * behaviour (statuses, headers, bodies, processing times: see standInGateway.ts).
 */

export interface RealMeasurement extends HarnessMeasurement {
  row: FidelityRow;
}

export interface RowComparison {
  connections: ConnectionComparison[];
  /** Every difference, in words, the connection's number first when there are several. */
  differences: string[];
  /** What a mutation run tells them apart by, one per difference (ConnectionComparison.keys). */
  keys: string[];
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
export async function measureReal(row: FidelityRow, scenario: RowScenario, client: RealClient, options: HarnessOptions = {}): Promise<RealMeasurement> {
  const measurement = await measureHarness({ host: scenario.host, profile: row.profile, tlsVersion: row.tlsVersion, model: (conditions) => scenario.model(conditions) }, { ...options, client });
  return { ...measurement, row };
}

/** The model's trace as a pcapng file in `directory`: the wire view and the decrypted view in one file (one tshark run, not two). */
function writeModelCapture(trace: Trace, directory: string): string {
  const file = join(directory, 'model.pcapng');
  writeFileSync(file, encodePcapng({ application: 'apigw-sim', interfaceName: 'simulated' }, [...captureFrames(trace, 'wire'), ...captureFrames(trace, 'plain')]));
  return file;
}

/** The two views told apart by the server's port, which the export makes 443 in the wire view and 80 in the decrypted one. */
function modelViews(frames: readonly TsharkLayers[]): ConnectionView[] {
  const wire = connectionViews(frames, 443);
  const plain = connectionViews(frames, 80);
  return wire.map((view, index) => joinViews(view, plain[index]));
}

/** The decrypted view's port 80 speaks h2 where the model's connections settled it (its SETTINGS may precede the preface). */
function modelTsharkOptions(trace: Trace): TsharkOptions {
  return trace.events.some((event) => event.kind.startsWith('http.h2_')) ? { http2Ports: [80] } : {};
}

/** The model's TCP connections as tshark reads its pcapng export. */
export function modelConnections(trace: Trace): ConnectionView[] {
  return withDirectory((directory) => modelViews(tsharkJson(writeModelCapture(trace, directory), modelTsharkOptions(trace))));
}

/** modelConnections without holding up the event loop while tshark reads (the extension host's). */
export async function modelConnectionsAsync(trace: Trace, signal?: AbortSignal): Promise<ConnectionView[]> {
  const directory = mkdtempSync(join(tmpdir(), 'apigw-fidelity-'));
  try {
    return modelViews(await tsharkJsonAsync(writeModelCapture(trace, directory), modelTsharkOptions(trace), signal));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The model run of a measured row, with a variation (a mutation) applied. */
export function modelRun(measurement: RealMeasurement, scenario: RowScenario, variation?: ModelVariation): Trace {
  return scenario.model(measurement.conditions, variation);
}

/** `realTimes`: per connection, the real time to first response to compare with instead of the run's own (the median of repeated runs). */
export function compareRow(model: readonly ConnectionView[], real: readonly ConnectionView[], realTimes?: readonly number[]): RowComparison {
  const connections = model.slice(0, real.length).map((view, index) => compareConnections(view, real[index], realTimes?.[index]));
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
