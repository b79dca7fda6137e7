import { readRegularFile } from '../config/confinedFile';
import { ConfigError, SimulatorError } from '../errors';
import type { Calibration, RouteCalibration } from './calibration';

/*
 * A calibration saved to a file the user names (`apigw-sim calibrate --save`, the editor's
 * "Compare with a HAR Recording…"), and read back by later runs (`--calibration FILE`, the
 * `apigwSim.calibrationFile` setting). JSON with a format marker; read back strictly, since a
 * file can be edited by hand: a value out of place is an error at the file, not a guess.
 */

/** The format marker and version of a calibration file. */
const FORMAT = 'apigw-sim calibration 1';

export function calibrationFileText(calibration: Calibration): string {
  return `${JSON.stringify({ format: FORMAT, ...calibration }, null, 2)}\n`;
}

function nonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function orNull(value: unknown): value is number | null {
  return value === null || (nonNegative(value) && value > 0);
}

/** The calibration in the text of a calibration file, or a ConfigError saying what is wrong. */
export function parseCalibration(text: string, file: string): Calibration {
  const fail = (message: string): never => {
    throw new ConfigError({ file, line: 1, column: 1 }, message, 'INVALID_CONFIG');
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('not a calibration file: not JSON');
  }
  const data = value as Partial<Calibration> & { format?: unknown };
  if (typeof value !== 'object' || value === null || data.format !== FORMAT) return fail(`not a calibration file: it has no "format": "${FORMAT}" (make one with apigw-sim calibrate --save)`);
  const network = data.network;
  if (!network || !orNull(network.rttMs) || !orNull(network.downlinkMbps) || !(network.dnsMs === null || nonNegative(network.dnsMs))) return fail('network.rttMs and network.downlinkMbps must be positive numbers or null, network.dnsMs a number (0 or more) or null');
  if (!Array.isArray(data.routes)) return fail('routes must be a list');
  const routes = data.routes.map((route: Partial<RouteCalibration>, index): RouteCalibration => {
    if (typeof route.api !== 'string' || typeof route.route !== 'string' || !nonNegative(route.samples) || !orNull(route.rttMs) || !nonNegative(route.backendMs) || !nonNegative(route.integrationMs)) {
      return fail(`routes[${index}] needs api and route (text), samples, backendMs and integrationMs (numbers, 0 or more) and rttMs (a positive number or null)`);
    }
    return { api: route.api, route: route.route, samples: route.samples, rttMs: route.rttMs ?? null, backendMs: route.backendMs, integrationMs: route.integrationMs };
  });
  if (typeof data.source !== 'string' || !nonNegative(data.samples) || !nonNegative(data.unmatched) || !nonNegative(data.skipped)) return fail('source (text), samples, unmatched and skipped (numbers) are missing');
  return { source: data.source, samples: data.samples, network: { rttMs: network.rttMs, downlinkMbps: network.downlinkMbps, dnsMs: network.dnsMs }, routes, unmatched: data.unmatched, skipped: data.skipped };
}

export function readCalibrationFile(path: string): Calibration {
  const file = readRegularFile(path, 1024 * 1024);
  if (file.kind === 'refused') throw new SimulatorError('INPUT_UNREADABLE', `--calibration: ${path}: ${file.reason}`);
  return parseCalibration(file.text, path);
}
