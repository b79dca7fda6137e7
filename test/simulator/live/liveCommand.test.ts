import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { liveCommand } from '../../../simulator/cli/live';
import { readConfig } from '../../../simulator/config/configFile';
import { executeApiId } from '../../../simulator/model/gateway';

const SHOP = resolve(__dirname, '../../../../examples/shop/template.yaml');

describe('apigw-sim live', () => {
  it('runs a route for real and prints the trace beside the model, with no differences for the node client', async () => {
    const { output, exitCode } = await liveCommand([SHOP, '--api', 'shop-orders', '--route', 'GET /orders/{orderId}', '--delay', '5']);
    assert.equal(exitCode, 0, output);
    assert.match(output, /■ live: shop-orders GET \/orders\/\{orderId\} \(1 request\), TLS 1\.3, 5 ms injected one-way delay on 127\.0\.0\.1/);
    // The request's size moves with the Host header's API id: 1,196 bytes and the id, 22 more with TLS 1.3 framing.
    const id = executeApiId(readConfig(SHOP).model.apis.find((api) => api.name === 'shop-orders')!);
    assert.match(output, new RegExp(`http\\s+GET /orders/o-1001\\s+${1196 + id.length}\\s+${1218 + id.length}`));
    assert.match(output, /Differences: none/);
    assert.match(output, /Not measured: DNS/);
    // Live runs capture streams, not packets: the byte totals are the client's rows, not a zero IP count.
    const wire = (arrow: RegExp): number => output.split('\n').filter((line) => arrow.test(line)).reduce((total, line) => total + Number(line.trim().split(/\s+/).at(-1)), 0);
    const [, up, down] = /stream bytes up (\d+) · down (\d+) \(TCP\/IP packets are not captured in live runs\)/.exec(output) ?? [];
    assert.equal(Number(up), wire(/\bClient → /));
    assert.equal(Number(down), wire(/→ Client\b/));
    assert.ok(Number(up) > 1000 && Number(down) > 1000);
  });

  it('prints the live trace, the model trace and the comparison as JSON with --json', async () => {
    const { output, exitCode } = await liveCommand([SHOP, '--api', 'shop-order-status', '--delay', '5', '--push-interval', '40', '--tls', '1.2', '--json']);
    assert.equal(exitCode, 0, output);
    const parsed = JSON.parse(output) as { live: { version: number; events: { layer: string; name: string }[] }; comparison: { differences: string[] } };
    assert.equal(parsed.live.version, 1);
    assert.ok(parsed.live.events.some((event) => event.layer === 'ws' && event.name === 'text frame'));
    assert.deepEqual(parsed.comparison.differences, []);
  });

  it('stops on an abort (Ctrl-C in the CLI) with exit code 130, leaving nothing open', async () => {
    const open = (): number => process.getActiveResourcesInfo().filter((name) => /TCP|TLS/.test(name)).length;
    // Let the earlier tests' closed handles go first, so a leak here cannot hide behind them.
    for (let waited = 0; waited < 1000 && open() > 0; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    const before = open();
    const controller = new AbortController();
    const running = liveCommand([SHOP, '--api', 'shop-orders', '--route', 'GET /orders/{orderId}', '--delay', '200'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const { output, exitCode } = await running;
    assert.equal(exitCode, 130, output);
    assert.match(output, /interrupted; every socket it opened is closed/);
    for (let waited = 0; waited < 200 && open() > before; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(open(), before);
  });

  it('refuses bad options with the usage and exit code 2', async () => {
    for (const argv of [[SHOP, '--tls', '1.4'], [SHOP, '--api', 'shop-orders'], [SHOP, '--api', 'shop-orders', '--route', 'GET /orders/{orderId}', '--delay', '-1'], []]) {
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
