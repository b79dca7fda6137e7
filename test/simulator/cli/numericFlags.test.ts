import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../../simulator/cli/main';
import { joinDashedValues } from '../../../simulator/cli/numericOptions';

const CLI = join(__dirname, '..', '..', '..', 'cli.js');
const SHOP = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');

/** A command line that reads each numeric flag, with the flag left for the test to add. */
const COMMAND_FOR: Readonly<Record<string, string[]>> = {
  rtt: ['request', 'https://api.example.com/'],
  loss: ['request', 'https://api.example.com/'],
  requests: ['request', 'https://api.example.com/'],
  'response-bytes': ['request', 'https://api.example.com/'],
  status: ['request', 'https://api.example.com/'],
  processing: ['request', 'https://api.example.com/'],
  interval: ['websocket', 'wss://ws.example.com/', '--push', 'hi'],
  'frame-size': ['websocket', 'wss://ws.example.com/', '--send', 'hi'],
  rate: ['simulate', SHOP, '--api', 'shop-orders', '--route', 'POST /orders', '--scenario', 'load', '--duration', '1'],
  duration: ['simulate', SHOP, '--api', 'shop-orders', '--route', 'POST /orders', '--scenario', 'load', '--rate', '10'],
  connections: ['simulate', SHOP, '--api', 'shop-order-status', '--scenario', 'load', '--rate', '10', '--duration', '1'],
  pushes: ['simulate', SHOP, '--api', 'shop-order-status', '--scenario', 'load', '--rate', '10', '--duration', '1', '--connections', '10'],
  'poll-interval': ['simulate', SHOP, '--scenario', 'polling-vs-push'],
  clients: ['simulate', SHOP, '--scenario', 'polling-vs-push'],
};

function usageError(args: string[]): string {
  const { output, exitCode } = run(args);
  assert.equal(exitCode, 2, `${args.join(' ')} exits 2`);
  return output.split('\n')[0];
}

