import { parseArgs } from 'node:util';
import { ConfigError, SimulatorError } from '../errors';
import { CLIENT_PROFILES, type ClientProfileName } from '../fidelity/fidelityRows';
import { formatRouteMeasurement, measureRoute, type RouteMeasurement } from '../fidelity/routeMeasurement';
import { PARAMETER_RANGES } from '../parameterRanges';
import { LiveError } from '../live/liveError';
import { apiHost } from '../model/gateway';
import { runScenario, type RunOptions } from '../scenario/registry';
import { defaultSessionRoute } from '../scenario/websocketApiSession';
import { findApi, findRoute } from '../scenario/routeRequest';
import { joinDashedValues, numericFlag, seedFlag, UsageError, type NumericFlag } from './numericOptions';
import { readConfigWithin } from './configWithin';

/**
 * `apigw-sim live`: one route through the live harness (simulator/fidelity/): a real client
 * (Chromium, curl or Node) talks to a stand-in gateway answering as the model says, through a
 * delay relay, captured on loopback; the capture is held against the model's own of the same
 * route, per connection, every difference in words. A thin shell over simulator/fidelity.
 */

export const LIVE_USAGE = `  apigw-sim live <config> --route KEY            one route for real on 127.0.0.1: a real client (Chromium,
            [--client browser|curl|node]          curl or Node; default node) against a stand-in gateway
            [--api NAME] [--stage NAME]           answering as the model says, through a delay relay,
            [--tls 1.2|1.3] [--delay MS]          captured on lo with dumpcap (root, or the wireshark group),
            [--requests N] [--push-interval MS]   read by tshark: the real connections beside the model's,
            [--json] [--root DIR]                 each difference in words (--root: where files the config names may be read)`;

const OPTIONS = {
  api: { type: 'string' },
  route: { type: 'string' },
  stage: { type: 'string' },
  client: { type: 'string' },
  tls: { type: 'string' },
  delay: { type: 'string' },
  requests: { type: 'string' },
  'push-interval': { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
  root: { type: 'string' },
} as const;

/** What a live run takes: it waits in real time, on real timers (parameterRanges.ts says why each bound). */
const NUMERIC_FLAGS = {
  delay: { range: PARAMETER_RANGES.liveOneWayMs },
  'push-interval': { range: PARAMETER_RANGES.livePushIntervalMs },
  requests: { range: PARAMETER_RANGES.liveRequests },
} as const satisfies Record<string, NumericFlag>;

const DASHED_VALUE_FLAGS: ReadonlySet<string> = new Set([...Object.keys(NUMERIC_FLAGS), 'seed']);

function numberOption(name: keyof typeof NUMERIC_FLAGS, raw: string | undefined, fallback: number): number {
  return raw === undefined ? fallback : numericFlag(name, raw, NUMERIC_FLAGS[name]);
}

/** What --json prints: the route, the client, and the comparison per connection (the model's and the real counts, the differences in words). */
export function liveJson(title: string, result: RouteMeasurement): unknown {
  return {
    route: title, client: result.target.profile, tlsVersion: result.target.tlsVersion, host: result.target.host,
    ports: result.measurement.ports, mtu: result.measurement.mtu, negotiated: result.measurement.negotiated, instrument: result.instrument,
    connections: result.comparison.connections, differences: result.comparison.differences,
  };
}

export async function liveCommand(argv: readonly string[], options: { signal?: AbortSignal; report?: (message: string) => void } = {}): Promise<{ output: string; exitCode: number }> {
  try {
    const { values, positionals } = parseArgs({ args: joinDashedValues(argv, DASHED_VALUE_FLAGS), options: OPTIONS, allowPositionals: true, strict: true });
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('live: missing <config>');
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    const tlsVersion = values.tls ?? '1.3';
    if (tlsVersion !== '1.2' && tlsVersion !== '1.3') throw new UsageError(`--tls: expected 1.2 or 1.3, got ${JSON.stringify(tlsVersion)}`);
    const profile = (values.client ?? 'node') as ClientProfileName;
    if (!CLIENT_PROFILES.includes(profile)) throw new UsageError(`--client: expected one of ${CLIENT_PROFILES.join(', ')}, got ${JSON.stringify(values.client)}`);
    const oneWayMs = numberOption('delay', values.delay, 20);
    const seed = values.seed === undefined ? 1 : seedFlag(values.seed);
    const model = readConfigWithin(file, values.root).model;
    const api = findApi(model, values.api);
    const stage = values.stage ? { stage: values.stage } : {};
    let title: string;
    let routeKey: string;
    let run: RunOptions = { seed, ...stage };
    if (api.type === 'WEBSOCKET') {
      const interval = numberOption('push-interval', values['push-interval'], 200);
      routeKey = values.route ?? defaultSessionRoute(api);
      title = `${api.name} WebSocket session, route ${routeKey}`;
      run = { ...run, closeAfterMs: interval, pushes: [{ afterMs: interval, data: '{"orderId":"o-1001","status":"packed"}' }, { afterMs: interval, data: '{"orderId":"o-1001","status":"shipped","carrier":"DHL"}' }] };
    } else {
      if (!values.route) throw new UsageError(`live: missing --route (one of ${api.routes.map((route) => JSON.stringify(route.key)).join(', ')})`);
      routeKey = findRoute(api, values.route).key;
      const requests = numberOption('requests', values.requests, 1);
      title = `${api.name} ${routeKey} (${requests} request${requests === 1 ? '' : 's'})`;
      run = { ...run, requests };
    }
    const ref = { apiId: api.id, routeKey };
    const scenarioId = api.type === 'WEBSOCKET' ? 'ws-session' : 'request';
    const result = await measureRoute({
      host: apiHost(api), profile, tlsVersion,
      model: (conditions) => runScenario(model, ref, scenarioId, { ...conditions, ...run }).trace,
    }, { oneWayMs, ...(options.signal ? { signal: options.signal } : {}), ...(options.report ? { report: options.report } : {}) });
    if (values.json) return { output: JSON.stringify(liveJson(title, result), null, 2), exitCode: 0 };
    const header = `■ live: ${title}, ${profile} client, TLS ${tlsVersion}, ${oneWayMs} ms one-way delay in a relay on 127.0.0.1, captured on lo (MTU ${result.measurement.mtu}): model vs real`;
    return { output: formatRouteMeasurement(result, `${profile} × ${title} × TLS ${tlsVersion}`, header), exitCode: 0 };
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      return { output: `apigw-sim: ${error.message}\n\nUsage:\n${LIVE_USAGE}`, exitCode: 2 };
    }
    if (error instanceof ConfigError) return { output: error.format(), exitCode: 2 };
    // Interrupted (Ctrl-C): everything the run opened is closed; 130 as shells report SIGINT.
    if (error instanceof LiveError && error.code === 'LIVE_ABORTED') return { output: 'apigw-sim: live run interrupted; every process and socket it opened is closed', exitCode: 130 };
    if (error instanceof LiveError) return { output: `apigw-sim: live run failed [${error.code}]: ${error.message}`, exitCode: 1 };
    if (error instanceof SimulatorError) return { output: `apigw-sim: error [${error.code}]: ${error.message}`, exitCode: 2 };
    throw error;
  }
}
