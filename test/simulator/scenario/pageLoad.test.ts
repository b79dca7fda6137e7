import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { apiHost, type GatewayModel } from '../../../simulator/model/gateway';
import { canPoolSession, certificateCovers, chooseConnection, MAX_SOCKETS_PER_GROUP } from '../../../simulator/scenario/connectionRules';
import { simulatePageLoad } from '../../../simulator/scenario/pageLoad';
import { pagePlan } from '../../../simulator/scenario/pagePlan';
import { runScenario, traceScenariosFor } from '../../../simulator/scenario/registry';
import { requestTimings } from '../../../simulator/trace/requestTimings';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';

/*
 * The page-load scenario: the shop's product page in a browser, as Chromium runs it. The
 * connection counts are Chromium's rules (connectionRules.ts cites them): over HTTP/1.1 a socket
 * per concurrent request to a host (up to 6), over h2 one connection whose streams are the odd
 * numbers from 1 (RFC 9113 §5.1.1); each other host is a connection of its own.
 */

/** Compiled tests live in out/test/simulator/scenario: the repository root is four levels up. */
const ROOT = join(__dirname, '..', '..', '..', '..');
const shop = (): GatewayModel => readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model;
const STEADY = { networkOverrides: { jitterMs: 0, lossRate: 0 } } as const;

const clientEvents = (trace: Trace, kind: TraceEvent['kind']): TraceEvent[] => trace.events.filter((event) => event.kind === kind && event.from === 'client');
const responses = (trace: Trace): TraceEvent[] => trace.events.filter((event) => event.kind === 'http.response' && event.to === 'client');
/** A request event's target path (the h1 event's detail, or the h2 HEADERS frame's). */
const target = (event: TraceEvent): string => String(event.detail?.target ?? '');
const reads = (trace: Trace): TraceEvent[] => clientEvents(trace, 'http.request').filter((event) => event.detail?.method === 'GET' && event.detail?.upgrade === undefined);

