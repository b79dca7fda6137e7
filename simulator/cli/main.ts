import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SimulatorError } from '../errors';
import { simulateHttpExchange } from '../scenario/httpExchange';
import { simulateShop } from '../scenario/shop';
import type { ScenarioOptions } from '../scenario/topology';
import { simulateWebSocketSession, type WebSocketMessage } from '../scenario/websocketSession';
import type { Trace } from '../trace/trace';
import { formatTrace } from './format';

/** `apigw-sim`: a thin shell over the simulator library. */

const USAGE = `Usage:
  apigw-sim shop [options]                 the built-in e-commerce shop: product, order, order status
  apigw-sim request <url> [options]        one or more HTTP(S) requests
  apigw-sim websocket <url> [options]      a WebSocket session

Options:
  --tls 1.2|1.3            TLS version for https/wss (default 1.3)
  --resume                 resume a TLS session from a ticket
  --early-data             TLS 1.3 0-RTT (with --resume)
  --cipher NAME            negotiated suite, e.g. TLS_CHACHA20_POLY1305_SHA256
  --client node|browser    client TLS/HTTP profile (default node; shop: browser)
  --network NAME           broadband | mobile | in-region (default broadband)
  --rtt MS                 client-to-Region round-trip time, overriding the profile
  --loss P                 packet loss probability (0-1)
  --dns hit|resolver|miss  DNS cache state (default resolver)
  --seed N                 random seed (default 1): same seed, same trace
  --format text|json       output (default text)
  --layers LIST            text output: only these layers, e.g. tls,http,ws
request:
  --method M  --body TEXT  --response-bytes N  --status N  --chunked
  --requests N             requests in a row (default 1)
  --no-keep-alive          a new connection per request
  --processing MS          server time per request (default 0)
websocket:
  --send TEXT              a client message (repeatable)
  --push TEXT              a server push (repeatable), sent --interval MS apart
  --interval MS            delay between messages (default 1000)
  --frame-size N           fragment messages into frames of at most N bytes
`;

const OPTIONS = {
  tls: { type: 'string' },
  resume: { type: 'boolean' },
  'early-data': { type: 'boolean' },
  cipher: { type: 'string' },
  client: { type: 'string' },
  network: { type: 'string' },
  rtt: { type: 'string' },
  loss: { type: 'string' },
  dns: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  layers: { type: 'string' },
  method: { type: 'string' },
  body: { type: 'string' },
  'response-bytes': { type: 'string' },
  status: { type: 'string' },
  chunked: { type: 'boolean' },
  requests: { type: 'string' },
  'no-keep-alive': { type: 'boolean' },
  processing: { type: 'string' },
  send: { type: 'string', multiple: true },
  push: { type: 'string', multiple: true },
  interval: { type: 'string' },
  'frame-size': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** A numeric option: the string must be a number, else the error names the option. */
function numberOption(values: Values, name: keyof Values): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) throw new CliError(`--${name}: expected a number, got ${JSON.stringify(raw)}`);
  return value;
}

class CliError extends Error {}

function scenarioOptions(values: Values): ScenarioOptions {
  const seed = values.seed === undefined ? undefined : /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
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
  };
}

export function run(argv: readonly string[]): { output: string; exitCode: number } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { output: `apigw-sim: ${(error as Error).message}\n\n${USAGE}`, exitCode: 2 };
  }
  const { values, positionals } = parsed;
  const [command, url, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') return { output: USAGE, exitCode: command === undefined && !values.help ? 2 : 0 };
  try {
    if (extra.length > 0) throw new CliError(`unexpected argument ${JSON.stringify(extra[0])}`);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new CliError(`--format: expected text or json, got ${JSON.stringify(format)}`);
    const layers = values.layers ? new Set(values.layers.split(',').map((layer) => layer.trim())) : undefined;
    const render = (trace: Trace, title?: string): string =>
      format === 'json' ? JSON.stringify(trace, null, 2) : formatTrace(trace, { ...(title ? { title } : {}), ...(layers ? { layers } : {}) });
    const options = scenarioOptions(values);
    switch (command) {
      case 'shop': {
        if (url !== undefined) throw new CliError(`unexpected argument ${JSON.stringify(url)}`);
        const flows = simulateShop(options);
        if (format === 'json') return { output: JSON.stringify(Object.fromEntries(flows.map((flow) => [flow.name, flow.trace])), null, 2), exitCode: 0 };
        return { output: flows.map((flow) => render(flow.trace, `■ ${flow.name}: ${flow.description}`)).join('\n\n'), exitCode: 0 };
      }
      case 'request': {
        if (!url) throw new CliError('request: missing <url>');
        const responseBytes = numberOption(values, 'response-bytes');
        const status = numberOption(values, 'status');
        const requests = numberOption(values, 'requests');
        const processing = numberOption(values, 'processing');
        return {
          output: render(simulateHttpExchange({
            ...options, url,
            ...(values.method ? { method: values.method } : {}),
            ...(values.body !== undefined ? { requestBody: values.body } : {}),
            ...(responseBytes !== undefined ? { responseBody: responseBytes } : {}),
            ...(status !== undefined ? { status } : {}),
            ...(values.chunked ? { responseFraming: 'chunked' as const } : {}),
            ...(requests !== undefined ? { requests } : {}),
            ...(processing !== undefined ? { serverProcessingMs: processing } : {}),
            keepAlive: !values['no-keep-alive'],
          })),
          exitCode: 0,
        };
      }
      case 'websocket': {
        if (!url) throw new CliError('websocket: missing <url>');
        const interval = numberOption(values, 'interval') ?? 1000;
        const frameSize = numberOption(values, 'frame-size');
        const messages: WebSocketMessage[] = [
          ...(values.send ?? []).map((data) => ({ from: 'client' as const, data })),
          ...(values.push ?? []).map((data) => ({ from: 'server' as const, data, afterMs: interval })),
        ];
        return {
          output: render(simulateWebSocketSession({ ...options, url, messages, ...(frameSize !== undefined ? { frameSize } : {}) })),
          exitCode: 0,
        };
      }
      default:
        throw new CliError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if (error instanceof CliError) return { output: `apigw-sim: ${error.message}\n\n${USAGE}`, exitCode: 2 };
    if (error instanceof SimulatorError) return { output: `apigw-sim: error [${error.code}]: ${error.message}`, exitCode: 2 };
    throw error;
  }
}

if (require.main === module) {
  const { output, exitCode } = run(process.argv.slice(2));
  (exitCode === 0 ? process.stdout : process.stderr).write(`${output}\n`);
  process.exitCode = exitCode;
}
