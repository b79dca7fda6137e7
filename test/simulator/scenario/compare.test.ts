import assert from 'node:assert/strict';
import { apiHost } from '../../../simulator/model/gateway';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParameterError, SimulatorError } from '../../../simulator/errors';
import { monthlyCost } from '../../../simulator/gateway/pricing';
import { readConfig } from '../../../simulator/config/configFile';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import { compareApiTypes } from '../../../simulator/scenario/compare';
import { simulatePollingVsPush } from '../../../simulator/scenario/pollingVsPush';
import { runLoad, runScenario } from '../../../simulator/scenario/registry';
import { fillerBody } from '../../../simulator/scenario/topology';
import { validateWorkload, workload, WORKLOADS } from '../../../simulator/scenario/workloads';

const SHOP = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');
const model = modelFromJson(readFileSync(SHOP, 'utf8'), SHOP);

describe('compare', () => {
  const shop = compareApiTypes(workload('shop'));
  const [rest, http, ws] = shop.results;

  it('runs the workload through REST, HTTP and WebSocket APIs', () => {
    assert.deepEqual(shop.results.map((result) => result.apiType), ['REST', 'HTTP', 'WEBSOCKET']);
  });

  it('prices the month from the workload: 1,000 clients x (2 calls + a poll every 10 s) per minute, REST tiers', () => {
    const requests = 1000 * (2 + 6) * 30 * 24 * 60;
    assert.equal(rest.monthlyUnits, requests);
    assert.equal(rest.monthlyCostUsd, monthlyCost('REST', { units: requests }).totalUsd);
  });

  it('finds a warm request cheaper in round trips than a cold one, and a push faster than polling', () => {
    assert.equal(http.coldRoundTrips, 3);
    assert.equal(http.warmRoundTrips, 1);
    assert.ok(http.warmLatencyMs < http.coldLatencyMs);
    assert.ok(ws.updateNoticeMs < 100 && http.updateNoticeMs > 5000);
  });

  it('reports request header bytes for a first and a later request under HTTP/1.1 and HTTP/2', () => {
    for (const row of shop.results.slice(0, 2)) {
      const bytes = row.requestHeaderBytes;
      assert.ok(bytes, `${row.apiType} has header bytes`);
      // HTTP/1.1 has no header compression: a later request repeats its head (RFC 9112 §5); the same request twice.
      assert.equal(bytes.http1.later, bytes.http1.first);
      // HPACK (RFC 7541 §2.3): the later request's fields are indexed from the first's dynamic table entries.
      assert.ok(bytes.http2.first < bytes.http1.first && bytes.http2.later < bytes.http2.first / 4, JSON.stringify(bytes));
    }
    assert.equal(shop.results[2].requestHeaderBytes, undefined, 'WebSocket messages have no request headers');
  });

  it('measures the WebSocket frame overhead as RFC 6455 sizes it: 2 bytes down, 6 or 8 up (masked)', () => {
    assert.ok(ws.overheadDownBytes === 2 || ws.overheadDownBytes === 4, `${ws.overheadDownBytes}`);
    assert.ok(ws.overheadUpBytes === 6 || ws.overheadUpBytes === 8, `${ws.overheadUpBytes}`);
  });

  it('checks the rules of thumb with the model\'s numbers', () => {
    const rule = (text: string) => shop.rules.find((candidate) => candidate.rule.startsWith(text))!;
    assert.equal(rule('HTTP APIs cost about 70% less').holds, true, rule('HTTP APIs cost about 70% less').finding);
    assert.equal(rule('Every HTTP request pays').holds, false);
    assert.equal(rule('Polling costs more than push').holds, true);
    // At ticker volumes the REST and HTTP tiers narrow the gap well below 70%.
    const ticker = compareApiTypes(workload('ticker'));
    assert.equal(ticker.rules[0].holds, false, ticker.rules[0].finding);
    assert.match(ticker.results[2].breaksFirst, /@connections calls: 50000\/s/);
    assert.match(ticker.results[1].breaksFirst, /account throttle/);
  });

  it('uses the user\'s own APIs when a model is given', () => {
    const result = compareApiTypes(workload('shop'), { model });
    assert.deepEqual(result.results.map((entry) => entry.api), ['shop-products', 'shop-orders', 'shop-order-status']);
  });

  it('measures each API type on a route named by API id and route key, through the scenario registry', () => {
    // serverless.yml's REST and HTTP APIs are both named dev-catalog: only their ids tell them apart.
    const sameName = readConfig(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'serverless', 'rest-and-http-same-name.yml')).model;
    const shopWorkload = workload('shop');
    const result = compareApiTypes(shopWorkload, { model: sameName });
    const [restResult, httpResult] = result.results;
    assert.deepEqual([restResult.api, httpResult.api], ['dev-catalog', 'dev-catalog']);
    assert.deepEqual(restResult.route, { apiId: 'ApiGatewayRestApi', routeKey: 'GET /items' });
    assert.deepEqual(httpResult.route, { apiId: 'HttpApi', routeKey: 'POST /suggest' });
    for (const entry of [restResult, httpResult]) {
      const body = (bytes: number): string => Buffer.from(fillerBody(bytes)).toString('latin1');
      const conditions = { dnsCache: 'hit', clientProfile: 'browser' } as const;
      // compare measures from a page on the API's own origin (no CORS preflight, no Origin header): so does this.
      const sameOrigin = `https://${apiHost(sameName.apis.find((api) => api.id === entry.route.apiId)!)}`;
      const { trace } = runScenario(sameName, entry.route, 'series', {
        ...conditions, origin: sameOrigin, requests: 2, requestBody: body(shopWorkload.requestBytes), backend: { body: body(shopWorkload.responseBytes), durationMs: 20 },
      });
      const [cold, warm] = trace.summary.exchanges;
      assert.equal(entry.coldLatencyMs, cold.firstByte - cold.start, entry.route.apiId);
      assert.equal(entry.warmLatencyMs, warm.firstByte - warm.start, entry.route.apiId);
      const perSecond = (shopWorkload.clients * (shopWorkload.requestsPerMinute + 60 / shopWorkload.pollIntervalSeconds)) / 60;
      const load = runLoad(sameName, entry.route, { ...conditions, ratePerSecond: perSecond, durationSeconds: 60 });
      assert.equal(entry.p99LatencyMs, load.result.latencyMs.p99, entry.route.apiId);
    }
    assert.deepEqual(result.results[2].route, { apiId: 'wsref00001', routeKey: '$default' }, 'the reference WebSocket API where the config has none');
  });

  it('sends the WebSocket API\'s session route its own message, exactly as large as the workload\'s request', () => {
    const websocket = (requestBytes: number) => compareApiTypes({ ...workload('shop'), requestBytes }, { model }).results[2];
    assert.deepEqual(websocket(200).route, { apiId: 'k1l2m3n4o5', routeKey: 'subscribe' });
    // 100 bytes more of request are 100 bytes more on the wire: the filler adds no JSON escapes.
    assert.equal(websocket(300).bytesUpPerMessage - websocket(200).bytesUpPerMessage, 100);
  });

  it('knows the five presets and checks a workload file, naming the bad field', () => {
    assert.deepEqual(Object.keys(WORKLOADS), ['shop', 'banking', 'chat', 'ticker', 'gaming']);
    assert.throws(() => workload('crypto'), (error: ParameterError) => error.parameter === 'workload');
    assert.throws(() => validateWorkload({ clients: 0, requestsPerMinute: 1, updatesPerMinute: 0, requestBytes: 1, responseBytes: 1 }), (error: ParameterError) => error.parameter === 'workload.clients');
  });
});

