import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import { DEFAULT_GATEWAY_LATENCY } from '../../../simulator/gateway/latencyProfile';
import type { GatewayModel } from '../../../simulator/model/gateway';
import { PREFLIGHT_TO_REQUEST_MS } from '../../../simulator/scenario/cors/browserCors';
import { simulatePageLoad } from '../../../simulator/scenario/pageLoad';
import { runScenario, type RunOptions, type TraceScenarioId } from '../../../simulator/scenario/registry';
import { criticalEventIds, criticalPathAt, criticalPaths, criticalPathSentence, type CriticalPath, type CriticalSegmentKind } from '../../../simulator/trace/criticalPath';
import { isPureAck } from '../../../simulator/trace/eventQueries';
import { requestTimings } from '../../../simulator/trace/requestTimings';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';

/*
 * The critical path of each request: the chain of waits from its start to the first byte of its
 * answer. The time to first byte each test expects is measured here from the events' own
 * timestamps (the answer's arrival at the client minus the moment the request began: the
 * client's first DNS query for a request that opened the connection, its own send on a
 * kept-alive one), never taken from the module under test or from the summary.
 */

/** Compiled tests live in out/test/simulator/trace: the repository root is four levels up. */
const MODEL_TEXT = readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json'), 'utf8');
const shop: GatewayModel = modelFromJson(MODEL_TEXT, 'examples/shop/gateway.json');

/** The shop's product API with a TOKEN Lambda authorizer on GET /products/{productId}: a REST API with an authorizer. */
const withRestAuthorizer: GatewayModel = modelFromJson(MODEL_TEXT
  .replace('"authorizers": [],', '"authorizers": [{ "id": "products-auth", "type": "TOKEN", "functionName": "productsAuthorizer", "identitySources": ["method.request.header.Authorization"] }],')
  .replace('{ "key": "GET /products/{productId}", "integrationId": "get-product" }', '{ "key": "GET /products/{productId}", "integrationId": "get-product", "authorizerId": "products-auth" }'), 'gateway.json');

function run(model: GatewayModel, apiName: string, routeKey: string, scenario: TraceScenarioId, options: RunOptions = {}): Trace {
  const api = model.apis.find((candidate) => candidate.name === apiName)!;
  return runScenario(model, { apiId: api.id, routeKey }, scenario, options).trace;
}

const CASES: readonly { title: string; trace: () => Trace }[] = [
  { title: 'a REST request through the edge and WAF', trace: () => run(shop, 'shop-products', 'GET /products/{productId}', 'request') },
  { title: 'a series of five on one connection', trace: () => run(shop, 'shop-products', 'GET /products/{productId}', 'series') },
  { title: 'a REST request with a Lambda authorizer', trace: () => run(withRestAuthorizer, 'shop-products', 'GET /products/{productId}', 'request') },
  { title: 'an HTTP API request with a JWT authorizer', trace: () => run(shop, 'shop-orders', 'GET /orders/{orderId}', 'request') },
  { title: 'a WebSocket $connect', trace: () => run(shop, 'shop-order-status', '$connect', 'ws-session') },
  { title: 'a CORS-preflighted POST from a browser, three times', trace: () => run(shop, 'shop-orders', 'POST /orders', 'series', { clientProfile: 'browser', requests: 3 }) },
  { title: 'a cold start', trace: () => run(shop, 'shop-products', 'GET /products/{productId}', 'request', { faults: ['cold-start'] }) },
];

/** The request's answer at the client: its first message to the client on the request's connection (and HTTP/2 stream). */
function answerOf(trace: Trace, path: CriticalPath): TraceEvent {
  const request = trace.events[path.timing.requestEvent];
  const answer = trace.events.find((event) => event.id > request.id && event.to === 'client' && event.kind === 'http.response'
    && event.connection === request.connection && event.detail?.stream === request.detail?.stream);
  assert.ok(answer, `${path.timing.name} has an answer`);
  return answer;
}

/**
 * When the request began, from the events: the trace's first event (its DNS query) for the first; on the kept-alive
 * connection, when the answer before it arrived, as the series writes the next request on reading an answer (no
 * interval). Its own send can be later: a quick ACK of that answer, sent first, holds the link (tcp.ts).
 */
function beganAt(trace: Trace, path: CriticalPath, first: boolean): number {
  if (first) return trace.events[0].time;
  const request = trace.events[path.timing.requestEvent];
  const answers = trace.events.filter((event) => event.id < request.id && event.to === 'client' && event.kind === 'http.response' && event.connection === request.connection);
  return answers.length > 0 ? Math.max(...answers.map((event) => event.arrival)) : request.time;
}