describe('apigw-sim numeric flags', () => {
  it('says the flag, the value and the range of a round-trip time, negative or not a number', () => {
    assert.equal(usageError(['demo', '--rtt', '-5']), 'apigw-sim: --rtt: -5 is not a round-trip time; give 0 to 10,000 ms');
    assert.equal(usageError(['demo', '--rtt', '10001']), 'apigw-sim: --rtt: 10001 is not a round-trip time; give 0 to 10,000 ms');
    assert.equal(usageError(['demo', '--rtt', 'NaN']), 'apigw-sim: --rtt: "NaN" is not a round-trip time; give 0 to 10,000 ms');
    assert.equal(usageError(['demo', '--rtt', 'Infinity']), 'apigw-sim: --rtt: "Infinity" is not a round-trip time; give 0 to 10,000 ms');
    assert.equal(usageError(['demo', '--rtt', '-Infinity']), 'apigw-sim: --rtt: "-Infinity" is not a round-trip time; give 0 to 10,000 ms');
    assert.equal(usageError(['demo', '--rtt', '']), 'apigw-sim: --rtt: "" is not a round-trip time; give 0 to 10,000 ms');
  });

  it('says the range of a probability', () => {
    assert.equal(usageError(['request', 'https://api.example.com/', '--loss', '-0.1']), 'apigw-sim: --loss: -0.1 is not a loss probability; give 0 to 1');
    assert.equal(usageError(['request', 'https://api.example.com/', '--loss', '1.5']), 'apigw-sim: --loss: 1.5 is not a loss probability; give 0 to 1');
  });

  it('asks whole numbers of counts, sizes and status codes', () => {
    assert.equal(usageError(['request', 'https://api.example.com/', '--requests', '2.5']), 'apigw-sim: --requests: 2.5 is not a request count; give a whole number from 1 to 10,000');
    assert.equal(usageError(['request', 'https://api.example.com/', '--requests', '0']), 'apigw-sim: --requests: 0 is not a request count; give a whole number from 1 to 10,000');
    assert.equal(usageError(['request', 'https://api.example.com/', '--status', '-200']), 'apigw-sim: --status: -200 is not an HTTP status code; give a whole number from 100 to 599');
    assert.equal(usageError(['request', 'https://api.example.com/', '--response-bytes', '1e9']), 'apigw-sim: --response-bytes: 1e9 is not a body size; give a whole number from 0 to 10,485,760 bytes');
    assert.equal(usageError([...COMMAND_FOR.clients, '--clients', '-3']), 'apigw-sim: --clients: -3 is not a client count; give a whole number from 1 to 10,000,000');
  });

  it('says the range of a load\'s rate, duration and burst, the burst part by part', () => {
    assert.equal(usageError([...COMMAND_FOR.rate, '--rate', '-1']), 'apigw-sim: --rate: -1 is not a request rate; give more than 0, up to 20,000,000 requests per second');
    assert.equal(usageError([...COMMAND_FOR.rate, '--rate', '0']), 'apigw-sim: --rate: 0 is not a request rate; give more than 0, up to 20,000,000 requests per second');
    assert.equal(usageError([...COMMAND_FOR.duration, '--duration', '-60']), 'apigw-sim: --duration: -60 is not a duration; give more than 0, up to 86,400 s');
    assert.equal(usageError([...COMMAND_FOR.rate, '--rate', '10', '--burst', '-5@10']), 'apigw-sim: --burst: -5 is not a burst size; give a whole number from 0 to 20,000,000 requests');
    assert.equal(usageError([...COMMAND_FOR.rate, '--rate', '10', '--burst', '5@-1']), 'apigw-sim: --burst: -1 is not a burst time; give 0 to 86,400 s');
    assert.equal(usageError([...COMMAND_FOR.rate, '--rate', '10', '--burst', '5']), 'apigw-sim: --burst: expected REQUESTS@SECONDS, e.g. 5000@10, got "5"');
  });

  it('gives the range of a flag in seconds in seconds, though the simulator counts it in ms', () => {
    assert.equal(usageError([...COMMAND_FOR['poll-interval'], '--poll-interval', '-1']), 'apigw-sim: --poll-interval: -1 is not a poll interval; give 0.01 to 86,400 s');
    const polled = run([...COMMAND_FOR['poll-interval'], '--poll-interval', '2', '--format', 'json']);
    assert.equal(polled.exitCode, 0, polled.output);
  });

  it('answers every numeric flag\'s negative, non-numeric, infinite and huge values with that flag and its range', () => {
    for (const [flag, command] of Object.entries(COMMAND_FOR)) {
      for (const value of ['-1', 'abc', 'NaN', 'Infinity', '1e300', '0x10']) {
        const line = usageError([...command, `--${flag}`, value]);
        const shown = value === '-1' || value === '1e300' || value === '0x10' ? value : JSON.stringify(value);
        assert.ok(line.startsWith(`apigw-sim: --${flag}: ${shown} is not `) && line.includes('; give '), `--${flag} ${value}: ${line}`);
      }
    }
  });

  it('reads a negative seed given as a separate argument as --seed=-5 reads it', () => {
    const separate = run(['request', 'https://api.example.com/', '--loss', '0.05', '--seed', '-5', '--format', 'json']);
    assert.equal(separate.exitCode, 0, separate.output);
    assert.equal(separate.output, run(['request', 'https://api.example.com/', '--loss', '0.05', '--seed=-5', '--format', 'json']).output);
    assert.notEqual(separate.output, run(['request', 'https://api.example.com/', '--loss', '0.05', '--seed', '5', '--format', 'json']).output);
    assert.equal(usageError(['demo', '--seed', '99999999999999999999']), 'apigw-sim: --seed: 99999999999999999999 is not a numeric seed; give a whole number from -9,007,199,254,740,991 to 9,007,199,254,740,991');
  });

  it('exits with code 2 and the range on stderr from the executable', () => {
    const result = spawnSync(process.execPath, [CLI, 'demo', '--rtt', '-5'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^apigw-sim: --rtt: -5 is not a round-trip time; give 0 to 10,000 ms$/m);
    assert.doesNotMatch(result.stderr, /ambiguous/);
  });

  it('joins a dashed value only to a numeric flag, and nothing after --', () => {
    const numeric = new Set(['rtt']);
    assert.deepEqual(joinDashedValues(['demo', '--rtt', '-5', '--tls', '1.2'], numeric), ['demo', '--rtt=-5', '--tls', '1.2']);
    assert.deepEqual(joinDashedValues(['demo', '--rtt', '--tls', '1.2'], numeric), ['demo', '--rtt', '--tls', '1.2']);
    assert.deepEqual(joinDashedValues(['demo', '--body', '-5'], numeric), ['demo', '--body', '-5']);
    assert.deepEqual(joinDashedValues(['demo', '--', '--rtt', '-5'], numeric), ['demo', '--', '--rtt', '-5']);
  });
});