describe('the page-load scenario on the shop', () => {
  const model = shop();

  it('picks the product, its reviews and stock, then the order, then the order-status WebSocket, and says so in the trace', () => {
    const plan = pagePlan(model);
    assert.deepEqual(plan.reads.map((call) => call.route.key), ['GET /products/{productId}', 'GET /products/{productId}/reviews', 'GET /products/{productId}/stock']);
    assert.deepEqual([plan.write?.api.name, plan.write?.route.key, plan.socket?.name], ['shop-orders', 'POST /orders', 'shop-order-status']);
    const { trace } = simulatePageLoad({ model, ...STEADY });
    assert.equal(trace.scenario, 'page');
    assert.deepEqual(trace.page?.reads.map((read) => read.routeKey), plan.reads.map((call) => call.route.key));
    assert.match(trace.page!.calls.join('\n'), /then: shop-orders POST \/orders/);
  });

  it('over HTTP/1.1 opens three connections after one lookup, each handshake done before the three requests, each request on its own connection', () => {
    const { trace } = simulatePageLoad({ model, httpVersion: '1.1', ...STEADY });
    const gets = reads(trace);
    assert.deepEqual(gets.map(target), ['/prod/products/123', '/prod/products/123/reviews', '/prod/products/123/stock']);
    const connections = gets.map((event) => event.connection);
    assert.equal(new Set(connections).size, 3, 'a connection per request');
    const syns = clientEvents(trace, 'tcp.syn').filter((event) => connections.includes(event.connection));
    assert.equal(syns.length, 3);
    const firstRequest = Math.min(...gets.map((event) => event.time));
    assert.ok(syns.every((syn) => syn.time < firstRequest), 'all three TCP handshakes start before the first request');
    const finished = clientEvents(trace, 'tls.finished').filter((event) => connections.includes(event.connection));
    assert.equal(finished.length, 3);
    // Before any GET answer, one DNS query only: the three connections share the host's resolution.
    const firstAnswer = Math.min(...responses(trace).map((event) => event.arrival));
    assert.equal(clientEvents(trace, 'dns.query').filter((event) => event.time < firstAnswer).length, 1);
    for (const timing of requestTimings(trace).filter((row) => row.name.startsWith('GET '))) {
      assert.ok(timing.newConnection && timing.phases.connect > 0 && timing.phases.ssl > 0, `${timing.name} has its own connection phases`);
    }
  });

  it('over h2 opens one connection and sends streams 1, 3 and 5 before any response arrives', () => {
    const { trace } = simulatePageLoad({ model, httpVersion: '2', ...STEADY });
    const gets = reads(trace);
    assert.deepEqual(gets.map((event) => event.detail?.stream), [1, 3, 5]);
    assert.equal(new Set(gets.map((event) => event.connection)).size, 1);
    const connection = gets[0].connection;
    assert.equal(clientEvents(trace, 'tcp.syn').filter((event) => event.connection === connection).length, 1);
    const firstResponse = responses(trace).find((event) => event.connection === connection)!;
    assert.ok(gets.every((event) => event.time < firstResponse.time), 'the three HEADERS leave before the first answer does');
    // The browser knows the host speaks h2, so the other two requests wait for the first one's connection rather than open sockets.
    assert.equal(clientEvents(trace, 'tcp.syn').filter((event) => event.time < firstResponse.time).length, 1);
    // DevTools: the first request opened the connection, the two others waited for it (Stalled) and have no connection phases.
    const [opener, ...joined] = requestTimings(trace).filter((row) => row.name.startsWith('GET '));
    assert.ok(opener.newConnection && opener.phases.dns > 0);
    for (const row of joined) assert.ok(!row.newConnection && row.phases.connect === -1 && row.phases.stalled > 0, `${row.name} waited for the connection`);
  });

  it('places the order after every read has its answer, on a connection of its own to the HTTP API, with the preflight the CORS model asks for', () => {
    for (const httpVersion of ['1.1', '2'] as const) {
      const { trace } = simulatePageLoad({ model, httpVersion, ...STEADY });
      const lastRead = Math.max(...responses(trace).filter((event) => reads(trace).some((read) => read.connection === event.connection)).map((event) => event.arrival));
      const preflight = clientEvents(trace, 'http.request').find((event) => event.detail?.cors === 'preflight')!;
      const order = clientEvents(trace, 'http.request').find((event) => event.detail?.method === 'POST')!;
      // A JSON POST with Authorization is not a simple request (Fetch standard: CORS-safelisted headers), so Chromium preflights it.
      assert.ok(preflight, `${httpVersion}: a preflight`);
      assert.ok(lastRead < preflight.time && preflight.time < order.time, `${httpVersion}: reads, then preflight, then order`);
      assert.equal(preflight.connection, order.connection);
      assert.ok(!reads(trace).some((read) => read.connection === order.connection), 'another host: another connection');
      assert.ok(clientEvents(trace, 'tcp.syn').some((syn) => syn.connection === order.connection), 'with its own handshake');
      assert.ok(trace.events.some((event) => event.kind === 'http.cors_check' && event.name === 'CORS: preflight passed'));
    }
  });

  it('sends no preflight where the page is the API\'s own origin', () => {
    const orders = model.apis.find((api) => api.name === 'shop-orders')!;
    const { trace } = simulatePageLoad({ model, api: orders.id, origin: `https://${apiHost(orders)}`, ...STEADY });
    assert.equal(clientEvents(trace, 'http.request').filter((event) => event.detail?.cors === 'preflight').length, 0);
    assert.ok(clientEvents(trace, 'http.request').some((event) => event.detail?.method === 'POST'));
  });

  it('opens the order-status WebSocket after the order\'s answer, over HTTP/1.1 on a connection of its own, even under h2', () => {
    const { trace } = simulatePageLoad({ model, httpVersion: '2', ...STEADY });
    const order = clientEvents(trace, 'http.request').find((event) => event.detail?.method === 'POST')!;
    const orderAnswer = responses(trace).find((event) => event.connection === order.connection && event.detail?.status !== 204)!;
    const upgrade = clientEvents(trace, 'http.request').find((event) => event.detail?.upgrade === 'websocket')!;
    assert.ok(upgrade.time > orderAnswer.arrival);
    assert.equal(upgrade.detail?.httpVersion, undefined, 'an HTTP/1.1 Upgrade, not an h2 stream');
    assert.ok(clientEvents(trace, 'tcp.syn').some((syn) => syn.connection === upgrade.connection));
    assert.ok(trace.events.some((event) => event.layer === 'ws' && event.connection === upgrade.connection));
    // DevTools lists every request with its phases, the upgrade with its own DNS, connection and TLS.
    const timings = requestTimings(trace);
    assert.deepEqual(timings.map((row) => row.kind), ['request', 'request', 'request', 'preflight', 'request', 'upgrade']);
    assert.ok(timings.at(-1)!.newConnection && timings.at(-1)!.phases.dns > 0);
  });

  it('gives the same trace for the same seed, byte for byte', () => {
    const json = (seed: number): string => JSON.stringify(simulatePageLoad({ model, seed }).trace, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value));
    assert.equal(json(7), json(7));
    assert.notEqual(json(7), json(8));
  });
});

