import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { liveCommand } from '../../../simulator/cli/live';
import { descendants, eventually, isListening } from '../../helpers/leftovers';

/*
 * `apigw-sim live` end to end through the live harness (simulator/fidelity/): the real node and
 * curl clients against the stand-in gateway through the relay, captured with dumpcap and read
 * by tshark (root, as CI runs; tshark and curl installed). What is asserted is the command's:
 * the real connections beside the model's, the differences in words, the exit codes, and that
 * nothing it started is left running or listening afterwards. Which differences the model
 * still has is the fidelity harness's test (test/simulator/fidelity/harness.test.ts).
 */

const SHOP = resolve(__dirname, '../../../../examples/shop/template.yaml');
const GUARD = { timeout: 90_000 };

/** A difference as the harness words it: what, then the model's and the real value. */
const DIFFERENCE = /^ {4}- (connection \d+: )?((client|server) [^:]+|ClientHello to first response|connections): model .+, real .+$/;

/** Runs the command; afterwards checks that no process it started still runs. */
async function leavingNothing(argv: readonly string[], options: Parameters<typeof liveCommand>[1] = {}): Promise<{ output: string; exitCode: number }> {
  const before = new Set(descendants());
  const result = await liveCommand(argv, options);
  const left = (): string[] => descendants().filter((line) => !before.has(line));
  assert.ok(await eventually(() => left().length === 0, 5000), `left running: ${left().join(', ')}`);
  return result;
}

