import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { calibrationFileText, parseCalibration } from '../../../simulator/calibration/calibrationFile';
import { compareWithRecording, fitCalibration } from '../../../simulator/calibration/calibrationFit';
import { parseHar, readHarFile } from '../../../simulator/calibration/harRecording';
import { run } from '../../../simulator/cli/main';
import { readConfig, readConfigText } from '../../../simulator/config/configFile';
import { apiHost } from '../../../simulator/model/gateway';
import { ConfigError, SimulatorError } from '../../../simulator/errors';
import { routeRef, runScenario } from '../../../simulator/scenario/registry';
import { requestTimings } from '../../../simulator/trace/requestTimings';

/*
 * Calibration from a HAR recording. The recordings here are written by hand as DevTools writes
 * them (its field names, -1 for a reused connection's phases, `_fromCache`), with timings
 * chosen so the expected fit is arithmetic on the file, not the simulator's output: a TCP
 * handshake of 30 ms is a 30 ms round trip; a median of 130 ms waiting minus it is 100 ms of backend.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const TEMPLATE = join(ROOT, 'examples', 'shop', 'template.yaml');
const model = readConfig(TEMPLATE).model;
const orders = model.apis.find((api) => api.routes.some((route) => route.key === 'POST /orders'))!;
const ordersHost = 'q1w2e3r4t5.execute-api.us-east-1.amazonaws.com';
const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-calibrate-'));
after(() => rmSync(directory, { recursive: true, force: true }));

interface Timings { blocked?: number; dns?: number; connect?: number; ssl?: number; send?: number; wait: number; receive?: number }

function entry(url: string, timings: Timings, extra: Record<string, unknown> = {}, method = 'POST'): Record<string, unknown> {
  const full = { blocked: 1, dns: -1, connect: -1, ssl: -1, send: 0.2, receive: 0.4, ...timings };
  return {
    startedDateTime: '2026-12-07T10:00:00.000Z', time: Object.values(full).filter((value) => value > 0).reduce((a, b) => a + b, 0),
    request: { method, url, httpVersion: 'h2', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 20 },
    response: { status: 201, statusText: '', httpVersion: 'h2', headers: [], cookies: [], content: { size: 40, mimeType: 'application/json' }, redirectURL: '', headersSize: -1, bodySize: 40 },
    cache: {}, timings: full, ...extra,
  };
}

function har(entries: unknown[]): string {
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [], entries } });
}

/** Three orders: one on a new connection (handshake 30 ms, TLS 30 ms), two reusing it; waits 120, 130, 150 ms. */
const recording = har([
  entry(`https://${ordersHost}/orders`, { dns: 12, connect: 60, ssl: 30, wait: 120 }),
  entry(`https://${ordersHost}/orders`, { wait: 130 }),
  entry(`https://${ordersHost}/orders`, { wait: 150 }),
  entry('https://fonts.example.net/font.woff2', { dns: 5, connect: 20, ssl: 10, wait: 9 }, {}, 'GET'),
  entry(`https://${ordersHost}/orders`, { wait: 2 }, { _fromCache: 'memory' }),
  { request: { method: 'POST', url: `https://${ordersHost}/orders` }, response: { status: 201 } },
]);

