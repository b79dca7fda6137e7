import { parseArgs } from 'node:util';
import { ConfigError, SimulatorError } from '../errors';
import { PARAMETER_RANGES } from '../parameterRanges';
import type { TraceComparison } from '../live/measurementComparison';
import { LiveError } from '../live/liveError';
import { makeLiveCertificate } from '../live/certificate';
import { runLive } from '../live/liveRun';
import { apiHost } from '../model/gateway';
import { runScenario, type RunOptions } from '../scenario/registry';
import { defaultSessionRoute } from '../scenario/websocketApiSession';
import { findApi, findRoute } from '../scenario/routeRequest';
import type { ScenarioOptions } from '../scenario/topology';
import type { Trace } from '../trace/trace';
import { joinDashedValues, numericFlag, seedFlag, UsageError, type NumericFlag } from './numericOptions';
import { formatTrace, table } from './textReport';
import { readConfigWithin } from './configWithin';

/** `apigw-sim live`: one route run for real on 127.0.0.1 beside the model; a thin shell over simulator/live. */

export const LIVE_USAGE = `  apigw-sim live <config> --route KEY            one route for real on 127.0.0.1: a local gateway emulator,
            [--api NAME] [--stage NAME]           a real node:https/ws client and an injected one-way delay,
            [--tls 1.2|1.3] [--delay MS]          beside the model, with the differences listed
            [--requests N] [--push-interval MS] [--json]
            [--root DIR]                          where files the config names may be read (default: its folder)`;

const OPTIONS = {
  api: { type: 'string' },
  route: { type: 'string' },
  stage: { type: 'string' },
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

export function formatComparison(comparison: TraceComparison): string {
  const rows = comparison.messages.map((message) => [
    message.ok ? '' : '≠', message.layer, message.direction, message.name.length > 60 ? `${message.name.slice(0, 57)}...` : message.name,
    message.modelBytes === undefined ? '-' : String(message.modelBytes), message.liveBytes === undefined ? '-' : String(message.liveBytes),
  ]);
  const exchanges = comparison.exchanges.map((exchange) => [
    exchange.name, String(exchange.modelRoundTrips), String(exchange.liveRoundTrips), exchange.modelTimeToFirstByteMs.toFixed(1), exchange.liveTimeToFirstByteMs.toFixed(1),
  ]);
  return [
    'Model vs measured (≠: beyond tolerance: HTTP and WebSocket exact, TLS records 2%)',
    table(['', 'layer', 'direction', 'message', 'model B', 'measured B'], rows),
    '',
    table(['exchange', 'model RTs', 'measured RTs', 'model TTFB ms', 'measured TTFB ms'], exchanges),
    '',
    comparison.differences.length === 0 ? 'Differences: none' : `Differences:\n${comparison.differences.map((difference) => `  - ${difference}`).join('\n')}`,
    `Not measured: ${comparison.notMeasured.join('; ')}`,
  ].join('\n');
}


export async function liveCommand(argv: readonly string[], options: { signal?: AbortSignal } = {}): Promise<{ output: string; exitCode: number }> {
  try {
    const { values, positionals } = parseArgs({ args: joinDashedValues(argv, DASHED_VALUE_FLAGS), options: OPTIONS, allowPositionals: true, strict: true });
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('live: missing <config>');
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    const tlsVersion = values.tls ?? '1.3';
    if (tlsVersion !== '1.2' && tlsVersion !== '1.3') throw new UsageError(`--tls: expected 1.2 or 1.3, got ${JSON.stringify(tlsVersion)}`);
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
    const scenario = (conditions: ScenarioOptions): Trace => runScenario(model, ref, scenarioId, { ...conditions, ...run }).trace;
    const live = { host: apiHost(api), tlsVersion, oneWayMs, model: scenario } as const;
    const certificate = makeLiveCertificate(live.host);
    // A fresh process loads and compiles node:tls, https and ws on first use (tens of ms): one untimed run first.
    await runLive(live, certificate, options);
    const result = await runLive(live, certificate, options);
    if (values.json) return { output: JSON.stringify({ live: result.live, model: result.model, comparison: result.comparison }, null, 2), exitCode: 0 };
    return {
      output: [
        formatTrace(result.live, { title: `■ live: ${title}, TLS ${tlsVersion}, ${oneWayMs} ms injected one-way delay on 127.0.0.1 (after one untimed warm-up run)` }),
        '',
        formatComparison(result.comparison),
      ].join('\n'),
      exitCode: 0,
    };
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      return { output: `apigw-sim: ${error.message}\n\nUsage:\n${LIVE_USAGE}`, exitCode: 2 };
    }
    if (error instanceof ConfigError) return { output: error.format(), exitCode: 2 };
    // Interrupted (Ctrl-C): everything the run opened is closed; 130 as shells report SIGINT.
    if (error instanceof LiveError && error.code === 'LIVE_ABORTED') return { output: 'apigw-sim: live run interrupted; every socket it opened is closed', exitCode: 130 };
    if (error instanceof LiveError) return { output: `apigw-sim: live run failed [${error.code}]: ${error.message}`, exitCode: 1 };
    if (error instanceof SimulatorError) return { output: `apigw-sim: error [${error.code}]: ${error.message}`, exitCode: 2 };
    throw error;
  }
}