describe('polling vs push', () => {
  const result = simulatePollingVsPush({ model, pollApi: 'shop-orders', pollRoute: 'GET /orders/{orderId}', pushApi: 'shop-order-status', pollIntervalMs: 5000, updateTimesMs: [2000, 5000, 9000], dnsCache: 'hit' });

  it('learns every update by both ways, far sooner by push', () => {
    assert.equal(result.polling.noticeDelaysMs.length, 3);
    assert.equal(result.push.noticeDelaysMs.length, 3);
    assert.ok(result.push.maxNoticeMs < 100);
    // A poll every 5 s sees an update up to 5 s (plus a round trip) after it happens.
    assert.ok(result.polling.maxNoticeMs > 1000 && result.polling.maxNoticeMs < 5200);
  });

  it('polls until a poll sent after the last update has answered', () => {
    const polls = result.polling.trace.summary.exchanges;
    assert.ok(polls.some((poll) => poll.start >= 9000));
    assert.equal(result.polling.billableUnits, polls.length);
  });

  it('puts the break-even interval where the monthly costs meet', () => {
    const again = simulatePollingVsPush({ model, pollApi: 'shop-orders', pollRoute: 'GET /orders/{orderId}', pushApi: 'shop-order-status', pollIntervalMs: result.breakEvenPollIntervalMs!, dnsCache: 'hit' });
    assert.ok(Math.abs(again.polling.monthlyCostUsd - again.push.monthlyCostUsd) / again.push.monthlyCostUsd < 0.15, `${again.polling.monthlyCostUsd} vs ${again.push.monthlyCostUsd}`);
  });
});

