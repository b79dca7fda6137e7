import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { toHar, type Har, type HarEntry } from '../../../simulator/export/har';
import { join } from 'node:path';
import { readConfig } from '../../../simulator/config/configFile';
import { simulateExampleDemo } from '../../../simulator/scenario/demo';
import { simulatePageLoad } from '../../../simulator/scenario/pageLoad';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { simulateWebSocketSession } from '../../../simulator/scenario/websocketSession';
import { run } from '../../../simulator/cli/main';
import { SIMULATOR_VERSION } from '../../../simulator/version';

/*
 * The HAR export held to HAR 1.2 twice over: to har-schema, the JSON schemas of the spec that
 * har-validator checks HARs with (an independent reading of the spec), and to the spec's rules
 * that a schema cannot say (http://www.softwareishard.com/blog/har-12-spec/): `time` is the sum
 * of the timings that apply, `ssl` is inside `connect`, only the optional timings may be -1,
 * every `pageref` names a page, entries are in start order, sizes are the message's bytes.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const harSchemas = require('har-schema') as Record<string, { $id: string }>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as object;

// har-schema uses keywords of its own (`min`, `optional`): not strict, as har-validator runs it.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
// The formats the schemas name (RFC 3339 date-time, IPv4, IPv6), checked loosely: the schema's own pattern pins the date.
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
ajv.addFormat('ipv4', /^(\d{1,3}\.){3}\d{1,3}$/);
ajv.addFormat('ipv6', /^[0-9a-f:]+$/i);
for (const schema of Object.values(harSchemas)) ajv.addSchema(schema);
const validateHar = ajv.getSchema('har.json#')!;

function schemaErrors(har: unknown): string[] {
  return validateHar(har) ? [] : (validateHar.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

const OPTIONAL_TIMINGS = ['blocked', 'dns', 'connect', 'ssl'] as const;

/** The spec's rules beyond the schema, as messages (none: the HAR keeps them). */
function specErrors(har: Har): string[] {
  const errors: string[] = [];
  const pages = new Set(har.log.pages.map((page) => page.id));
  let previous = '';
  har.log.entries.forEach((entry: HarEntry, index) => {
    const where = `entry ${index} (${entry.request.method} ${entry.request.url})`;
    const { timings } = entry;
    for (const name of ['send', 'wait', 'receive'] as const) if (!(timings[name] >= 0)) errors.push(`${where}: ${name} must be a non-negative number`);
    for (const name of OPTIONAL_TIMINGS) if (!(timings[name] === -1 || timings[name] >= 0)) errors.push(`${where}: ${name} must be -1 or non-negative`);
    const sum = [timings.blocked, timings.dns, timings.connect, timings.send, timings.wait, timings.receive].filter((value) => value !== -1).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - entry.time) > 1e-6) errors.push(`${where}: time ${entry.time} is not the sum of its timings ${sum}`);
    if (timings.ssl !== -1 && !(timings.connect >= timings.ssl)) errors.push(`${where}: ssl ${timings.ssl} is not inside connect ${timings.connect}`);
    if (!pages.has(entry.pageref)) errors.push(`${where}: pageref ${entry.pageref} names no page`);
    if (entry.startedDateTime < previous) errors.push(`${where}: starts before the entry before it`);
    previous = entry.startedDateTime;
    if (!/^(https?|wss?):\/\//.test(entry.request.url)) errors.push(`${where}: url is not absolute`);
  });
  return errors;
}

const RTT_NETWORK = { networkOverrides: { jitterMs: 0, lossRate: 0 } } as const;