describe('the page-load scenario with more reads than Chromium opens sockets', () => {
  // A catalogue of eight GET routes: the page reads seven at once (the cap raised), one more than HTTP/1.1's 6 sockets per host.
  const model = readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model;
  const products = model.apis.find((api) => api.name === 'shop-products')!;
  const template = products.routes.find((route) => route.key === 'GET /products/{productId}')!;
  for (const name of ['images', 'sizes', 'colours', 'questions']) products.routes.push({ ...template, key: `GET /products/{productId}/${name}` });

  it('queues the seventh until a socket frees, and DevTools shows the wait as Stalled on a reused connection', () => {
    const { trace } = simulatePageLoad({ model, httpVersion: '1.1', reads: 7, ...STEADY });
    const gets = reads(trace);
    assert.equal(gets.length, 7);
    assert.equal(new Set(gets.map((event) => event.connection)).size, MAX_SOCKETS_PER_GROUP);
    const seventh = gets[6];
    const freed = responses(trace).find((event) => event.connection === seventh.connection)!;
    assert.ok(seventh.time >= freed.arrival, 'sent on a socket once its answer arrived');
    const row = requestTimings(trace).find((timing) => timing.requestEvent === seventh.id)!;
    assert.ok(!row.newConnection && row.phases.connect === -1);
    assert.ok(row.phases.stalled >= freed.arrival - row.start - 1e-9, 'Stalled covers the wait for a socket');
  });
});