/** The kinds of the segments that take time (a passed throttle check is on the path but takes none). */
function kinds(path: CriticalPath): CriticalSegmentKind[] {
  return path.segments.filter((segment) => segment.duration > 0).map((segment) => segment.kind);
}

describe('critical path', () => {
  for (const { title, trace: make } of CASES) {
    it(`adds up to each request's time to first byte, measured from the events: ${title}`, () => {
      const trace = make();
      const paths = criticalPaths(trace);
      assert.ok(paths.length > 0);
      paths.forEach((path, index) => {
        const answer = answerOf(trace, path);
        // The scenario begins its first request, and a browser its preflight, at the start: a preflight is the first wait of the request it clears.
        const first = paths.findIndex((other) => (other.timing.kind === 'preflight') === (path.timing.kind === 'preflight')) === index;
        const measured = answer.arrival - beganAt(trace, path, first);
        const sum = path.segments.reduce((total, segment) => total + segment.duration, 0);
        assert.ok(Math.abs(sum - measured) < 1e-9, `${path.timing.name}: segments add up to ${sum} ms, the events say ${measured} ms`);
        // The segments tile the time: each begins where the one before it ended, none overlaps another.
        path.segments.forEach((segment, index) => {
          assert.ok(segment.duration >= 0, `${path.timing.name}: ${segment.kind} has a length`);
          if (index > 0) {
            const before = path.segments[index - 1];
            assert.ok(Math.abs(before.start + before.duration - segment.start) < 1e-9, `${path.timing.name}: ${segment.kind} starts where ${before.kind} ended`);
          }
        });
        assert.ok(Math.abs(path.segments.reduce((total, segment) => total + segment.share, 0) - 1) < 1e-9, 'the shares add up to the whole');
        assert.equal(path.largest?.duration, Math.max(...path.segments.map((segment) => segment.duration)));
      });
    });
  }

  it('sets the DNS, TCP and TLS segments of a new connection from the query, the SYN and the ClientHello', () => {
    const trace = run(shop, 'shop-products', 'GET /products/{productId}', 'request');
    const [path] = criticalPaths(trace);
    const at = (kind: TraceEvent['kind']): number => trace.events.find((event) => event.kind === kind && event.from === 'client')!.time;
    const request = trace.events.find((event) => event.kind === 'http.request' && event.from === 'client')!;
    assert.deepEqual(kinds(path).slice(0, 4), ['dns', 'tcp', 'tls', 'request']);
    const [dns, tcp, tls] = path.segments;
    assert.equal(dns.duration, trace.events.find((event) => event.kind === 'dns.response')!.arrival - at('dns.query'));
    assert.ok(Math.abs(tcp.duration - (at('tls.client_hello') - at('tcp.syn'))) < 1e-9);
    // As DevTools counts SSL: the ClientHello to the moment the request is written.
    assert.ok(Math.abs(tls.duration - (request.time - at('tls.client_hello'))) < 1e-9);
    // Through an edge-optimized endpoint the request crosses CloudFront both ways.
    assert.deepEqual(kinds(path).slice(3), ['request', 'edge', 'gateway', 'waf', 'integration', 'edge', 'response']);
  });

  it('gives a browser\'s simple request no preflight, and its TLS segment the ClientHello to the request, as DevTools counts SSL', () => {
    const trace = run(shop, 'shop-products', 'GET /products/{productId}', 'request', { clientProfile: 'browser' });
    assert.ok(trace.events.some((event) => event.kind === 'http.cors_check'), 'the browser checked CORS');
    const [path] = criticalPaths(trace);
    assert.ok(!path.segments.some((segment) => segment.kind === 'preflight'), kinds(path).join(', '));
    const hello = trace.events.find((event) => event.kind === 'tls.client_hello' && event.from === 'client')!;
    const tls = path.segments.filter((segment) => segment.kind === 'tls');
    assert.equal(tls.length, 1);
    assert.ok(Math.abs(tls[0].duration - (trace.events[path.timing.requestEvent].time - hello.time)) < 1e-9);
  });

  it('puts no DNS, TCP or TLS on the path of the later requests of a kept-alive series', () => {
    const [first, ...later] = criticalPaths(run(shop, 'shop-products', 'GET /products/{productId}', 'series'));
    assert.ok(kinds(first).includes('tls'));
    assert.equal(later.length, 4);
    for (const path of later) assert.deepEqual(kinds(path).filter((kind) => kind === 'dns' || kind === 'tcp' || kind === 'tls'), [], path.timing.name);
  });

  it('counts a browser\'s preflight once, as one wait before the request, and not again once it is cached', () => {
    const trace = run(shop, 'shop-orders', 'POST /orders', 'series', { clientProfile: 'browser', requests: 3 });
    const paths = criticalPaths(trace);
    assert.deepEqual(paths.map((path) => path.timing.kind), ['preflight', 'request', 'request', 'request']);
    const [options, post, ...later] = paths;
    assert.ok(!kinds(options).includes('preflight'), 'the preflight\'s own path shows what it waited on');
    assert.deepEqual(kinds(post).filter((kind) => kind === 'preflight'), ['preflight']);
    const preflight = post.segments.find((segment) => segment.kind === 'preflight')!;
    const sent = trace.events[options.timing.requestEvent];
    assert.equal(preflight.start, sent.time);
    // From the OPTIONS to the POST's leaving: the answer's round trip, then the browser's check of it before it sends the POST.
    const postSent = trace.events[post.timing.requestEvent];
    assert.ok(Math.abs(preflight.duration - (postSent.time - sent.time)) < 1e-9);
    assert.ok(Math.abs(postSent.time - answerOf(trace, options).arrival - PREFLIGHT_TO_REQUEST_MS) < 1e-9, 'the POST leaves the browser\'s check after the answer');
    // Access-Control-Max-Age 600 s: the later POSTs go without one (and on the kept-alive connection).
    // The JWT's signing keys are cached by then: the authorizer is the gateway's own check.
    for (const path of later) assert.deepEqual(kinds(path), ['request', 'gateway', 'authorizer', 'integration', 'response'], path.timing.name);
  });

  it('has an authorizer segment for a REST Lambda authorizer, an HTTP API JWT authorizer and a WebSocket $connect', () => {
    for (const trace of [run(withRestAuthorizer, 'shop-products', 'GET /products/{productId}', 'request'), run(shop, 'shop-orders', 'GET /orders/{orderId}', 'request'), run(shop, 'shop-order-status', '$connect', 'ws-session')]) {
      const [path] = criticalPaths(trace);
      const authorizer = path.segments.filter((segment) => segment.kind === 'authorizer');
      assert.equal(authorizer.length, 1, path.timing.name);
      // Every event of the segment is the authorizer's: a call to it, its answer, its steps or the gateway's token checks.
      const kindOf = new Map(trace.participants.map((participant) => [participant.id, participant.kind]));
      for (const id of authorizer[0].events) {
        const event = trace.events[id];
        assert.ok(kindOf.get(event.from) === 'authorizer' || kindOf.get(event.to) === 'authorizer' || event.kind === 'gateway.authorize' || event.detail?.pipelineStage === 'authorizer', `${path.timing.name}: ${event.name}`);
      }
    }
  });

  it('splits a Lambda cold start from its handler and names it what to fix first', () => {
    const [path] = criticalPaths(run(shop, 'shop-products', 'GET /products/{productId}', 'request', { faults: ['cold-start'] }));
    const cold = path.segments.filter((segment) => segment.kind === 'cold-start');
    assert.equal(cold.length, 1);
    // Within rounding: the duration is a difference of two event times.
    assert.ok(Math.abs(cold[0].duration - DEFAULT_GATEWAY_LATENCY.lambdaColdStartMs) < 1e-9, `${cold[0].duration} ms`);
    assert.equal(path.largest?.kind, 'cold-start');
  });

  it('finds the path of the request a selected event belongs to, the first request\'s when none is selected', () => {
    const trace = run(shop, 'shop-orders', 'POST /orders', 'series', { clientProfile: 'browser', requests: 3 });
    const paths = criticalPaths(trace);
    assert.equal(criticalPathAt(paths, trace.events, undefined)?.timing.name, 'POST /orders #1', 'the request the summary\'s TTFB is about, not its preflight');
    const handlers = trace.events.filter((event) => event.kind === 'backend.step');
    assert.equal(criticalPathAt(paths, trace.events, handlers[1].id)?.timing.name, 'POST /orders #2');
    // The close after the last answer is on no path: the last request under way before it, or the first.
    const close = trace.events.find((event) => event.kind === 'tcp.fin')!;
    assert.ok(criticalPathAt(paths, trace.events, close.id));
    const ids = criticalEventIds(paths[1]);
    assert.ok(ids.has(paths[1].timing.requestEvent) && ids.has(paths[1].timing.responseEvent!));
  });

  describe('a page\'s concurrent requests under loss', () => {
    // Twenty page loads with one packet in ten lost: concurrent reads through one gateway, retransmissions, lost DNS queries.
    const pages = Array.from({ length: 20 }, (_, index) => simulatePageLoad({ model: shop, seed: index + 1, networkOverrides: { lossRate: 0.1 } }).trace);
    /** The function each route invokes, from the model's integrations: what a request's path must reach, and nothing else. */
    const functionOf = (name: string): string | undefined => {
      for (const api of shop.apis) {
        const route = api.routes.find((candidate) => name.startsWith(`${candidate.key} (${api.name})`));
        const integration = route && api.integrations.find((candidate) => candidate.id === route.integrationId);
        if (integration) return integration.functionName;
      }
      return undefined;
    };

    /** Every event on every path of the pages, with its trace, its path and the path's events. */
    function* pathEvents(traces: readonly Trace[] = pages): Generator<{ trace: Trace; path: CriticalPath; ids: Set<number>; event: TraceEvent }> {
      for (const trace of traces) {
        for (const path of criticalPaths(trace)) {
          const ids = criticalEventIds(path);
          for (const id of ids) yield { trace, path, ids, event: trace.events[id] };
        }
      }
    }

    it('follows each request through the gateway to its own function, never to another request\'s', () => {
      let checked = 0;
      for (const trace of pages) {
        for (const path of criticalPaths(trace)) {
          const expected = functionOf(path.timing.name);
          if (!expected) continue;
          const invoked = new Set([...criticalEventIds(path)].map((id) => trace.events[id]).filter((event) => event.kind === 'backend.invoke').map((event) => event.to));
          assert.deepEqual([...invoked], [`lambda:${expected}`], `seed ${trace.seed}: ${criticalPathSentence(path)}`);
          checked++;
        }
      }
      // Three reads and the order in each of the twenty pages.
      assert.equal(checked, 80);
    });

    it('adds up to each request\'s time to first byte, and its segments tile it', () => {
      for (const trace of pages) {
        for (const path of criticalPaths(trace)) {
          const sum = path.segments.reduce((total, segment) => total + segment.duration, 0);
          assert.ok(Math.abs(sum - path.timeToFirstByte) < 1e-6, `seed ${trace.seed}: ${criticalPathSentence(path)}`);
          path.segments.forEach((segment, index) => {
            const before = path.segments[index - 1];
            if (before) assert.ok(Math.abs(before.start + before.duration - segment.start) < 1e-6, `seed ${trace.seed}: ${path.timing.name}: ${segment.kind} starts where ${before.kind} ended`);
          });
        }
      }
    });

    it('reaches a retransmission from its lost original, and counts the wait for it as TCP\'s', () => {
      let retransmissions = 0;
      for (const { trace, path, ids, event } of pathEvents()) {
        if (event.kind !== 'tcp.retransmission') continue;
        retransmissions++;
        const original = trace.events.slice(0, event.id).reverse().find((other) => other.kind === 'tcp.segment_lost' && other.connection === event.connection && other.from === event.from && other.detail?.seq === event.detail?.seq);
        assert.ok(original && ids.has(original.id), `seed ${trace.seed}: ${path.timing.name}: the retransmission of seq ${event.detail?.seq} is on the path without its lost original`);
        // The wait that ended when the retransmission left (its timer): the original's, or a later message's held behind it.
        const wait = path.segments.find((segment) => segment.start < event.time - 1e-9 && event.time <= segment.start + segment.duration + 1e-9);
        // Inside the preflight that cleared a request, its whole round trip is one wait: the preflight's.
        assert.ok(wait?.kind === 'tcp' || (wait?.kind === 'preflight' && path.timing.kind === 'request'), `seed ${trace.seed}: ${criticalPathSentence(path)}`);
      }
      assert.ok(retransmissions > 0, 'some path went through a retransmission');
    });

    it('splits a message delivered by a retransmission into TCP\'s wait and the delivery', () => {
      let delayed = 0;
      for (const { trace, path, ids, event: message } of pathEvents()) {
        if (message.layer === 'tcp' || message.from === message.to) continue;
        // The same sender's retransmission on the connection arrived with it: the message waited for it.
        const resent = trace.events.find((event) => event.kind === 'tcp.retransmission' && event.from === message.from && event.connection === message.connection && event.time > message.time && event.arrival === message.arrival);
        if (!resent || message.arrival > path.timing.start + path.timeToFirstByte) continue;
        delayed++;
        assert.ok(ids.has(resent.id), `seed ${trace.seed}: ${message.name} came with a retransmission that is not on the path: ${criticalPathSentence(path)}`);
      }
      assert.ok(delayed > 0, 'some message on a path was delivered by a retransmission');
    });

    it('counts a message\'s wait for an acknowledgement that opened TCP\'s window as TCP\'s, not as what came before', () => {
      // Twenty more pages: such a wait is rare (the browser's answers carry its ACKs, tlsProfiles.ts answersBeforeDraining).
      const more = Array.from({ length: 20 }, (_, index) => simulatePageLoad({ model: shop, seed: index + 21, networkOverrides: { lossRate: 0.1 } }).trace);
      let clocked = 0;
      for (const { trace, path, event } of pathEvents([...pages, ...more])) {
        if (event.layer === 'tcp' || event.from === event.to) continue;
        // A pure ACK on its connection reached its sender at the moment it left: the window opened then.
        const opened = trace.events.some((other) => isPureAck(other) && other.to === event.from && other.connection === event.connection && other.arrival === event.time);
        const hold = path.segments.find((segment) => segment.duration > 0 && Math.abs(segment.start + segment.duration - event.time) < 1e-9);
        if (!opened || !hold || hold.kind === 'preflight') continue;
        clocked++;
        assert.equal(hold.kind, 'tcp', `seed ${trace.seed}: ${event.name} waited for an ACK: ${criticalPathSentence(path)}`);
      }
      assert.ok(clocked > 0, 'some message on a path waited for an acknowledgement');
    });

    it('counts the wait for a DNS query\'s retry as the DNS lookup, as DevTools does, not as Stalled', () => {
      let retried = 0;
      for (const trace of pages) {
        const timings = requestTimings(trace);
        for (const path of criticalPaths(trace)) {
          // The client asked again with the same id: its first query, or the answer, was lost.
          const retry = trace.events.find((event) => event.kind === 'dns.query' && event.from === 'client' && event.time >= path.timing.start && event.time < path.timing.start + path.timeToFirstByte
            && trace.events.some((other) => other.id < event.id && other.kind === 'dns.query' && other.from === 'client' && other.detail?.id === event.detail?.id));
          if (!retry || !criticalEventIds(path).has(retry.id)) continue;
          retried++;
          assert.equal(path.segments[0].kind, 'dns', `seed ${trace.seed}: ${criticalPathSentence(path)}`);
          const timing = timings.find((candidate) => candidate.exchange === path.timing.exchange)!;
          // DevTools' DNS Lookup of the request that opened the connection is the same wait.
          if (timing.newConnection) assert.ok(Math.abs(path.segments[0].duration - timing.phases.dns) < 1e-6, `seed ${trace.seed}: DNS ${path.segments[0].duration} against DevTools' ${timing.phases.dns}`);
        }
      }
      assert.ok(retried > 0, 'some path retried its DNS query');
    });
  });

  it('marks the setup of a connection another request opened as shared: what DevTools counts as the request\'s Stalled', () => {
    const trace = simulatePageLoad({ model: shop, seed: 1 }).trace;
    const timings = requestTimings(trace);
    let sharing = 0;
    for (const path of criticalPaths(trace)) {
      const timing = timings.find((candidate) => candidate.exchange === path.timing.exchange)!;
      const shared = path.segments.filter((segment) => segment.shared);
      if (timing.newConnection) {
        assert.deepEqual(shared, [], `${path.timing.name} opened its connection`);
        continue;
      }
      if (shared.length === 0) continue;
      sharing++;
      assert.deepEqual(shared.map((segment) => segment.kind), ['dns', 'tcp', 'tls']);
      // What DevTools calls Stalled is that setup, and a preflight the request waited for.
      const preflight = path.segments.filter((segment) => segment.kind === 'preflight').reduce((total, segment) => total + segment.duration, 0);
      const setup = shared.reduce((total, segment) => total + segment.duration, 0);
      assert.ok(Math.abs(setup + preflight - timing.phases.stalled) < 0.05, `${path.timing.name}: shared ${setup} + preflight ${preflight} against Stalled ${timing.phases.stalled}`);
      assert.match(criticalPathSentence(path), /DNS \(shared\) [\d.]+ \+ TCP \(shared\)/);
    }
    // Two reads join the first read's HTTP/2 connection; the order joins its preflight's.
    assert.equal(sharing, 3);
  });

  it('is the same for the same trace, and leaves the trace as it was', () => {
    const trace = run(shop, 'shop-orders', 'POST /orders', 'request', { clientProfile: 'browser' });
    const before = JSON.stringify(trace.events.map(({ payload: _payload, ...fields }) => fields));
    assert.equal(JSON.stringify(criticalPaths(trace)), JSON.stringify(criticalPaths(trace)));
    assert.equal(JSON.stringify(trace.events.map(({ payload: _payload, ...fields }) => fields)), before);
  });
});
