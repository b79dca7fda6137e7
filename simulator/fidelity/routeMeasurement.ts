import type { ConnectionView } from './connectionView';
import { formatTable } from './fidelityTable';
import { compareRow, modelConnectionsAsync, type RowComparison } from './harnessRow';
import { measureHarness, type HarnessMeasurement, type HarnessOptions, type HarnessTarget } from './harnessRun';
import { headlessAlignment } from './headlessUserAgent';
import { liveAborted } from '../live/liveError';

/*
 * One route of a user's config measured through the harness and held against the model: what
 * `apigw-sim live` prints and the panel's Run live shows. The real side is the real client's
 * capture (harnessRun.ts), the model side the same route's trace under the same conditions,
 * both read by tshark and compared per connection, each difference in words (harnessRow.ts
 * compareRow, connectionComparison.ts).
 */

export interface RouteMeasurement {
  target: Pick<HarnessTarget, 'host' | 'profile' | 'tlsVersion'>;
  measurement: HarnessMeasurement;
  /** The model's connections as tshark reads its pcapng export. */
  model: ConnectionView[];
  comparison: RowComparison;
  /** ALPN, TLS version and cipher per connection, in words. */
  negotiated: string;
  /** The instrument's own timing error, in words. */
  instrument: string;
}

/** ALPN, TLS version and cipher per connection, as the stand-in negotiated them, in words. */
export function negotiatedText(measurement: Pick<HarnessMeasurement, 'negotiated'>): string {
  return measurement.negotiated.map((connection) => `${connection.alpn} ${connection.tlsVersion} ${connection.cipher}`).join('; ');
}

/** The instrument's own timing error, in words. */
export function instrumentText(measurement: Pick<HarnessMeasurement, 'lateness'>): string {
  const { relayMedian, relayMax, standInMax, relayOnPath } = measurement.lateness;
  const path = relayOnPath.map((ms) => ms.toFixed(1)).join(', ');
  return `the capture shows the relay passing segments on ${relayMedian.toFixed(1)} ms late (median; max ${relayMax.toFixed(1)}), the stand-in's waits ended up to ${standInMax.toFixed(1)} ms late: both only add to the real time; the relay's lateness on the way to the first response (${path} ms) is taken off it`;
}

export async function measureRoute(target: HarnessTarget, options: HarnessOptions = {}): Promise<RouteMeasurement> {
  const measurement = await measureHarness(target, options);
  // A Cancel while tshark reads the model's capture kills it, and the run ends as cancelled.
  const model = await modelConnectionsAsync(measurement.model, options.signal).catch((error: unknown) => {
    throw options.signal?.aborted ? liveAborted() : error;
  });
  return {
    target: { host: target.host, profile: target.profile, tlsVersion: target.tlsVersion },
    measurement, model, comparison: compareRow(model, measurement.connections),
    negotiated: negotiatedText(measurement), instrument: instrumentText(measurement),
  };
}

/** What the model was told of the real run, in words: headless Chromium's User-Agent before it, the page's close after it. */
export function alignmentNotes(profile: HarnessTarget['profile'], measurement: Pick<HarnessMeasurement, 'aligned'>): string[] {
  const headless = headlessAlignment(profile);
  return [...(headless ? [headless.note] : []), ...measurement.aligned];
}

/** The fidelity table's formatting for one measured route. */
export function formatRouteMeasurement(result: RouteMeasurement, name: string, header: string): string {
  // The model ran with headless Chromium's User-Agent (harnessConditions): said, as npm run fidelity says it.
  const aligned = alignmentNotes(result.target.profile, result.measurement);
  return formatTable([{ name, comparison: result.comparison, negotiated: result.negotiated, instrument: result.instrument, ...(aligned.length > 0 ? { aligned } : {}) }], header);
}
