import { compareWithRecording, fitCalibration, type RouteComparison } from '../calibration/calibrationFit';
import type { Calibration } from '../calibration/calibration';
import type { HarRecording } from '../calibration/harRecording';
import type { GatewayModel } from '../model/gateway';
import type { RunOptions } from '../scenario/registry';
import { table } from './textReport';

/*
 * `apigw-sim calibrate <recording.har> <config>`: the fit of the model to a recording of the
 * deployed API, and each route's phases recorded against modelled, before and after. A thin
 * shell over simulator/calibration/.
 */

export interface CalibrateResult {
  calibration: Calibration;
  comparisons: RouteComparison[];
}

/** A recording comes from a browser: the model is run as one unless `--client` says otherwise. */
export function calibrate(model: GatewayModel, recording: HarRecording, options: RunOptions = {}): CalibrateResult {
  const runOptions: RunOptions = { clientProfile: 'browser', ...options };
  const calibration = fitCalibration(model, recording, runOptions);
  return { calibration, comparisons: compareWithRecording(model, recording, calibration, runOptions) };
}

/** The fit as `--json` prints it. */
export function calibrationJson({ calibration }: CalibrateResult): string {
  return JSON.stringify({
    network: { rttMs: calibration.network.rttMs, downlinkMbps: calibration.network.downlinkMbps },
    routes: calibration.routes.map(({ api, route, samples, backendMs }) => ({ api, route, samples, backendMs })),
    unmatched: calibration.unmatched,
  }, null, 2);
}

const PHASE_NAMES: Readonly<Record<string, string>> = { dns: 'DNS Lookup', connect: 'Initial connection', ssl: 'SSL', wait: 'Waiting (TTFB)', receive: 'Content Download' };

function ms(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(1)} ms`;
}

/** The fit and the comparison as text. */
export function formatCalibration({ calibration, comparisons }: CalibrateResult, recording: HarRecording): string {
  const out: string[] = [];
  const reasons = new Map<string, number>();
  for (const { reason } of recording.skipped) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  const skipped = [...reasons].map(([reason, count]) => `${reason}: ${count}`).join(', ');
  out.push(`calibrated from ${calibration.source}: ${calibration.samples} request${calibration.samples === 1 ? '' : 's'} matched to ${calibration.routes.length} route${calibration.routes.length === 1 ? '' : 's'}, ` +
    `${calibration.unmatched} matching no route of the config${recording.skipped.length > 0 ? `, ${recording.skipped.length} left out (${skipped})` : ''}`);
  const { rttMs, downlinkMbps, dnsMs } = calibration.network;
  out.push(`network: round trip ${rttMs === null ? 'not fitted (no recorded request opened a connection)' : ms(rttMs)} · downlink ${downlinkMbps === null ? 'not fitted (no response of 16 kB or more)' : `${downlinkMbps.toFixed(1)} Mbit/s`}` +
    ` · DNS lookup ${dnsMs === null ? 'not fitted (no recorded lookup)' : ms(dnsMs)}`);
  if (calibration.samples === 0) {
    out.push('', 'No recorded request matches a route of the config: check that the recording is of this API (host, stage and paths).');
    return out.join('\n');
  }
  const rows = comparisons.flatMap((comparison) => comparison.phases.map((phase, index) => [
    index === 0 ? `${comparison.api} ${comparison.route}` : '',
    index === 0 ? String(comparison.samples) : '',
    PHASE_NAMES[phase.phase],
    ms(phase.recorded), ms(phase.model), ms(phase.calibrated),
  ]));
  out.push('', table(['route', 'samples', 'phase (median)', 'recorded', 'model', 'calibrated'], rows));
  for (const route of calibration.routes) out.push(`  ${route.api} ${route.route}: backend ${ms(route.backendMs)} (waiting minus a round trip); integration set to ${ms(route.integrationMs)}`);
  return out.join('\n');
}
