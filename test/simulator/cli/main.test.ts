import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../../simulator/cli/main';
import type { Trace } from '../../../simulator/trace/trace';

const CLI = join(__dirname, '..', '..', '..', 'cli.js');

describe('apigw-sim', () => {
  it('runs the shop example from the bundled executable and prints the three flows', () => {
    const output = execFileSync(process.execPath, [CLI, 'shop'], { encoding: 'utf8' });
    for (const flow of ['product', 'order', 'order-status']) assert.match(output, new RegExp(`■ ${flow}:`));
    assert.match(output, /ClientHello/);
    assert.match(output, /101 Switching Protocols/);
    assert.match(output, /close frame \(1000\)/);
    assert.match(output, /time to first byte [\d.]+ ms · total [\d.]+ ms · 3 round trips before first byte/);
  });

  it('prints a JSON trace that parses and carries the summary', () => {
    const { output, exitCode } = run(['request', 'https://api.example.com/products/123', '--tls', '1.2', '--format', 'json', '--dns', 'hit']);
    assert.equal(exitCode, 0);
    const trace = JSON.parse(output) as Trace;
    assert.equal(trace.version, 1);
    assert.equal(trace.summary.roundTrips, 4);
    assert.ok(trace.events.some((event) => event.name === 'ServerKeyExchange'));
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
      [['request', 'https://api.example.com/', '--rtt=-5'], /clientToRegionRttMs: expected a number >= 0, got -5/],
      [['request', 'https://api.example.com/', '--rtt', 'fast'], /--rtt: expected a number, got "fast"/],
      [['request', 'ftp://api.example.com/'], /url scheme: expected one of "http", "https"/],
      [['request', 'not a url'], /url: expected an absolute URL/],
      [['websocket', 'wss://ws.example.com/', '--frame-size', '0'], /frameSize: expected an integer from 1/],
      [['request', 'https://api.example.com/', '--client', 'curl'], /clientProfile: expected one of "node", "browser"/],
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

  it('exits with code 2 and writes to stderr from the executable', () => {
    const result = spawnSync(process.execPath, [CLI, 'request', 'https://api.example.com/', '--loss', '2'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /lossRate: expected a probability from 0 to 1, got 2/);
  });
});
