import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../../simulator/cli/main';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { LoadResult } from '../../../simulator/scenario/load';
import type { Report } from '../../../simulator/trace/report';

const CLI = join(__dirname, '..', '..', '..', 'cli.js');
const SHOP = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');

describe('apigw-sim', () => {
  it('runs the demo from the bundled executable and prints the shop\'s three flows through API Gateway', () => {
    const output = execFileSync(process.execPath, [CLI, 'demo'], { encoding: 'utf8' });
    for (const flow of ['product', 'order', 'order-status']) assert.match(output, new RegExp(`■ ${flow}:`));
    assert.match(output, /ClientHello/);
    assert.match(output, /101 Switching Protocols/);
    assert.match(output, /close frame \(1000\)/);
    assert.match(output, /time to first byte [\d.]+ ms · total [\d.]+ ms · 3 round trips before first byte/);
    assert.match(output, /Invoke getProduct \(payload 1\.0\)/);
    assert.match(output, /POST \/production\/%40connections\//);
    assert.match(output, /API Gateway cost of this scenario: \$0\.00000350/);
  });

  it('prints a JSON trace that parses and carries the summary', () => {
    const { output, exitCode } = run(['request', 'https://api.example.com/products/123', '--tls', '1.2', '--format', 'json', '--dns', 'hit']);
    assert.equal(exitCode, 0);
    const report = JSON.parse(output) as Report;
    assert.equal(report.summary.roundTrips, 4);
    assert.ok(report.events.some((event) => event.name === 'ServerKeyExchange'));
    const request = report.events.find((event) => event.layer === 'http' && event.from === 'client')!;
    assert.equal(Buffer.from(request.hex!, 'hex').length, request.bytes, 'hex carries exactly the bytes counted');
  });

  it('prints the same output for the same seed', () => {
    const args = ['websocket', 'wss://ws.example.com/prod', '--send', 'hello', '--push', 'shipped', '--seed', '7', '--loss', '0.05', '--format', 'json'];
    assert.equal(run(args).output, run(args).output);
  });

  it('filters the text ladder by layer', () => {
    const { output } = run(['request', 'https://api.example.com/', '--layers', 'http']);
    assert.match(output, /GET \//);
    assert.doesNotMatch(output, /ClientHello|SYN/);
  });

  it('answers bad options with exit code 2 and a message naming the option', () => {
    const cases: [string[], RegExp][] = [
      [['request', 'https://api.example.com/', '--tls', '1.1'], /tlsVersion: expected one of "1\.2", "1\.3", got "1\.1"/],
      [['request', 'https://api.example.com/', '--rtt=-5'], /--rtt: -5 is not a round-trip time; give 0 to 10,000 ms/],
      [['request', 'https://api.example.com/', '--rtt', 'fast'], /--rtt: "fast" is not a round-trip time; give 0 to 10,000 ms/],
      [['request', 'ftp://api.example.com/'], /url scheme: expected one of "http", "https"/],
      [['request', 'not a url'], /url: expected an absolute URL/],
      [['websocket', 'wss://ws.example.com/', '--frame-size', '0'], /--frame-size: 0 is not a frame size; give a whole number from 1 to 9,007,199,254,740,991 bytes/],
      [['request', 'https://api.example.com/', '--client', 'wget'], /clientProfile: expected one of "node", "browser", "curl", "mobile"/],
      [['request', 'https://api.example.com/', '--network', 'moon'], /networkProfile: expected one of/],
      [['request', 'https://api.example.com/', '--early-data'], /earlyData: expected TLS 1\.3 with ticket resumption/],
      [['teleport'], /unknown command "teleport"/],
      [['request', 'https://api.example.com/', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const { output, exitCode } = run(args);
      assert.equal(exitCode, 2, args.join(' '));
      assert.match(output, message, args.join(' '));
    }
  });

  it('simulates a route of a model file and reports API, route, cost and exact bytes as JSON', () => {
    const { output, exitCode } = run(['simulate', SHOP, '--api', 'shop-products', '--route', 'GET /products/{productId}', '--format', 'json']);
    assert.equal(exitCode, 0);
    const report = JSON.parse(output) as Report;
    assert.deepEqual(report.api, { name: 'shop-products', type: 'REST', endpoint: 'EDGE https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com' });
    assert.equal(report.route, 'GET /products/{productId}');
    assert.equal(report.summary.costUsd, 3.5e-6);
    assert.equal(report.summary.requests, 1);
    assert.ok(report.participants.some((participant) => participant.kind === 'edge'));
  });

  it('injects a fault and counts the errors it causes', () => {
    const { output } = run(['simulate', SHOP, '--api', 'shop-products', '--route', 'GET /products', '--fault', 'missing-api-key', '--format', 'json']);
    const report = JSON.parse(output) as Report;
    assert.equal(report.summary.errors.INVALID_API_KEY, 1);
    assert.ok(report.events.some((event) => event.status === 403));
  });

  it('prints a Mermaid sequence diagram', () => {
    const { output } = run(['simulate', SHOP, '--api', 'shop-orders', '--route', 'POST /orders', '--format', 'mermaid', '--layers', 'http,gateway,backend']);
    assert.match(output, /^sequenceDiagram\n {2}participant P0 as Client\n/);
    assert.match(output, /->>P\d+: [\d.]+ ms Invoke createOrder \(payload 2\.0\) \(\d+ B\)/);
    assert.doesNotMatch(output, /;|#/);
  });

  it('writes --out files but never over the model it reads', () => {
    const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-cli-'));
    try {
      const model = join(directory, 'model.json');
      writeFileSync(model, readFileSync(SHOP));
      const out = join(directory, 'trace.json');
      assert.equal(run(['simulate', model, '--api', 'shop-orders', '--route', 'POST /orders', '--format', 'json', '--out', out]).exitCode, 0);
      assert.ok((JSON.parse(readFileSync(out, 'utf8')) as Report).events.length > 0);
      const refused = run(['simulate', model, '--api', 'shop-orders', '--route', 'POST /orders', '--out', model]);
      assert.equal(refused.exitCode, 2);
      assert.deepEqual(readFileSync(model), readFileSync(SHOP), 'the model file is untouched');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports a broken model as file:line:column: message with exit code 2', () => {
    const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-cli-'));
    try {
      const model = join(directory, 'broken.json');
      writeFileSync(model, '{\n  "apis": [\n    { "id": "x", "type": "SOAP" }\n  ]\n}\n');
      const { output, exitCode } = run(['simulate', model, '--route', 'GET /']);
      assert.equal(exitCode, 2);
      assert.equal(output, `${model}:3:26: apis[0].type must be one of REST, HTTP, WEBSOCKET, got "SOAP"`);
      const missing = run(['simulate', join(directory, 'nope.json'), '--route', 'GET /']);
      assert.match(missing.output, /nope\.json:1:1: cannot read the file: ENOENT/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('passes --stage to the load scenario, whose throttle is then that stage\'s', () => {
    const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-cli-'));
    try {
      const model = join(directory, 'model.json');
      // The shop (a JSON file with comments) with a second stage on shop-orders that allows 50 rps, burst 100.
      const stages = '"stages": [{ "name": "$default", "routeThrottles": { "POST /orders": { "rateLimit": 200, "burstLimit": 400 } } }]';
      const shop = readFileSync(SHOP, 'utf8');
      assert.ok(shop.includes(stages));
      writeFileSync(model, shop.replace(stages, `${stages.slice(0, -1)}, { "name": "canary", "throttle": { "rateLimit": 50, "burstLimit": 100 } }]`));
      const load = (stage: string): ReturnType<typeof run> => run(['simulate', model, '--api', 'shop-orders', '--route', 'GET /orders/{orderId}', '--scenario', 'load', '--rate', '500', '--duration', '2', '--stage', stage, '--format', 'json']);
      assert.equal((JSON.parse(load('$default').output) as LoadResult).throttled.stage, 0);
      assert.ok((JSON.parse(load('canary').output) as LoadResult).throttled.stage > 700, 'about 1,000 offered, 200 admitted');
      const unknown = load('beta');
      assert.equal(unknown.exitCode, 2);
      assert.match(unknown.output, /stage: expected a stage of shop-orders: \$default, canary/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('names the known routes when the route is unknown', () => {
    const { output, exitCode } = run(['simulate', SHOP, '--api', 'shop-orders', '--route', 'GET /cart']);
    assert.equal(exitCode, 2);
    assert.match(output, /route: expected a route of shop-orders: "POST \/orders", "GET \/orders\/\{orderId\}"/);
  });

  it('exits with code 2 and writes to stderr from the executable', () => {
    const result = spawnSync(process.execPath, [CLI, 'request', 'https://api.example.com/', '--loss', '2'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /--loss: 2 is not a loss probability; give 0 to 1/);
  });
});

describe('apigw-sim: the files a config names (issue 17)', () => {
  const POSIX = process.platform !== 'win32';
  const MARKER = `CLI-CONFINED-MARKER-${process.pid}`;
  const SAM = (uri: string): string => `Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionUri: ${uri}\n`;
  const OPENAPI = 'openapi: 3.0.1\ninfo:\n  title: shared\n  version: \'1\'\npaths:\n  /shared:\n    get:\n      x-amazon-apigateway-integration:\n        type: mock\n';
  /** The bundled CLI in its own process, which a read that blocks cannot hang: it is killed after 5 s. */
  const cli = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 5000 });
    assert.equal(result.error, undefined, `apigw-sim ${args.join(' ')} finished within 5 s`);
    return result;
  };

  it('answers `routes <fifo>` at once with exit 2: the config is not a regular file', { skip: !POSIX }, () => {
    const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-cli-fifo-'));
    try {
      const fifo = join(directory, 'template.yaml');
      execFileSync('mkfifo', [fifo]);
      const result = cli('routes', fifo);
      assert.equal(result.status, 2);
      assert.equal(result.stderr.trim(), `${fifo}:1:1: not a regular file (a FIFO, a device or a socket?): not read`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports `${file(<fifo>)}`, /etc/passwd and ../ as findings, promptly, and prints nothing of them', { skip: !POSIX }, () => {
    const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-cli-refs-'));
    try {
      const project = join(directory, 'project');
      mkdirSync(project);
      writeFileSync(join(directory, 'secret.txt'), `${MARKER}\n`);
      execFileSync('mkfifo', [join(project, 'pipe.txt')]);
      const config = join(project, 'serverless.yml');
      writeFileSync(config, 'service: ${file(./pipe.txt)}\nprovider:\n  name: aws\n  stage: ${file(../secret.txt)}\n  region: ${file(/etc/passwd)}\nfunctions:\n  hello:\n    handler: h.handler\n    events:\n      - httpApi:\n          path: /hello\n          method: get\n');
      const text = cli('routes', config);
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /serverless\.yml:1:\d+: warning \[FILE_NOT_READ\] \$\{file\(\.\/pipe\.txt\)\}: \.\/pipe\.txt: not a regular file: not read/);
      assert.match(text.stdout, /serverless\.yml:4:\d+: warning \[FILE_NOT_READ\] .*outside the config's folder: not read/);
      assert.match(text.stdout, /serverless\.yml:5:\d+: warning \[FILE_NOT_READ\] .*\/etc\/passwd: outside the config's folder: not read/);
      const json = cli('routes', config, '--json');
      assert.equal(json.status, 0, json.stderr);
      for (const output of [text.stdout, json.stdout]) {
        assert.ok(!output.includes(MARKER), 'the secret outside the folder was printed');
        assert.ok(!output.includes('root:x:0:0'), '/etc/passwd was printed');
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reads beside the config\'s folder with --root, and refuses a --root that does not hold the config', () => {
    const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-cli-root-'));
    try {
      mkdirSync(join(directory, 'shared'));
      mkdirSync(join(directory, 'api'));
      writeFileSync(join(directory, 'shared', 'openapi.yaml'), OPENAPI);
      const config = join(directory, 'api', 'template.yaml');
      writeFileSync(config, SAM('../shared/openapi.yaml'));
      const confined = run(['routes', config]);
      assert.equal(confined.exitCode, 0);
      assert.match(confined.output, /template\.yaml:7:22: warning \[FILE_NOT_READ\] Api: the definition file \.\.\/shared\/openapi\.yaml: outside the config's folder: not read/);
      const widened = run(['routes', config, '--root', directory]);
      assert.equal(widened.exitCode, 0);
      assert.match(widened.output, /GET \/shared/);
      assert.doesNotMatch(widened.output, /FILE_NOT_READ/);
      const elsewhere = run(['routes', config, '--root', join(directory, 'shared')]);
      assert.equal(elsewhere.exitCode, 2);
      assert.match(elsewhere.output, /^apigw-sim: --root: expected a folder that contains the config .*template\.yaml, got ".*shared"/);
      assert.match(elsewhere.output, /--root DIR/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('apigw-sim simulate without --api', () => {
  it('takes the one API that has the route, and still asks for --api when none or several have it', () => {
    const session = run(['simulate', SHOP, '--route', 'subscribe']);
    assert.equal(session.exitCode, 0, session.output);
    assert.match(session.output, /shop-order-status/);
    assert.match(session.output, /Upgrade: websocket/);
    const unknown = run(['simulate', SHOP, '--route', 'GET /nope']);
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.output, /api: expected one of "shop-products", "shop-orders", "shop-order-status"/);
  });
});
