import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, SimulatorError } from '../errors';
import { parseFaults } from '../gateway/faults';
import { PARAMETER_RANGES } from '../parameterRanges';
import { apiHost, type Api, type GatewayModel } from '../model/gateway';
import type { ConfigReadResult } from '../config/configFile';
import { formatRoutes, routesReport } from '../config/routesReport';
import { parseJsonTree, plain } from '../config/tree';
import { compareApiTypes } from '../scenario/compare';
import { simulateExampleDemo } from '../scenario/demo';
import { HTTP_VERSIONS, type HttpVersion } from '../net/alpn';
import { EXAMPLES, type ExampleName } from '../scenario/examplePath';
import { simulatePollingVsPush } from '../scenario/pollingVsPush';
import { validateWorkload, workload } from '../scenario/workloads';
import { simulateHttpExchange } from '../scenario/httpExchange';
import { defaultSessionRoute } from '../scenario/websocketApiSession';
import { findApi } from '../scenario/routeRequest';
import { pageApi, pagePlan } from '../scenario/pagePlan';
import { routeLambdaEvent } from '../scenario/routeEvent';
import { isScenarioId, isTraceScenarioId, runLoad, runScenario, scenarioDefinition, SCENARIO_IDS } from '../scenario/registry';
import type { ScenarioOptions } from '../scenario/topology';
import { simulateWebSocketSession, type WebSocketMessage } from '../scenario/websocketSession';
import { exportPcapng, type CaptureView } from '../export/capture';
import { toHar, type HarPageInput } from '../export/har';
import { readHarFile } from '../calibration/harRecording';
import { calibrationFileText, readCalibrationFile } from '../calibration/calibrationFile';
import { calibrate, calibrationJson, formatCalibration } from './calibrate';
import { toMermaid } from '../trace/mermaid';
import { toReport, type ReportMeta } from '../trace/report';
import type { Trace } from '../trace/trace';
import { formatCompare, formatLoad, formatPollingVsPush, formatTrace } from './textReport';
import { LIVE_USAGE, liveCommand } from './live';
import { joinDashedValues, numericFlag, seedFlag, UsageError, type NumericFlag } from './numericOptions';
import { writeOutputFile } from './outputFile';
import { readConfigWithin } from './configWithin';
import { readRegularFile } from '../config/confinedFile';
import { escapeControls } from './terminalText';
import { TemplateFileError, vtlCommand } from './vtl';

/** `apigw-sim`: a thin shell over the simulator library. */