describe('compare on a WebSocket API whose $connect is authorized', () => {
  const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures');
  const read = (path: string) => readConfig(join(FIXTURES, path)).model;

  it('opens the session with what the authorizer asks for: a Lambda authorizer on a query ticket and Origin, and IAM', () => {
    for (const [fixture, api] of [['cloudformation/http-websocket.yaml', 'chat-messages'], ['sam/explicit-apis.yaml', 'payment-notifications']]) {
      const ws = compareApiTypes(workload('shop'), { model: read(fixture) }).results.find((result) => result.apiType === 'WEBSOCKET')!;
      assert.equal(ws.api, api, fixture);
      assert.ok(ws.warmLatencyMs > 0 && ws.bytesUpPerMessage > 0 && ws.bytesDownPerMessage > 0, fixture);
    }
  });

  it('says why when the session is refused, instead of failing on the missing frames', () => {
    // $connect names an authorizer the API does not have: API Gateway answers 500 before any message.
    const model = read('cloudformation/http-websocket.yaml');
    const broken = { ...model, apis: model.apis.map((api) => (api.type !== 'WEBSOCKET' ? api : { ...api, routes: api.routes.map((route) => (route.key === '$connect' ? { ...route, authorizerId: 'gone' } : route)) })) };
    assert.throws(() => compareApiTypes(workload('shop'), { model: broken }), (error: unknown) => {
      assert.ok(error instanceof SimulatorError);
      assert.equal(error.code, 'SESSION_REFUSED');
      assert.match(error.message, /^compare: the WebSocket session on chat-messages \(route sendMessage\) was answered 500 Internal Server Error \(\w+: .+\), so no message or push could be measured$/);
      return true;
    });
  });
});

describe('a GET route compared with a workload that sends a body', () => {
  it('counts no body the GET did not send: its header overhead is positive over h2 too, and the Compare view accepts the result', () => {
    const gateway = modelFromJson(readFileSync(SHOP, 'utf8'), SHOP);
    const result = compareApiTypes(WORKLOADS.shop, { model: gateway, clientProfile: 'browser' });
    const rest = result.results.find((entry) => entry.apiType === 'REST')!;
    assert.equal(rest.route.routeKey.startsWith('GET '), true, 'the REST row is measured on a GET');
    for (const entry of result.results) assert.ok(entry.overheadUpBytes > 0, `${entry.apiType}: ${entry.overheadUpBytes} B of overhead`);
    assert.ok(rest.requestHeaderBytes && rest.requestHeaderBytes.http2.later > 0 && rest.requestHeaderBytes.http2.later < rest.requestHeaderBytes.http1.later);
  });
});
