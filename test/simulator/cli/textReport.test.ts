import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTrace, table } from '../../../simulator/cli/textReport';
import { readConfigText } from '../../../simulator/config/configFile';
import { routeRef, runScenario } from '../../../simulator/scenario/registry';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';

describe('the text ladder', () => {
  it('ends with DevTools\' timing of every request: DNS, connection and SSL on the first only, and a note when the series is long', () => {
    const trace = simulateHttpExchange({ url: 'https://api.example.com/orders', requests: 14, keepAlive: true, seed: 1 });
    const lines = formatTrace(trace).split('\n');
    const header = lines.findIndex((line) => line.startsWith('request (DevTools timing, ms)'));
    assert.ok(header > 0, 'a timing table');
    const cells = (line: string): string[] => line.trim().split(/\s{2,}/);
    assert.deepEqual(cells(lines[header]).slice(1), ['Queueing', 'Stalled', 'DNS', 'Initial conn.', 'SSL', 'Sent', 'Waiting (TTFB)', 'Download', 'total']);
    const first = cells(lines[header + 2]);
    const second = cells(lines[header + 3]);
    assert.ok([3, 4, 5].every((column) => Number(first[column]) > 0), lines[header + 2]);
    assert.deepEqual(second.slice(3, 6), ['-', '-', '-']);
    // The total of the first request is the time from its start to its answer, as the summary says.
    assert.equal(Number(first[9]).toFixed(2), trace.summary.exchanges[0].end.toFixed(2));
    assert.equal(lines[header + 2 + 12], '… 2 more requests (--format har lists every one)');
  });

  it('prints a megabyte-long name whole without padding every other row to its width', () => {
    const name = 'n'.repeat(1_000_000);
    const text = `openapi: 3.0.1\ninfo:\n  title: ${name}\n  version: "1"\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration:\n        type: http_proxy\n        httpMethod: GET\n        uri: https://example.com/a\n`;
    const { model } = readConfigText(text, 'big.yaml');
    const api = model.apis[0];
    const ladder = formatTrace(runScenario(model, routeRef(api, api.routes[0]), 'request', { seed: 1 }).trace);
    const lines = ladder.split('\n');
    assert.ok(lines.some((line) => line.includes(name)), 'the name is printed whole');
    const others = lines.filter((line) => !line.includes(name));
    assert.ok(others.length > 5);
    for (const line of others) assert.ok(line.length < 400, `a row without the name is ${line.length} characters long`);
  });

  it('aligns table columns on cells up to 96 characters and lets a longer cell run past its column', () => {
    const long = 'x'.repeat(500);
    const lines = table(['name', 'ms'], [['a', '1 ms'], [long, '20 ms']]).split('\n');
    assert.equal(lines[2], `${'a'.padEnd(96)}   1 ms`);
    assert.equal(lines[3], `${long}  20 ms`);
  });
});