const USAGE = `Usage:
  apigw-sim demo [--example shop|banking] [options]
                                                 a built-in example through API Gateway: the
                                                 e-commerce shop (default) or the core-banking
                                                 REST API (validation, SOAP mapping, VPC link)
  apigw-sim routes <config> [--json]             every API and route a config declares, and findings
  apigw-sim simulate <config> --route KEY        one route of a gateway config
            [--api NAME|ID] [--stage NAME] [--fault NAME]...
            [--scenario ${SCENARIO_IDS.join('|')}]
  apigw-sim simulate <config> --scenario page    a browser loading a page: the API's GET routes at
            [--api NAME|ID] [--http 1.1|2]       once, then a POST (CORS preflight), then a WebSocket
                                                 session, on Chromium's connections, in one trace
  apigw-sim event <config> --route KEY             the exact JSON the route's Lambda function receives,
            [--api NAME|ID] [--stage NAME]       as AWS sends it (compact; --pretty to indent), from
            [--authorizer] [--pretty]            the route's simulated request (--client, --seed);
                                                 --authorizer: its Lambda authorizer's input instead
  apigw-sim compare [<config>] [--workload shop|banking|chat|ticker|gaming|<file.json>]
                                                 REST vs HTTP vs WebSocket for one workload
  apigw-sim request <url> [options]              HTTP(S) requests to a plain origin (protocol only)
  apigw-sim websocket <url> [options]            a WebSocket session with a plain origin (protocol only)
  apigw-sim vtl <template.vtl> --request <request.http> [--context <context.json>] [--response <response.http>]
                                                 a REST mapping template evaluated as API Gateway does
  apigw-sim calibrate <recording.har> <config> [--json] [--save FILE]
                                                 the model fitted to a HAR recording of the deployed API:
                                                 round trip, bandwidth and each route's backend time, and
                                                 each route's phases recorded vs modelled, before and after;
                                                 --save writes the fit, which simulate --calibration FILE uses
${LIVE_USAGE}

Options:
  --tls 1.2|1.3            TLS version (default 1.3)
  --resume                 resume a TLS session from a ticket
  --early-data             TLS 1.3 0-RTT (with --resume)
  --cipher NAME            negotiated suite, e.g. TLS_CHACHA20_POLY1305_SHA256
  --client NAME            client TLS/HTTP profile: node, browser, mobile, curl (default node; demo: browser)
  --http 1.1|2             HTTP version, overriding ALPN (default: browser, mobile and curl offer h2 and
                           API Gateway selects it; node offers none and speaks HTTP/1.1). WebSocket
                           connections always use HTTP/1.1
  --network NAME           broadband | mobile | in-region (default broadband)
  --rtt MS                 client-to-Region round-trip time, overriding the profile
  --loss P                 packet loss probability (0-1)
  --dns hit|resolver|miss  DNS cache state (default resolver)
  --seed N                 random seed (default 1): same seed, same trace
  --format text|json|mermaid|har|pcapng|pcapng-plain   output (default text)
                           har: HAR 1.2 as Chrome DevTools exports it, a page per trace, each request
                           with DevTools' phases as timings (times from 2026-01-01T12:00:00Z)
                           pcapng: the packets as a capture Wireshark/tshark open (TLS payloads are
                           seeded filler); pcapng-plain: the same connections decrypted (TLS removed,
                           server on port 80) so HTTP and WebSocket dissect. Needs --out; one trace only
                           (simulate request|series|ws-session, request, websocket). Frame times are
                           simulated, from 2026-01-01T12:00:00Z; same seed, same file byte for byte
  --layers LIST            only these layers, e.g. http,gateway,backend,ws
  --out FILE               write the output to FILE instead of standard output (--out - : standard
                           output, also for pcapng, but never to a terminal). Never a file the command
                           read (the config, a file it references, the workload), by any path or link
  --root DIR               where the files a config names (\${file()}, DefinitionUri, AWS::Include,
                           file()/templatefile(), linked .tf files) may be read from: by default the
                           config's own folder (a module directory itself); DIR must contain the config.
                           A file outside it, a FIFO, a device or one over 10 MB is a finding, not read
simulate:
  --calibration FILE       use a fit saved by calibrate --save: its round trip, bandwidth, backend times
  --requests N             requests in a row for the series scenario (default 5)
  --no-keep-alive          a new connection per request
  --multiplex N            over HTTP/2: N requests at once, as concurrent streams of one connection
                           (1-128, the gateway's MAX_CONCURRENT_STREAMS); implies --requests N
  --interval MS            time between a response and the next request of a series (default 0)
  --idle-close MS          over HTTP/2: the gateway closes a connection idle this long with GOAWAY; a
                           request after a longer --interval opens a new connection (no default: AWS
                           documents no idle timeout for its front end)
  --origin URL             the browser page's origin (with --client browser; default https://www. plus the
                           API's domain): a cross-origin request gets Chromium's CORS preflight and checks
  --fault NAME             inject a failure (repeatable): route-not-found, waf-blocked, missing-api-key,
                           invalid-api-key, throttled, quota-exceeded, authorizer-deny, authorizer-unauthorized,
                           missing-token, invalid-jwt, invalid-signature, validation-failed, payload-too-large,
                           cold-start, integration-timeout, lambda-error, malformed-proxy-response,
                           connect-rejected, message-too-big, frame-too-big, idle-timeout, max-duration,
                           stale-connection
polling-vs-push:
  --poll-api NAME --poll-route KEY --push-api NAME --poll-interval S --clients N
load:
  --rate RPS --duration S --burst N@S --connections N --pushes N
request:
  --method M  --body TEXT  --response-bytes N  --status N  --chunked  --requests N  --processing MS
websocket:
  --send TEXT  --push TEXT  --interval MS  --frame-size N
`;