describe('calibration from a HAR recording', () => {
  it('fits the round trip from the TCP handshake and each route\'s backend from its median wait', () => {
    const calibration = fitCalibration(model, parseHar(recording, 'shop.har'), { clientProfile: 'browser' });
    assert.deepEqual(calibration.network, { rttMs: 30, downlinkMbps: null, dnsMs: 12 });
    assert.deepEqual(calibration.routes.map(({ api, route, samples, backendMs, rttMs }) => ({ api, route, samples, backendMs, rttMs })), [
      { api: orders.id, route: 'POST /orders', samples: 3, backendMs: 100, rttMs: 30 },
    ]);
    assert.equal(calibration.unmatched, 1, 'the font on another host');
    assert.equal(calibration.skipped, 2, 'the cached response and the entry without timings');
  });

  it('makes the model\'s waiting time of a warm request the recorded median, and its handshake the recorded one', () => {
    const calibration = fitCalibration(model, parseHar(recording, 'shop.har'), { clientProfile: 'browser' });
    const { trace } = runScenario(model, routeRef(orders, orders.routes.find((route) => route.key === 'POST /orders')!), 'series', { clientProfile: 'browser', requests: 2, calibration });
    const timings = requestTimings(trace);
    // The browser's POST with Authorization goes after a preflight, which opens the connection.
    const opener = timings.find((timing) => timing.newConnection)!;
    const [, warm] = timings.filter((timing) => timing.kind === 'request');
    assert.equal(opener.kind, 'preflight');
    assert.ok(Math.abs(warm.phases.wait - 130) < 0.5, `warm wait ${warm.phases.wait} ms`);
    assert.ok(Math.abs(opener.phases.connect - opener.phases.ssl - 30) < 1, `TCP handshake ${opener.phases.connect - opener.phases.ssl} ms`);
    assert.deepEqual(trace.calibration, { source: 'shop.har', samples: 3 });
  });

  it('runs the model\'s browser with the recorded request: a text/plain POST goes without a preflight, a JSON one needs one', () => {
    // An HTTP API without an authorizer (the shop's orders send a token, which a browser always preflights), whose CORS allows one page only.
    const api = readConfigText([
      'openapi: "3.0.1"', 'info: { title: orders, version: "1" }', 'x-amazon-apigateway-cors:', '  allowOrigins: ["https://www.shop.com"]', 'paths:', '  /orders:', '    post:',
      '      x-amazon-apigateway-integration: { type: http_proxy, httpMethod: POST, uri: "https://orders.example.com/orders", payloadFormatVersion: "1.0" }', '',
    ].join('\n'), 'orders.yaml').model;
    const url = `https://${apiHost(api.apis[0])}/orders`;
    const recorded = (contentType: string): string => har([{
      ...entry(url, { dns: 12, connect: 60, ssl: 30, wait: 120 }),
      request: { method: 'POST', url, headers: [{ name: 'Content-Type', value: contentType }], postData: { mimeType: contentType, text: 'sku=A1' } },
    }]);
    const plain = parseHar(recorded('text/plain;charset=UTF-8'), 'plain.har');
    assert.deepEqual([plain.entries[0].contentType, plain.entries[0].requestBody], ['text/plain;charset=UTF-8', 'sku=A1']);
    // From a page the CORS settings do not allow: a simple request is still sent (only its answer is withheld from the
    // page), so it is timed and fitted; a JSON POST waits on a preflight the gateway refuses, and is never sent.
    const foreign = { clientProfile: 'browser', origin: 'https://other.example' };
    assert.equal(fitCalibration(api, plain, foreign).routes[0]?.backendMs, 90);
    assert.equal(compareWithRecording(api, plain, fitCalibration(api, plain, foreign), foreign).length, 1);
    assert.throws(() => fitCalibration(api, parseHar(recorded('application/json'), 'json.har'), foreign), (error: SimulatorError) =>
      error.code === 'CALIBRATION_UNMODELLED' && /POST \/orders: the model's browser client never sends this request \(Access to fetch .* blocked by CORS policy/.test(error.message));
  });

  it('fits the downlink from large responses only', () => {
    const big = (receive: number): Record<string, unknown> => {
      const value = entry(`https://${ordersHost}/orders`, { wait: 100, receive });
      (value.response as Record<string, unknown>).bodySize = 125_000;
      return value;
    };
    // 125,000 bytes in 10, 20 and 25 ms: 100, 50 and 40 Mbit/s; the median is 50.
    const calibration = fitCalibration(model, parseHar(har([big(10), big(20), big(25)]), 'big.har'));
    assert.equal(calibration.network.downlinkMbps, 50);
  });

  it('says where a cut-short recording ends and where a broken one breaks, at its line and column', () => {
    const cut = recording.slice(0, 500);
    assert.throws(() => parseHar(cut, 'cut.har'), (error: unknown) => error instanceof ConfigError && /cut short/.test(error.message) && error.location.line === 1 && error.location.column === 501);
    const broken = '{\n  "log": {\n    "entries": [1,, 2]\n  }\n}';
    assert.throws(() => parseHar(broken, 'broken.har'), (error: unknown) => error instanceof ConfigError && error.location.line === 3 && error.location.column === 19);
    assert.throws(() => parseHar('{"openapi": "3.0.1"}', 'api.json'), /not a HAR recording/);
  });

  it('reads a 50 MB recording (bodies and all) without trouble, and refuses a larger one before parsing', () => {
    const padding = 'x'.repeat(1024 * 1024);
    const entries = Array.from({ length: 50 }, () => entry(`https://${ordersHost}/orders`, { wait: 130 }, { response: { status: 201, content: { size: padding.length, text: padding }, bodySize: 40 } }));
    const file = join(directory, 'large.har');
    writeFileSync(file, har(entries));
    assert.equal(readHarFile(file).entries.length, 50);
    const huge = join(directory, 'huge.har');
    writeFileSync(huge, har([...entries, ...entries]));
    assert.throws(() => readHarFile(huge), /over 64 MB: not read/);
  });

  it('round-trips through a calibration file, and refuses a file that is not one', () => {
    const calibration = fitCalibration(model, parseHar(recording, 'shop.har'));
    assert.deepEqual(parseCalibration(calibrationFileText(calibration), 'shop.calibration.json'), calibration);
    assert.throws(() => parseCalibration('{"network": {}}', 'other.json'), /not a calibration file/);
    assert.throws(() => parseCalibration(calibrationFileText({ ...calibration, network: { rttMs: -3, downlinkMbps: null, dnsMs: null } }), 'bad.json'), /rttMs/);
  });

  it('is apigw-sim calibrate: the fit as --json, the comparison as text, a saved file that simulate --calibration uses', () => {
    const file = join(directory, 'shop.har');
    writeFileSync(file, recording);
    const json = run(['calibrate', file, TEMPLATE, '--json']);
    assert.equal(json.exitCode, 0, json.output);
    assert.deepEqual(JSON.parse(json.output), { network: { rttMs: 30, downlinkMbps: null }, routes: [{ api: orders.id, route: 'POST /orders', samples: 3, backendMs: 100 }], unmatched: 1 });
    const saved = join(directory, 'shop.calibration.json');
    const text = run(['calibrate', file, TEMPLATE, '--save', saved]);
    assert.match(text.output, /calibrated from shop\.har: 3 requests matched to 1 route, 1 matching no route of the config, 2 left out \(served from cache: 1, no timings: 1\)/);
    assert.match(text.output, /Waiting \(TTFB\)\s+130\.0 ms\s+[\d.]+ ms\s+130\.0 ms/);
    const simulated = run(['simulate', TEMPLATE, '--api', orders.id, '--route', 'POST /orders', '--calibration', saved]);
    assert.equal(simulated.exitCode, 0, simulated.output);
    assert.match(simulated.output, /calibrated from shop\.har, 3 requests/);
    assert.equal(run(['calibrate', file]).exitCode, 2);
    assert.equal(run(['calibrate', join(directory, 'missing.har'), TEMPLATE]).exitCode, 2);
  });
});