describe('Chromium\'s connection rules', () => {
  it('opens up to 6 sockets per host over HTTP/1.1, then queues; reuses an idle one first; waits for an h2 session being opened', () => {
    const state = { session: false, opening: false, knownH2: false, idle: 0, sockets: 0 };
    assert.equal(chooseConnection(state), 'open');
    assert.equal(chooseConnection({ ...state, sockets: 5 }), 'open');
    assert.equal(chooseConnection({ ...state, sockets: 6 }), 'queue');
    assert.equal(chooseConnection({ ...state, sockets: 6, idle: 1 }), 'idle');
    assert.equal(chooseConnection({ ...state, knownH2: true, opening: true, sockets: 1 }), 'await-session');
    assert.equal(chooseConnection({ ...state, opening: true, sockets: 1 }), 'open', 'not known to speak h2: a socket of its own');
    assert.equal(chooseConnection({ ...state, session: true, sockets: 1 }), 'session');
  });

  it('pools another host onto an h2 session only when the certificate covers it and it resolves to the session\'s address', () => {
    const session = { host: 'a1.execute-api.us-east-1.amazonaws.com', certificateNames: ['*.execute-api.us-east-1.amazonaws.com'], address: '203.0.113.10' };
    assert.ok(canPoolSession(session, 'a1.execute-api.us-east-1.amazonaws.com', ['198.51.100.1']), 'the same host');
    assert.ok(canPoolSession(session, 'b2.execute-api.us-east-1.amazonaws.com', ['203.0.113.10', '203.0.113.11']));
    assert.ok(!canPoolSession(session, 'b2.execute-api.us-east-1.amazonaws.com', ['203.0.113.11']), 'another address');
    assert.ok(!canPoolSession(session, 'api.shop.com', ['203.0.113.10']), 'not on the certificate');
    assert.ok(certificateCovers('*.example.com', 'api.example.com'));
    assert.ok(!certificateCovers('*.example.com', 'a.b.example.com'), 'a wildcard is one label (RFC 6125 §6.4.3)');
    assert.ok(!certificateCovers('*.example.com', 'example.com'));
  });

  it('shares one connection between two APIs behind one custom domain (API mappings), without a second lookup or handshake', () => {
    const model = shop();
    for (const api of model.apis.filter((candidate) => candidate.type !== 'WEBSOCKET')) api.customDomain = { domainName: 'api.shop.example', endpointType: 'REGIONAL' };
    for (const api of model.apis) if (api.type !== 'WEBSOCKET') api.endpointType = 'REGIONAL';
    // The page is served from the API's own host name, so no preflight stands between the reads and the order.
    const { trace } = simulatePageLoad({ model, httpVersion: '2', origin: 'https://api.shop.example', ...STEADY });
    const order = clientEvents(trace, 'http.request').find((event) => event.detail?.method === 'POST')!;
    assert.equal(order.connection, reads(trace)[0].connection);
    const httpConnections = new Set(clientEvents(trace, 'http.request').filter((event) => event.detail?.upgrade === undefined).map((event) => event.connection));
    assert.equal(httpConnections.size, 1);
    assert.equal(clientEvents(trace, 'dns.query').filter((event) => event.name.includes('api.shop.example')).length, 1);
  });
});

describe('the page scenario in the registry', () => {
  it('is offered for REST and HTTP routes and runs on the route\'s API', () => {
    assert.ok(traceScenariosFor('REST').includes('page'));
    assert.ok(traceScenariosFor('HTTP').includes('page'));
    assert.ok(!traceScenariosFor('WEBSOCKET').includes('page'));
    const model = shop();
    const run = runScenario(model, { apiId: 'ProductsApi', routeKey: 'GET /products/{productId}' }, 'page', STEADY);
    assert.equal(run.trace.scenario, 'page');
    assert.equal(run.trace.page?.reads.length, 3);
    assert.ok(run.costUsd > 0);
  });
});

describe('the page-load scenario on a slow first connection under h2', () => {
  // 200 ms to the edge: DNS, TCP and TLS take over 400 ms, longer than Chromium holds a request for another's h2 connection (300 ms).
  const slow = { networkOverrides: { jitterMs: 0, lossRate: 0, clientToEdgeRttMs: 200 } } as const;

  it('lets the held requests open sockets of their own after 300 ms, then sends them on the first session once it is up and closes those sockets', () => {
    const { trace } = simulatePageLoad({ model: shop(), httpVersion: '2', ...slow });
    const gets = reads(trace);
    assert.deepEqual(gets.map((event) => event.detail?.stream), [1, 3, 5]);
    assert.equal(new Set(gets.map((event) => event.connection)).size, 1);
    const syns = clientEvents(trace, 'tcp.syn').filter((event) => event.time < gets[0].time);
    assert.equal(syns.length, 3, 'the first socket, and two opened when the 300 ms hold ran out');
    // Chromium posts the hold when the request asks for a connection, before the host is resolved: the page started at 0.
    assert.ok(syns[1].time >= 300 && syns[2].time >= 300 && syns[0].time < 300, `SYNs at ${syns.map((syn) => syn.time.toFixed(1)).join(', ')} ms`);
    // The two later sockets carry no request, and the client closes them once their handshakes are done.
    for (const syn of syns.slice(1)) {
      assert.ok(!gets.some((event) => event.connection === syn.connection));
      assert.ok(trace.events.some((event) => event.kind === 'tcp.fin' && event.from === 'client' && event.connection === syn.connection));
    }
  });
});
