import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fitCalibration } from '../../../simulator/calibration/calibrationFit';
import { parseHar } from '../../../simulator/calibration/harRecording';
import { readConfigText } from '../../../simulator/config/configFile';
import { makeLiveCertificate } from '../../../simulator/live/certificate';
import { DelayRelay } from '../../../simulator/live/delayRelay';
import { Stopwatch } from '../../../simulator/live/stopwatch';
import { routeRef, runScenario, type RunOptions } from '../../../simulator/scenario/registry';
import { requestTimings } from '../../../simulator/trace/requestTimings';
import { CHROMIUM_SKIP, launchChromium } from '../../helpers/headlessChromium';

/*
 * Calibration held to a real browser: headless Chromium (Debian's, driven by playwright-core)
 * loads a page from a local origin that calls an API on 127.0.0.1 over TLS through the live
 * mode's delay relay (a known one-way delay each way) while playwright records Chromium's own
 * HAR. `calibrate` must recover the injected round trip from that HAR within 10%, and the
 * calibrated model must then predict the request's time to first byte (the median of its
 * recorded samples) within 10%.
 *
 * The relay is user space: the kernel answers Chromium's SYN at once, so Chromium's TCP
 * handshake here is a few ms at most (asserted) and the round trip is fitted from the TLS handshake,
 * the path a HAR recorded through a local proxy takes too. For the same reason the time to
 * first byte is compared from the TLS handshake on (SSL + Request sent + Waiting).
 */

const HOST = 'k7m2p9q4r1.execute-api.us-east-1.amazonaws.com';
const ONE_WAY_MS = 100;
const PROCESSING_MS = 30;
const REQUESTS = 5;

/** An HTTP API with POST /orders to an HTTP backend: no Lambda cold start to tell apart from the network. */
const CONFIG = `openapi: "3.0.1"
info: { title: orders, version: "1" }
x-amazon-apigateway-importexport-version: "1.0"
x-amazon-apigateway-cors:
  allowOrigins: ["*"]
paths:
  /orders:
    post:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: POST
        uri: https://orders.example.com/orders
        payloadFormatVersion: "1.0"
`;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
}

async function recordChromiumHar(directory: string): Promise<string> {
  const certificate = makeLiveCertificate(HOST);
  // The API: each answer after the integration's time, closing the connection so every request opens one.
  const api = createHttpsServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    request.resume();
    request.on('end', () => setTimeout(() => {
      response.writeHead(201, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', Connection: 'close' });
      response.end('{"orderId":"o-1"}');
    }, PROCESSING_MS));
  });
  const apiPort = await listen(api);
  const relay = await DelayRelay.start(apiPort, ONE_WAY_MS, new Stopwatch());
  const url = `https://${HOST}:${relay.address.port}/orders`;
  // text/plain POSTs are simple requests (Fetch standard): no preflight in the way. A first call
  // to /warmup (no route of the config: calibrate leaves it out) takes the browser's one-off
  // costs of its first TLS connection in a session, which no model of a request includes.
  const fetches = [`${url.replace('/orders', '/warmup')}`, ...Array.from({ length: REQUESTS }, () => url)];
  const page = `<!doctype html><script>(async () => { for (const url of ${JSON.stringify(fetches)}) await (await fetch(url, { method: 'POST', body: 'sku=A1' })).text(); document.title = 'done'; })();</script>`;
  const origin = createHttpServer((_request, response) => { response.writeHead(200, { 'Content-Type': 'text/html' }); response.end(page); });
  const originPort = await listen(origin);
  const browser = await launchChromium([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
  const harPath = join(directory, 'chromium.har');
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, recordHar: { path: harPath, content: 'omit' } });
    const tab = await context.newPage();
    await tab.goto(`http://127.0.0.1:${originPort}/`);
    await tab.waitForFunction('document.title === "done"', undefined, { timeout: 30_000 });
    // The HAR is written when the context closes.
    await context.close();
  } finally {
    await browser.close();
    await relay.close();
    await close(origin);
    await close(api);
  }
  return readFileSync(harPath, 'utf8');
}


describe('calibration from Chromium\'s own HAR', { skip: CHROMIUM_SKIP }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-chromium-har-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('recovers the injected round trip within 10%, and the calibrated model predicts each time to first byte within 10%', async () => {
    const recording = parseHar(await recordChromiumHar(directory), 'chromium.har');
    const { model } = readConfigText(CONFIG, 'orders.yaml');
    const entries = recording.entries.filter((entry) => entry.url.hostname === HOST && entry.url.pathname === '/orders');
    assert.equal(entries.length, REQUESTS, `Chromium's HAR has the ${REQUESTS} requests`);
    for (const entry of entries) {
      const tcp = entry.timings.connect - entry.timings.ssl;
      assert.ok(tcp < entry.timings.ssl / 4, `the relay's kernel answered the SYN at once (TCP ${tcp.toFixed(1)} ms, TLS ${entry.timings.ssl.toFixed(1)} ms)`);
    }

    // The model's browser sends what the page sends: a simple text/plain POST, no preflight.
    const asThePage: RunOptions = { clientProfile: 'browser', requestHeaders: [['Content-Type', 'text/plain;charset=UTF-8']], requestBody: 'sku=A1' };
    const calibration = fitCalibration(model, recording, asThePage);
    const injected = 2 * ONE_WAY_MS;
    assert.equal(calibration.samples, REQUESTS);
    assert.ok(calibration.network.rttMs !== null && Math.abs(calibration.network.rttMs - injected) <= 0.1 * injected, `round trip ${calibration.network.rttMs} ms, injected ${injected} ms`);

    const api = model.apis[0];
    const { trace } = runScenario(model, routeRef(api, api.routes[0]), 'request', { ...asThePage, calibration });
    const [modelled] = requestTimings(trace);
    assert.equal(modelled.kind, 'request', 'no preflight in the model either');
    const predicted = modelled.phases.ssl + modelled.phases.send + modelled.phases.wait;
    // The request's time as the recording has it: the median of its samples (one sample can catch a busy scheduler).
    const samples = entries.map((entry) => entry.timings.ssl + entry.timings.send + entry.timings.wait).sort((a, b) => a - b);
    const recorded = samples[samples.length >> 1];
    assert.ok(Math.abs(predicted - recorded) <= 0.1 * recorded, `POST /orders: recorded ${recorded.toFixed(1)} ms from the TLS handshake to the first byte (samples ${samples.map((value) => value.toFixed(0)).join(', ')}), the calibrated model ${predicted.toFixed(1)} ms`);
  });
});