describe('the HAR export', () => {
  const series = simulateHttpExchange({ url: 'https://api.example.com/orders?limit=5', method: 'POST', requestBody: '{"sku":"A1"}', requests: 2, keepAlive: true, ...RTT_NETWORK });
  const session = simulateWebSocketSession({ url: 'wss://ws.example.com/prod', messages: [{ from: 'client', data: '{"action":"subscribe"}' }, { from: 'server', data: 'shipped', afterMs: 500 }], ...RTT_NETWORK });

  it('writes HAR 1.2 that har-schema accepts and that keeps the spec\'s rules', () => {
    const har = toHar([{ trace: series, title: 'series' }, { trace: session, title: 'session' }]);
    assert.deepEqual(schemaErrors(har), []);
    assert.deepEqual(specErrors(har), []);
    assert.equal(har.log.entries.length, 3);
    assert.deepEqual(har.log.creator, { name: 'apigw-sim', version: SIMULATOR_VERSION });
  });

  it('is caught by both checks when an entry breaks the spec', () => {
    const har = toHar([{ trace: series, title: 'series' }]);
    const broken = structuredClone(har) as unknown as { log: { entries: Record<string, unknown>[] } };
    delete (broken.log.entries[0].timings as Record<string, unknown>).wait;
    assert.ok(schemaErrors(broken).some((error) => error.includes('wait')));
    const late = structuredClone(har);
    late.log.entries[1].timings.wait += 5;
    assert.ok(specErrors(late).some((error) => error.includes('not the sum')));
  });

  it('gives each request the exact message\'s headers, query, body and sizes', () => {
    const [first] = toHar([{ trace: series, title: 'series' }]).log.entries;
    const request = series.events.find((event) => event.kind === 'http.request')!;
    const text = Buffer.from(request.payload!).toString('latin1');
    assert.equal(first.request.url, 'https://api.example.com/orders?limit=5');
    assert.deepEqual(first.request.queryString, [{ name: 'limit', value: '5' }]);
    assert.equal(first.request.postData?.text, '{"sku":"A1"}');
    assert.equal(first.request.headersSize, text.indexOf('\r\n\r\n') + 4);
    assert.equal(first.request.headersSize + first.request.bodySize, request.bytes);
    for (const { name, value } of first.request.headers) assert.ok(text.includes(`\r\n${name}: ${value}\r\n`), `${name} as sent`);
    assert.equal(first.response.status, 200);
    assert.equal(first.connection, request.connection);
  });

  it('decodes each HTTP/2 request\'s header block in connection order, as Chrome DevTools lists an h2 request', () => {
    const options = { url: 'https://api.example.com/orders?limit=5', method: 'POST', requestBody: '{"sku":"A1"}', requests: 2, keepAlive: true, clientProfile: 'browser', ...RTT_NETWORK } as const;
    const h2 = toHar([{ trace: simulateHttpExchange(options), title: 'h2' }]);
    const h1 = toHar([{ trace: simulateHttpExchange({ ...options, httpVersion: '1.1' }), title: 'h1' }]);
    assert.deepEqual(schemaErrors(h2), []);
    assert.deepEqual(specErrors(h2), []);
    assert.equal(h2.log.entries.length, 2);
    for (const [index, entry] of h2.log.entries.entries()) {
      // Chrome DevTools (NetworkRequest.ts filteredProtocolName) writes h2 as "http/2.0", and has no header text to size.
      assert.equal(entry.request.httpVersion, 'http/2.0');
      assert.equal(entry.response.httpVersion, 'http/2.0');
      assert.equal(entry.request.headersSize, -1);
      assert.equal(entry.request.url, 'https://api.example.com/orders?limit=5');
      assert.equal(entry.request.postData?.text, '{"sku":"A1"}');
      assert.equal(entry.response.status, 200);
      // The same request over HTTP/1.1, read from its text: the same fields, lowercased (RFC 9113 §8.2.1), Host as :authority,
      // the connection-specific ones dropped (§8.2.2); Chromium writes content-length first over h2 and adds the RFC 9218
      // priority field last (http2/profiles.ts, captured). The second request's block refers to the first's table entries.
      const pseudo = Object.fromEntries(entry.request.headers.filter(({ name }) => name.startsWith(':')).map(({ name, value }) => [name, value]));
      assert.deepEqual(pseudo, { ':method': 'POST', ':authority': 'api.example.com', ':scheme': 'https', ':path': '/orders?limit=5' });
      const regular = entry.request.headers.filter(({ name }) => !name.startsWith(':')).map(({ name, value }) => `${name}: ${value}`);
      const fromH1 = h1.log.entries[index].request.headers.filter(({ name }) => !['host', 'connection'].includes(name.toLowerCase())).map(({ name, value }) => `${name.toLowerCase()}: ${value}`);
      assert.deepEqual(regular, [...fromH1.filter((line) => line.startsWith('content-length')), ...fromH1.filter((line) => !line.startsWith('content-length')), 'priority: u=1, i']);
    }
  });

  it('lists a WebSocket\'s data frames as Chromium does, sent and received, under a wss:// entry', () => {
    const [upgrade] = toHar([{ trace: session, title: 'session' }]).log.entries;
    assert.equal(upgrade._resourceType, 'websocket');
    assert.equal(upgrade.response.status, 101);
    assert.match(upgrade.request.url, /^wss:\/\/ws\.example\.com\/prod/);
    assert.deepEqual(upgrade._webSocketMessages?.map(({ type, opcode, data }) => ({ type, opcode, data })), [
      { type: 'send', opcode: 1, data: '{"action":"subscribe"}' },
      { type: 'receive', opcode: 1, data: 'shipped' },
    ]);
  });

  it('puts each flow of the demo on a page of its own, laid end to end', () => {
    const flows = simulateExampleDemo('shop', {});
    const har = toHar(flows.map((flow) => ({ trace: flow.trace, title: flow.name })));
    assert.deepEqual(schemaErrors(har), []);
    assert.deepEqual(specErrors(har), []);
    assert.deepEqual(har.log.pages.map((page) => page.title), flows.map((flow) => flow.name));
    // Milliseconds, as Chrome writes them.
    assert.equal(Date.parse(har.log.pages[1].startedDateTime) - Date.parse(har.log.pages[0].startedDateTime), Math.floor(flows[0].trace.summary.totalTimeMs));
    assert.equal(har.log.pages[0].startedDateTime, '2026-01-01T12:00:00.000Z', 'the simulated clock\'s origin, as in the pcapng export');
  });

  it('is what apigw-sim demo --format har prints, and the same every run', () => {
    const first = run(['demo', '--format', 'har']);
    assert.equal(first.exitCode, 0, first.output);
    const har = JSON.parse(first.output) as Har;
    assert.deepEqual(specErrors(har), []);
    assert.equal(run(['demo', '--format', 'har']).output, first.output);
    const refused = run(['compare', '--format', 'har']);
    assert.equal(refused.exitCode, 2);
    assert.match(refused.output, /--format har exports request traces/);
  });

  it('writes a page load as one page whose entries keep HAR 1.2 and name their connections, under HTTP/1.1 and h2', () => {
    const model = readConfig(join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'template.yaml')).model;
    for (const httpVersion of ['1.1', '2'] as const) {
      const { trace } = simulatePageLoad({ model, httpVersion, ...RTT_NETWORK });
      const har = toHar([{ trace, title: 'page' }]);
      assert.deepEqual(schemaErrors(har), []);
      assert.deepEqual(specErrors(har), []);
      assert.equal(har.log.pages.length, 1);
      assert.deepEqual(har.log.entries.map((entry) => entry.request.method), ['GET', 'GET', 'GET', 'OPTIONS', 'POST', 'GET']);
      // Each entry's connection is the one its request event went on: three for the reads over HTTP/1.1, one over h2.
      const reads = new Set(har.log.entries.slice(0, 3).map((entry) => entry.connection));
      assert.equal(reads.size, httpVersion === '1.1' ? 3 : 1);
      assert.ok(har.log.entries.every((entry) => trace.events.some((event) => event.kind === 'http.request' && event.connection === entry.connection)));
    }
  });
});