const OPTIONS = {
  tls: { type: 'string' },
  resume: { type: 'boolean' },
  'early-data': { type: 'boolean' },
  cipher: { type: 'string' },
  client: { type: 'string' },
  origin: { type: 'string' },
  http: { type: 'string' },
  network: { type: 'string' },
  rtt: { type: 'string' },
  loss: { type: 'string' },
  dns: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  layers: { type: 'string' },
  out: { type: 'string' },
  root: { type: 'string' },
  api: { type: 'string' },
  route: { type: 'string' },
  stage: { type: 'string' },
  scenario: { type: 'string' },
  fault: { type: 'string', multiple: true },
  workload: { type: 'string' },
  example: { type: 'string' },
  'poll-api': { type: 'string' },
  'poll-route': { type: 'string' },
  'push-api': { type: 'string' },
  'poll-interval': { type: 'string' },
  clients: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  burst: { type: 'string' },
  connections: { type: 'string' },
  pushes: { type: 'string' },
  method: { type: 'string' },
  body: { type: 'string' },
  'response-bytes': { type: 'string' },
  status: { type: 'string' },
  chunked: { type: 'boolean' },
  requests: { type: 'string' },
  multiplex: { type: 'string' },
  'idle-close': { type: 'string' },
  'no-keep-alive': { type: 'boolean' },
  processing: { type: 'string' },
  send: { type: 'string', multiple: true },
  push: { type: 'string', multiple: true },
  interval: { type: 'string' },
  'frame-size': { type: 'string' },
  json: { type: 'boolean' },
  pretty: { type: 'boolean' },
  authorizer: { type: 'boolean' },
  request: { type: 'string' },
  context: { type: 'string' },
  response: { type: 'string' },
  save: { type: 'string' },
  calibration: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** The numeric flags, each with the simulator's range for what it feeds. */
const NUMERIC_FLAGS = {
  rtt: { range: PARAMETER_RANGES.roundTripMs },
  loss: { range: PARAMETER_RANGES.lossRate },
  requests: { range: PARAMETER_RANGES.requests },
  multiplex: { range: PARAMETER_RANGES.concurrentStreams },
  'idle-close': { range: PARAMETER_RANGES.idleCloseMs },
  rate: { range: PARAMETER_RANGES.loadRatePerSecond },
  duration: { range: PARAMETER_RANGES.loadDurationSeconds },
  connections: { range: PARAMETER_RANGES.fanOutConnections },
  pushes: { range: PARAMETER_RANGES.fanOutPushes },
  'poll-interval': { range: PARAMETER_RANGES.pollIntervalMs, unit: 's', scale: 1000 },
  clients: { range: PARAMETER_RANGES.concurrentClients },
  'response-bytes': { range: PARAMETER_RANGES.responseBytes },
  status: { range: PARAMETER_RANGES.httpStatus },
  processing: { range: PARAMETER_RANGES.processingMs },
  interval: { range: PARAMETER_RANGES.messageDelayMs },
  'frame-size': { range: PARAMETER_RANGES.frameSize },
} as const satisfies Record<string, NumericFlag>;

/** Flags whose value may start with a dash: the numeric ones, the seed, and --burst's REQUESTS@SECONDS. */
const DASHED_VALUE_FLAGS: ReadonlySet<string> = new Set([...Object.keys(NUMERIC_FLAGS), 'seed', 'burst']);

/** A numeric flag's value in the unit the simulator takes (--poll-interval in ms), checked against its range. */
function numberOption(values: Values, name: keyof typeof NUMERIC_FLAGS): number | undefined {
  const raw = values[name];
  return raw === undefined ? undefined : numericFlag(name, raw, NUMERIC_FLAGS[name]);
}

/** `--burst REQUESTS@SECONDS`, each part in the load's range. */
function burstOption(raw: string | undefined): { requests: number; atSeconds: number } | undefined {
  if (raw === undefined) return undefined;
  const parts = /^([^@]*)@([^@]*)$/.exec(raw);
  if (!parts) throw new UsageError(`--burst: expected REQUESTS@SECONDS, e.g. 5000@10, got ${JSON.stringify(raw)}`);
  return { requests: numericFlag('burst', parts[1], { range: PARAMETER_RANGES.burstRequests }), atSeconds: numericFlag('burst', parts[2], { range: PARAMETER_RANGES.burstAtSeconds }) };
}

function httpVersionFlag(raw: string): HttpVersion {
  const version = HTTP_VERSIONS.find((candidate) => candidate === raw);
  if (!version) throw new UsageError(`--http: expected ${HTTP_VERSIONS.join(' or ')}, got ${JSON.stringify(raw)}`);
  return version;
}

function scenarioOptions(values: Values): ScenarioOptions {
  const seed = values.seed === undefined ? undefined : seedFlag(values.seed);
  const rtt = numberOption(values, 'rtt');
  const loss = numberOption(values, 'loss');
  return {
    ...(seed === undefined ? {} : { seed }),
    ...(values.network ? { network: values.network } : {}),
    networkOverrides: { ...(rtt === undefined ? {} : { clientToRegionRttMs: rtt }), ...(loss === undefined ? {} : { lossRate: loss }) },
    ...(values.dns ? { dnsCache: values.dns as ScenarioOptions['dnsCache'] } : {}),
    ...(values.tls ? { tlsVersion: values.tls as ScenarioOptions['tlsVersion'] } : {}),
    ...(values.resume ? { tlsResumption: 'ticket' as const } : {}),
    ...(values['early-data'] ? { earlyData: true } : {}),
    ...(values.cipher ? { cipherSuite: values.cipher as ScenarioOptions['cipherSuite'] } : {}),
    ...(values.client ? { clientProfile: values.client } : {}),
    ...(values.http !== undefined ? { httpVersion: httpVersionFlag(values.http) } : {}),
  };
}

interface Output {
  output: string;
  exitCode: number;
  /** The failure was unexpected: a bug (internalError). */
  internal?: true;
  /** A binary result (pcapng with `--out -`) for standard output. */
  binary?: Uint8Array;
}

const CAPTURE_FORMATS: Readonly<Record<string, CaptureView>> = { pcapng: 'wire', 'pcapng-plain': 'plain' };

export function run(argv: readonly string[]): Output {
  let parsed;
  try {
    parsed = parseArgs({ args: joinDashedValues(argv, DASHED_VALUE_FLAGS), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { output: `apigw-sim: ${(error as Error).message}\n\n${USAGE}`, exitCode: 2 };
  }
  const { values, positionals } = parsed;
  const [command, argument, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') return { output: USAGE, exitCode: command === undefined && !values.help ? 2 : 0 };
  try {
    // calibrate takes two: the recording and the config.
    if (extra.length > (command === 'calibrate' ? 1 : 0)) throw new UsageError(`unexpected argument ${JSON.stringify(extra[command === 'calibrate' ? 1 : 0])}`);
    const format = values.format ?? 'text';
    const captureView = CAPTURE_FORMATS[format];
    if (format !== 'text' && format !== 'json' && format !== 'mermaid' && format !== 'har' && !captureView) {
      throw new UsageError(`--format: expected text, json, mermaid, har, pcapng or pcapng-plain, got ${JSON.stringify(format)}`);
    }
    if (captureView && !values.out) throw new UsageError(`--format ${format} writes a binary capture: give --out FILE (or --out - for standard output)`);
    const captured: Trace[] = [];
    const harPages: HarPageInput[] = [];
    const layers = values.layers ? new Set(values.layers.split(',').map((layer) => layer.trim())) : undefined;
    const render = (trace: Trace, meta: ReportMeta, title?: string): string => {
      if (captureView) {
        captured.push(trace);
        return '';
      }
      if (format === 'har') {
        harPages.push({ trace, title: (title ?? meta.scenario).replace(/^■ /, '') });
        return '';
      }
      if (format === 'json') return JSON.stringify(toReport(trace, meta), null, 2);
      if (format === 'mermaid') return toMermaid(trace, layers ? { layers } : {});
      const text = formatTrace(trace, { ...(title ? { title } : {}), ...(layers ? { layers } : {}) });
      if (meta.costUsd === undefined) return text;
      const perMillion = (meta.costUsd / Math.max(1, meta.requests)) * 1e6;
      return `${text}\nAPI Gateway cost of this scenario: $${meta.costUsd.toFixed(8)} (first-tier us-east-1 prices; $${perMillion.toFixed(2)} per million of these)`;
    };
    const options = scenarioOptions(values);
    // Every file the command reads, which --out must never overwrite.
    const read: string[] = [];
    const config = (path: string): ConfigReadResult => {
      const result = readConfigWithin(path, values.root);
      read.push(...result.files);
      return result;
    };
    // A calibration file is read, so --out must never overwrite it either.
    if (values.calibration) read.push(values.calibration);
    let output: string;
    switch (command) {
      case 'demo':
      case 'shop': {
        if (argument !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(argument)}`);
        const example = values.example ?? 'shop';
        if (!(EXAMPLES as readonly string[]).includes(example)) throw new UsageError(`--example: expected ${EXAMPLES.join(' or ')}, got ${JSON.stringify(example)}`);
        const flows = simulateExampleDemo(example as ExampleName, options);
        if (format === 'json') {
          output = JSON.stringify(Object.fromEntries(flows.map((flow) => [flow.name, toReport(flow.trace, { scenario: flow.name, route: flow.route, requests: flow.trace.summary.exchanges.length, costUsd: flow.cost.usd })])), null, 2);
        } else {
          output = flows.map((flow) => render(flow.trace, { scenario: flow.name, requests: 1, costUsd: flow.cost.usd }, `■ ${flow.name}: ${flow.description}`)).join('\n\n');
        }
        break;
      }
      case 'simulate':
        output = simulate(argument ? config(argument).model : undefined, values, options, render, format);
        break;
      case 'routes': {
        if (!argument) throw new UsageError('routes: missing <config>');
        const result = config(argument);
        const report = routesReport(result.model, result.findings);
        output = values.json || format === 'json' ? JSON.stringify(report, null, 2) : formatRoutes(report);
        break;
      }
      case 'compare': {
        const model = argument ? config(argument).model : undefined;
        const chosen = values.workload ?? 'shop';
        const spec = chosen.endsWith('.json') ? validateWorkload(readWorkloadFile(chosen, read)) : workload(chosen);
        const result = compareApiTypes(spec, { ...options, ...(model ? { model } : {}) });
        output = format === 'json' ? JSON.stringify(result, null, 2) : formatCompare(result);
        break;
      }
      case 'request':
        output = requestCommand(argument, values, options, render);
        break;
      case 'event':
        output = eventCommand(argument ? config(argument).model : undefined, values, options);
        break;
      case 'websocket': {
        if (!argument) throw new UsageError('websocket: missing <url>');
        const interval = numberOption(values, 'interval') ?? 1000;
        const frameSize = numberOption(values, 'frame-size');
        const messages: WebSocketMessage[] = [
          ...(values.send ?? []).map((data) => ({ from: 'client' as const, data })),
          ...(values.push ?? []).map((data) => ({ from: 'server' as const, data, afterMs: interval })),
        ];
        output = render(simulateWebSocketSession({ ...options, url: argument, messages, ...(frameSize !== undefined ? { frameSize } : {}) }), { scenario: 'websocket', requests: messages.length });
        break;
      }
      case 'calibrate': {
        if (!argument || !extra[0]) throw new UsageError('calibrate: expected <recording.har> <config>');
        const recording = readHarFile(argument);
        read.push(argument);
        const result = calibrate(config(extra[0]).model, recording, options);
        if (values.save) {
          writeOutputFile(values.save, calibrationFileText(result.calibration), read);
          read.push(values.save);
        }
        output = (values.json || format === 'json' ? calibrationJson(result) : formatCalibration(result, recording))
          + (values.save && !(values.json || format === 'json') ? `\n\nsaved the calibration to ${values.save}: simulate --calibration ${values.save} (or the apigwSim.calibrationFile setting) uses it` : '');
        break;
      }
      case 'vtl':
        output = vtlCommand(argument, { ...(values.request ? { request: values.request } : {}), ...(values.context ? { context: values.context } : {}), ...(values.response ? { response: values.response } : {}) }, read);
        break;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
    if (format === 'har') {
      if (harPages.length === 0) throw new UsageError(`--format har exports request traces (demo, simulate, request, websocket); ${command} gives none`);
      output = JSON.stringify(toHar(harPages), null, 2);
    }
    if (captureView) {
      if (captured.length !== 1) {
        throw new UsageError(`--format ${format} exports exactly one trace (simulate request|series|ws-session, request, websocket); this run gives ${captured.length}`);
      }
      const capture = exportPcapng(captured[0], captureView);
      if (values.out === '-') return { output: '', exitCode: 0, binary: capture };
      writeOutputFile(values.out!, capture, read);
      return { output: `wrote ${values.out} (${captureView === 'wire' ? `${captured[0].packets.length} packets as sent` : 'decrypted view, TLS removed'})`, exitCode: 0 };
    }
    if (values.out && values.out !== '-') {
      writeOutputFile(values.out, escapeControls(output.endsWith('\n') ? output : `${output}\n`), read);
      return { output: `wrote ${values.out}`, exitCode: 0 };
    }
    return { output, exitCode: 0 };
  } catch (error) {
    if (error instanceof UsageError) return { output: `apigw-sim: ${error.message}\n\n${USAGE}`, exitCode: 2 };
    if (error instanceof ConfigError || error instanceof TemplateFileError) return { output: error.format(), exitCode: 2 };
    if (error instanceof SimulatorError) return { output: `apigw-sim: error [${error.code}]: ${error.message}`, exitCode: 2 };
    return internalError(error);
  }
}


/**
 * Anything the CLI did not expect is a bug: said so in one paragraph, with what to report,
 * rather than as a stack trace. Tests pin that the bad inputs we know of never get here.
 */
export function internalError(error: unknown): Output {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    output: `apigw-sim: error [INTERNAL]: ${what}\nThis is a bug in apigw-sim, not in your config. Please report it with the command line and, if you can, the config that caused it.`,
    exitCode: 2,
    internal: true,
  };
}

/** A workload file (`--workload file.json`): JSON whose syntax errors have a line and column. */
function readWorkloadFile(path: string, read: string[]): unknown {
  // As a config's references are read: a FIFO or a device named here is refused, not waited on.
  const file = readRegularFile(path);
  if (file.kind === 'refused') throw new SimulatorError('INPUT_UNREADABLE', `--workload: ${path}: ${file.reason}`);
  read.push(path);
  return plain(parseJsonTree(file.text, path));
}

type Render = (trace: Trace, meta: ReportMeta, title?: string) => string;

function simulate(model: GatewayModel | undefined, values: Values, options: ScenarioOptions, render: Render, format: string): string {
  if (!model) throw new UsageError('simulate: missing <config>');
  const scenario = values.scenario ?? 'request';
  if (!isScenarioId(scenario)) throw new UsageError(`--scenario: expected ${SCENARIO_IDS.join(', ')}, got ${JSON.stringify(scenario)}`);
  if (scenario === 'polling-vs-push') {
    // By default, poll the first GET route that reads one resource (`GET /orders/{orderId}`).
    const readRoute = (api: (typeof model.apis)[number]): string | undefined => api.routes.find((route) => /^GET \S*\{/.test(route.key))?.key;
    const pollApi = values['poll-api'] ?? model.apis.find((candidate) => candidate.type !== 'WEBSOCKET' && readRoute(candidate))?.id ?? model.apis.find((candidate) => candidate.type !== 'WEBSOCKET')?.id;
    const pushApi = values['push-api'] ?? model.apis.find((candidate) => candidate.type === 'WEBSOCKET')?.id;
    if (!pollApi || !pushApi) throw new UsageError('polling-vs-push needs a REST or HTTP API to poll and a WebSocket API to push (--poll-api, --push-api)');
    const pollRoute = values['poll-route'] ?? readRoute(findApi(model, pollApi)) ?? findApi(model, pollApi).routes.find((route) => route.key.startsWith('GET '))?.key;
    if (!pollRoute) throw new UsageError(`polling-vs-push: ${pollApi} has no GET route to poll; name one with --poll-route`);
    const interval = numberOption(values, 'poll-interval');
    const clients = numberOption(values, 'clients');
    const result = simulatePollingVsPush({
      ...options, model, pollApi, pollRoute, pushApi,
      ...(interval !== undefined ? { pollIntervalMs: interval } : {}),
      ...(clients !== undefined ? { concurrentClients: clients } : {}),
    });
    if (format === 'json') return JSON.stringify({ polling: { ...result.polling, trace: undefined }, push: { ...result.push, trace: undefined }, breakEvenPollIntervalMs: result.breakEvenPollIntervalMs }, null, 2);
    return formatPollingVsPush(result);
  }
  // A page load needs no --api or --route: by default it reads the first REST or HTTP API's GET routes (pagePlan.ts).
  const api = scenario === 'page' && values.api === undefined ? pageApi(model) : apiOfRoute(model, values.api, values.route);
  const faults = [...parseFaults(values.fault ?? [])];
  if (scenario === 'load') {
    const burst = burstOption(values.burst);
    const connections = numberOption(values, 'connections');
    const routeKey = values.route ?? api.routes[0]?.key ?? '$default';
    const { result } = runLoad(model, { apiId: api.id, routeKey }, {
      ...options,
      ...(values.stage ? { stage: values.stage } : {}),
      ratePerSecond: numberOption(values, 'rate') ?? 1000, durationSeconds: numberOption(values, 'duration') ?? 60,
      ...(burst ? { burst } : {}),
      ...(connections !== undefined ? { fanOut: { connections, pushes: numberOption(values, 'pushes') ?? 3 } } : {}),
    });
    return format === 'json' ? JSON.stringify(result, null, 2) : formatLoad(result);
  }
  // A WebSocket API runs its session whatever the scenario, but a page is loaded from a REST or HTTP API.
  const traceScenario = api.type === 'WEBSOCKET' && scenario !== 'page' ? 'ws-session' : scenario;
  if (!isTraceScenarioId(traceScenario) || !scenarioDefinition(traceScenario).apiTypes.includes(api.type)) {
    throw new UsageError(`--scenario ${scenario} needs a ${scenarioDefinition(scenario).apiTypes.join(' or ')} API; ${api.name} is ${api.type}`);
  }
  // A WebSocket session exercises one route: by default the API's first custom route, else $default.
  const routeKey = values.route ?? (api.type === 'WEBSOCKET' ? defaultSessionRoute(api) : traceScenario === 'page' ? pagePlan(model, api.id).reads[0].route.key : undefined);
  if (!routeKey) throw new UsageError(`simulate: missing --route (one of ${api.routes.map((route) => JSON.stringify(route.key)).join(', ')})`);
  const multiplex = numberOption(values, 'multiplex');
  const given = numberOption(values, 'requests');
  if (multiplex !== undefined && given !== undefined && given !== multiplex) throw new UsageError(`--multiplex ${multiplex} sends ${multiplex} requests; --requests ${given} says otherwise (give one of them)`);
  if (multiplex !== undefined && values['no-keep-alive']) throw new UsageError('--multiplex sends its requests as streams of one connection; --no-keep-alive asks for a connection per request');
  const requests = multiplex ?? given;
  const interval = numberOption(values, 'interval');
  const idleClose = numberOption(values, 'idle-close');
  if (traceScenario === 'page') {
    const ignored = (['multiplex', 'requests', 'interval', 'idle-close'] as const).filter((flag) => values[flag] !== undefined);
    if (ignored.length > 0) throw new UsageError(`--scenario page decides its own requests and connections; ${ignored.map((flag) => `--${flag}`).join(', ')} would do nothing`);
  }
  if (values.http === '1.1' && (multiplex !== undefined || idleClose !== undefined)) throw new UsageError(`${multiplex !== undefined ? '--multiplex' : '--idle-close'} is about HTTP/2 streams and GOAWAY; --http 1.1 has neither`);
  const run = runScenario(model, { apiId: api.id, routeKey }, traceScenario, {
    ...options, faults, keepAlive: !values['no-keep-alive'],
    ...(multiplex !== undefined ? { multiplex: true } : {}),
    ...(interval !== undefined ? { intervalMs: interval } : {}),
    ...(idleClose !== undefined ? { serverIdleCloseMs: idleClose } : {}),
    ...(values.calibration ? { calibration: readCalibrationFile(values.calibration) } : {}),
    ...(requests !== undefined ? { requests } : {}),
    ...(values.stage ? { stage: values.stage } : {}),
    ...(values.body !== undefined ? { requestBody: values.body } : {}),
    ...(values.origin !== undefined ? { origin: values.origin } : {}),
  });
  // The client's own ALPN can still pick HTTP/1.1 (the node profile offers no h2): then the flags had nothing to act on.
  if ((multiplex !== undefined || idleClose !== undefined) && !run.trace.events.some((event) => event.kind.startsWith('http.h2_'))) {
    throw new UsageError(`${multiplex !== undefined ? '--multiplex' : '--idle-close'} needs HTTP/2, and this client spoke HTTP/1.1 (the node profile offers no h2 by ALPN): add --http 2, or --client browser, curl or mobile`);
  }
  const meta: ReportMeta = {
    api: { name: api.name, type: api.type, endpoint: `${api.endpointType} https://${apiHost(api)}` },
    route: routeKey, scenario: traceScenario, requests: api.type === 'WEBSOCKET' ? run.trace.summary.exchanges.length : requests ?? (traceScenario === 'series' ? 5 : 1), costUsd: run.costUsd,
  };
  if (traceScenario === 'page') return render(run.trace, { ...meta, requests: run.trace.summary.exchanges.filter((exchange) => exchange.kind !== 'push').length }, `■ Page load from ${api.name}: ${(run.trace.page?.calls ?? []).join('; ')}`);
  return render(run.trace, meta, api.type === 'WEBSOCKET' ? `■ ${api.name} WebSocket session, route ${routeKey}` : `■ ${api.name} ${routeKey} (${traceScenario})`);
}

/**
 * The API `--api` names; without it, the one API that has the `--route` key (the shop's three APIs
 * each have their own routes, so `--route subscribe` is enough), else findApi's choice or its error.
 */
function apiOfRoute(model: GatewayModel, name: string | undefined, routeKey: string | undefined): Api {
  if (name === undefined && routeKey !== undefined) {
    const owners = model.apis.filter((api) => api.routes.some((route) => route.key === routeKey));
    if (owners.length === 1) return owners[0];
  }
  return findApi(model, name);
}

/**
 * `apigw-sim event`: the bytes of the route's Lambda invoke (or authorizer invoke) hop, as
 * the trace of the same config, route and seed carries them; `--pretty` indents them.
 */
function eventCommand(model: GatewayModel | undefined, values: Values, options: ScenarioOptions): string {
  if (!model) throw new UsageError('event: missing <config>');
  const api = apiOfRoute(model, values.api, values.route);
  if (!values.route) throw new UsageError(`event: missing --route (one of ${api.routes.map((route) => JSON.stringify(route.key)).join(', ')})`);
  const { event } = routeLambdaEvent(model, { apiId: api.id, routeKey: values.route }, {
    ...options, ...(values.stage ? { stage: values.stage } : {}), ...(values.authorizer ? { authorizer: true } : {}),
  });
  return values.pretty ? JSON.stringify(JSON.parse(event), null, 2) : event;
}

function requestCommand(url: string | undefined, values: Values, options: ScenarioOptions, render: Render): string {
  if (!url) throw new UsageError('request: missing <url>');
  const responseBytes = numberOption(values, 'response-bytes');
  const status = numberOption(values, 'status');
  const requests = numberOption(values, 'requests');
  const processing = numberOption(values, 'processing');
  const trace = simulateHttpExchange({
    ...options, url,
    ...(values.method ? { method: values.method } : {}),
    ...(values.body !== undefined ? { requestBody: values.body } : {}),
    ...(responseBytes !== undefined ? { responseBody: responseBytes } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(values.chunked ? { responseFraming: 'chunked' as const } : {}),
    ...(requests !== undefined ? { requests } : {}),
    ...(processing !== undefined ? { serverProcessingMs: processing } : {}),
    keepAlive: !values['no-keep-alive'],
  });
  return render(trace, { scenario: 'request', requests: requests ?? 1 });
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const finish = ({ output, exitCode, binary }: Output): void => {
    if (binary && process.stdout.isTTY) {
      process.stderr.write('apigw-sim: refusing to write a binary capture to a terminal; redirect it or give --out FILE\n');
      process.exitCode = 2;
    } else if (binary) {
      process.stdout.write(binary);
    } else {
      (exitCode === 0 ? process.stdout : process.stderr).write(`${escapeControls(output)}\n`);
      process.exitCode = exitCode;
    }
  };
  // `live` runs real sockets, so it is the one asynchronous command.
  if (argv[0] === 'live') {
    // Ctrl-C aborts the run, which closes its servers and sockets before the process exits.
    // The harness's children run in process groups of their own, so the terminal's SIGINT reaches only this process, which stops them.
    const interrupt = new AbortController();
    process.once('SIGINT', () => interrupt.abort());
    process.once('SIGTERM', () => interrupt.abort());
    // Progress on a terminal only: a pipe or a file gets the result alone.
    const report = process.stderr.isTTY ? (message: string): void => void process.stderr.write(`live: ${message}\n`) : undefined;
    liveCommand(argv.slice(1), { signal: interrupt.signal, ...(report ? { report } : {}) })
      .then(finish, (error: unknown) => finish(error instanceof SimulatorError ? { output: `apigw-sim: error [${error.code}]: ${error.message}`, exitCode: 2 } : internalError(error)))
      .finally(() => {
        process.removeAllListeners('SIGINT');
        process.removeAllListeners('SIGTERM');
      });
  } else {
    finish(run(argv));
  }
}