describe('apigw-sim live', () => {
  it('runs a route with the node client through the harness and prints the real connection beside the model, the differences in words', GUARD, async () => {
    const { output, exitCode } = await leavingNothing([SHOP, '--api', 'shop-orders', '--route', 'GET /orders/{orderId}']);
    assert.equal(exitCode, 0, output);
    assert.match(output, /^■ live: shop-orders GET \/orders\/\{orderId\} \(1 request\), node client, TLS 1\.3, 20 ms one-way delay in a relay on 127\.0\.0\.1, captured on lo \(MTU \d+\): model vs real/);
    // Node's https offers no ALPN: HTTP/1.1, one connection, its counts model/real.
    assert.match(output, /\[none TLSv1\.3 TLS_AES_128_GCM_SHA256\]/);
    assert.match(output, /^ {2}connection 1: pkts c \d+(\/\d+)? +s \d+(\/\d+)? .* h1 msgs 2 +ws 0 +h2 0 +hello→response ms [\d.]+\/[\d.]+$/m);
    assert.match(output, /^ {2}instrument: the capture shows the relay passing segments on/m);
    const listed = output.split('\n').filter((line) => line.startsWith('    - '));
    assert.match(output, /^ {2}(differences: none|differences \(\d+\):)$/m);
    for (const line of listed) assert.match(line, DIFFERENCE);
  });

  it('runs a route with curl and prints the comparison as JSON with --json; the relay no longer listens afterwards', GUARD, async () => {
    const { output, exitCode } = await leavingNothing([SHOP, '--api', 'shop-products', '--route', 'GET /products/{productId}', '--client', 'curl', '--json']);
    assert.equal(exitCode, 0, output);
    const parsed = JSON.parse(output) as { client: string; ports: { relay: number; gateway: number }; negotiated: { alpn: string }[]; connections: { model: { http2Frames: number }; real: { http2Frames: number } }[]; differences: string[] };
    assert.equal(parsed.client, 'curl');
    // curl offers h2 and the stand-in, as API Gateway, takes it: HTTP/2 frames on both sides.
    assert.equal(parsed.negotiated[0].alpn, 'h2');
    assert.ok(parsed.connections[0].real.http2Frames > 0 && parsed.connections[0].model.http2Frames > 0);
    for (const difference of parsed.differences) assert.match(`    - ${difference}`, DIFFERENCE);
    assert.equal(await isListening(parsed.ports.relay), false);
    assert.equal(await isListening(parsed.ports.gateway), false);
  });

  it('says curl cannot play a WebSocket route, with exit code 1 and the error\'s code', GUARD, async () => {
    const { output, exitCode } = await leavingNothing([SHOP, '--api', 'shop-order-status', '--client', 'curl']);
    assert.equal(exitCode, 1, output);
    assert.match(output, /^apigw-sim: live run failed \[LIVE_UNPLAYABLE\]: curl cannot play a WebSocket route: Debian's curl 7\.88 is built without WebSocket support/);
  });

  it('stops on an abort in the middle (Ctrl-C in the CLI) with exit code 130, leaving nothing running or listening', GUARD, async () => {
    const servers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'TCPServerWrap').length;
    const before = servers();
    const controller = new AbortController();
    const steps: string[] = [];
    // Aborted while the client plays a WebSocket session whose pushes are 2 s apart: the capture, relay and stand-in are all open.
    const { output, exitCode } = await leavingNothing([SHOP, '--api', 'shop-order-status', '--push-interval', '2000'], {
      signal: controller.signal,
      report: (message: string) => {
        steps.push(message);
        if (/client playing/.test(message)) setTimeout(() => controller.abort(), 500);
      },
    });
    assert.equal(exitCode, 130, output);
    assert.match(output, /interrupted; every process and socket it opened is closed/);
    assert.ok(steps.some((step) => /starting the capture/.test(step)), steps.join('; '));
    assert.ok(await eventually(() => servers() <= before, 2000), 'the stand-in still listens');
  });

  it('refuses bad options with the usage and exit code 2', async () => {
    for (const argv of [[SHOP, '--tls', '1.4'], [SHOP, '--api', 'shop-orders'], [SHOP, '--api', 'shop-orders', '--route', 'GET /orders/{orderId}', '--delay', '-1'], [SHOP, '--api', 'shop-orders', '--route', 'GET /orders/{orderId}', '--client', 'lynx'], []]) {
      const { output, exitCode } = await liveCommand(argv);
      assert.equal(exitCode, 2, argv.join(' '));
      assert.match(output, /apigw-sim live <config>/);
    }
  });

  it('takes --root, and refuses one that does not contain the config with the usage and exit code 2', async () => {
    const { output, exitCode } = await liveCommand([SHOP, '--api', 'shop-orders', '--route', 'GET /orders/{orderId}', '--root', resolve(SHOP, '../../../simulator')]);
    assert.equal(exitCode, 2, output);
    assert.match(output, /^apigw-sim: --root: expected a folder that contains the config .*template\.yaml/);
    assert.match(output, /apigw-sim live <config>/);
  });

  it('names the range of a number too large for a run in real time, before opening anything', async () => {
    const cases: [string[], RegExp][] = [
      [['--api', 'shop-orders', '--route', 'POST /orders', '--delay', '100000'], /--delay: 100000 is not a one-way delay; give 0 to 5,000 ms/],
      [['--api', 'shop-orders', '--route', 'POST /orders', '--delay', '-1'], /--delay: -1 is not a one-way delay; give 0 to 5,000 ms/],
      [['--api', 'shop-order-status', '--push-interval', '1e12'], /--push-interval: 1e12 is not a push interval; give 0 to 60,000 ms/],
      [['--api', 'shop-order-status', '--push-interval', 'soon'], /--push-interval: "soon" is not a push interval; give 0 to 60,000 ms/],
      [['--api', 'shop-orders', '--route', 'POST /orders', '--requests', '1e9'], /--requests: 1e9 is not a request count; give a whole number from 1 to 1,000/],
      [['--api', 'shop-orders', '--route', 'POST /orders', '--requests', '0'], /--requests: 0 is not a request count; give a whole number from 1 to 1,000/],
    ];
    for (const [argv, message] of cases) {
      const { output, exitCode } = await liveCommand([SHOP, ...argv]);
      assert.equal(exitCode, 2, argv.join(' '));
      assert.match(output, message);
    }
  });
});
