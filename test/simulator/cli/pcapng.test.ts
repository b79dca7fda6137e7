import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../../simulator/cli/main';
import { dissect, problems } from '../export/tshark';

const CLI = join(__dirname, '..', '..', '..', 'cli.js');
const SHOP = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');
const PCAPNG_MAGIC = '0a0d0d0a';

function inDirectory(body: (directory: string) => void): void {
  const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-pcap-'));
  try {
    body(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('apigw-sim --format pcapng', () => {
  it('writes a WebSocket API session as a capture with one frame per packet the trace counts', () => {
    inDirectory((directory) => {
      const out = join(directory, 'session.pcapng');
      const args = ['simulate', SHOP, '--api', 'shop-order-status', '--scenario', 'ws-session', '--seed', '4'];
      const { output, exitCode } = run([...args, '--format', 'pcapng', '--out', out]);
      assert.equal(exitCode, 0, output);
      assert.match(output, /^wrote .*session\.pcapng \(\d+ packets as sent\)$/);
      const capture = readFileSync(out);
      assert.equal(capture.subarray(0, 4).toString('hex'), PCAPNG_MAGIC);
      const frames = dissect(capture);
      assert.deepEqual(problems(frames), []);
      // The text summary's packet count: `bytes up ... · N packets`.
      const packets = Number(/· (\d+) packets/.exec(run(args).output)![1]);
      assert.equal(frames.length, packets);
    });
  });

  it('writes the decrypted view with --format pcapng-plain: the Upgrade, 101 and WebSocket frames dissect', () => {
    inDirectory((directory) => {
      const out = join(directory, 'plain.pcapng');
      const { output, exitCode } = run(['simulate', SHOP, '--api', 'shop-order-status', '--scenario', 'ws-session', '--format', 'pcapng-plain', '--out', out]);
      assert.equal(exitCode, 0, output);
      const frames = dissect(readFileSync(out));
      assert.deepEqual(problems(frames), []);
      assert.deepEqual(frames.flatMap((frame) => frame['http.response.code']), ['101']);
      assert.ok(frames.some((frame) => frame['websocket.opcode'].includes('1')), 'text frames');
    });
  });

  it('exports the request and websocket commands too', () => {
    inDirectory((directory) => {
      for (const args of [['request', 'https://api.example.com/products/1', '--tls', '1.2'], ['websocket', 'ws://ws.example.com/chat', '--send', 'hi', '--push', 'hello']]) {
        const out = join(directory, `${args[0]}.pcapng`);
        assert.equal(run([...args, '--format', 'pcapng', '--out', out]).exitCode, 0);
        assert.deepEqual(problems(dissect(readFileSync(out))), []);
      }
    });
  });

  it('refuses to write a capture without --out, or over the model, or for more or less than one trace', () => {
    const missing = run(['simulate', SHOP, '--api', 'shop-products', '--route', 'GET /products/{productId}', '--format', 'pcapng']);
    assert.equal(missing.exitCode, 2);
    assert.match(missing.output, /--format pcapng writes a binary capture: give --out FILE \(or --out - for standard output\)/);
    inDirectory((directory) => {
      const model = join(directory, 'model.json');
      writeFileSync(model, readFileSync(SHOP));
      const refused = run(['simulate', model, '--api', 'shop-products', '--route', 'GET /products/{productId}', '--format', 'pcapng', '--out', model]);
      assert.equal(refused.exitCode, 2);
      assert.match(refused.output, /OUTPUT_REFUSED\]: --out: \S*model\.json is a file this command read; refusing to overwrite it/);
      assert.deepEqual(readFileSync(model), readFileSync(SHOP));
      const demo = run(['demo', '--format', 'pcapng-plain', '--out', join(directory, 'demo.pcapng')]);
      assert.equal(demo.exitCode, 2);
      assert.match(demo.output, /exports exactly one trace .* this run gives 3/);
      const compare = run(['simulate', SHOP, '--scenario', 'polling-vs-push', '--format', 'pcapng', '--out', join(directory, 'p.pcapng')]);
      assert.match(compare.output, /this run gives 0/);
    });
    assert.match(run(['--help']).output, /--format text\|json\|mermaid\|har\|pcapng\|pcapng-plain/);
  });

  it('writes the same bytes to standard output with --out - from the bundled executable', () => {
    inDirectory((directory) => {
      const args = [CLI, 'simulate', SHOP, '--api', 'shop-orders', '--route', 'POST /orders', '--format', 'pcapng'];
      const piped = spawnSync(process.execPath, [...args, '--out', '-'], { maxBuffer: 16 * 1024 * 1024 });
      assert.equal(piped.status, 0, piped.stderr.toString());
      const out = join(directory, 'orders.pcapng');
      assert.equal(spawnSync(process.execPath, [...args, '--out', out]).status, 0);
      assert.equal(piped.stdout.subarray(0, 4).toString('hex'), PCAPNG_MAGIC);
      assert.deepEqual(piped.stdout, readFileSync(out));
    });
  });
});
