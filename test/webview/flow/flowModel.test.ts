import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Layer, TraceJson } from '../../../simulator/trace/trace';
import type { FlowModel } from '../../../webview/flow/flowDiagram';
import { flowModel } from '../../../webview/flow/flowModel';
import { LAYERS } from '../../../webview/drawing/layers';
import { faultTrace, orderStatusTrace, orderTrace, productTrace, vpcLinkTrace } from '../traces';

const ALL_LAYERS: ReadonlySet<Layer> = new Set(LAYERS);

function depths(model: FlowModel): Record<string, number> {
  return Object.fromEntries(model.nodes.map((node) => [node.id, node.depth]));
}

function hop(model: FlowModel, a: string, b: string): FlowModel['hops'][number] {
  const found = model.hops.find((candidate) => candidate.a === a && candidate.b === b);
  assert.ok(found, `a hop ${a} ~ ${b}`);
  return found;
}

describe('flow model', () => {
  it('puts the boxes in path order: client, then DNS and the edge, the gateway, then what it calls', () => {
    const model = flowModel(productTrace(), { layers: ALL_LAYERS });
    assert.deepEqual(depths(model), { client: 0, resolver: 1, edge: 1, gateway: 2, waf: 3, 'lambda:getProduct': 3 });
    // Within a column, boxes come in the order the request reaches them: the WAF before the Lambda.
    const waf = model.nodes.find((node) => node.id === 'waf');
    const lambda = model.nodes.find((node) => node.id === 'lambda:getProduct');
    assert.ok(waf && lambda && waf.row < lambda.row && waf.y < lambda.y);
  });

  it('follows a VPC link from the gateway to its load balancer and on to the target', () => {
    const model = flowModel(vpcLinkTrace(), { layers: ALL_LAYERS });
    assert.deepEqual(depths(model), { client: 0, resolver: 1, gateway: 1, issuer: 2, loadbalancer: 2, target: 3 });
    const link = hop(model, 'gateway', 'loadbalancer');
    const target = hop(model, 'loadbalancer', 'target');
    assert.equal(link.request?.events, 1);
    assert.equal(link.response?.events, 1);
    assert.equal(target.request?.bytes, link.request?.bytes, 'the balancer forwards the request as it is');
  });

  it('sums the bytes of each direction and takes the shortest transit as the hop latency', () => {
    const trace = productTrace();
    const model = flowModel(trace, { layers: ALL_LAYERS });
    const edge = hop(model, 'client', 'edge');
    const up = trace.events.filter((event) => event.from === 'client' && event.to === 'edge');
    const down = trace.events.filter((event) => event.from === 'edge' && event.to === 'client');
    assert.equal(edge.request?.bytes, up.reduce((sum, event) => sum + event.bytes, 0));
    assert.equal(edge.request?.wireBytes, up.reduce((sum, event) => sum + event.wireBytes, 0));
    assert.equal(edge.response?.bytes, down.reduce((sum, event) => sum + event.bytes, 0));
    assert.equal(edge.request?.events, up.length);
    const transits = [...up, ...down].map((event) => event.arrival - event.time);
    assert.ok(Math.abs(edge.latencyMs - Math.min(...transits)) < 0.001);
    assert.match(edge.request?.label ?? '', /^→ [\d,]+ B in \d+ · [\d.]+ ms$/);
    assert.match(edge.response?.label ?? '', /^← [\d,]+ B in \d+$/);
  });

  it('draws the way back: the response lane runs from the called participant to its caller', () => {
    const model = flowModel(productTrace(), { layers: ALL_LAYERS });
    const lambda = hop(model, 'gateway', 'lambda:getProduct');
    assert.equal(lambda.request?.from, 'gateway');
    assert.equal(lambda.response?.from, 'lambda:getProduct');
    assert.equal(lambda.response?.to, 'gateway');
    assert.equal(lambda.response?.direction, 'response');
    // The function's proxy response, headers included: the shop's product function returns Access-Control-Allow-Origin
    // itself, as a REST Lambda proxy must for a browser to read it (DG how-to-cors): 56 bytes of the 253.
    assert.equal(lambda.response?.bytes, 253);
    assert.ok(lambda.request?.path.startsWith('M') && lambda.response?.path.startsWith('M'));
  });

  it('counts the time spent at each participant from its own steps', () => {
    const trace = productTrace();
    const model = flowModel(trace, { layers: ALL_LAYERS });
    const lambda = model.nodes.find((node) => node.id === 'lambda:getProduct');
    const steps = trace.events.filter((event) => event.from === 'lambda:getProduct' && event.to === 'lambda:getProduct');
    assert.equal(lambda?.steps, steps.length);
    assert.ok(Math.abs((lambda?.busyMs ?? 0) - steps.reduce((sum, event) => sum + event.arrival - event.time, 0)) < 0.001);
  });

  it('marks the box where a request fails, with the error code', () => {
    const model = flowModel(faultTrace('throttled'), { layers: ALL_LAYERS });
    const gateway = model.nodes.find((node) => node.id === 'gateway');
    assert.ok(gateway && gateway.errors.length > 0);
    assert.ok(gateway.errors.every((error) => error.code === 'THROTTLED' && error.status === 429));
    assert.ok(model.nodes.filter((node) => node.id !== 'gateway').every((node) => node.errors.length === 0));
    // The throttled request never reaches the Lambda.
    assert.equal(model.nodes.some((node) => node.id === 'lambda:getProduct'), false);
  });

  it('marks a hop whose message carries an error', () => {
    const trace = productTrace();
    // The simulator raises errors at the gateway; a failure in transit is marked the same way.
    const failing: TraceJson = {
      ...trace,
      events: trace.events.map((event) => (event.name === 'getProduct result' ? { ...event, error: { code: 'LAMBDA_FAILED', message: 'the function failed' } } : event)),
    };
    const model = flowModel(failing, { layers: ALL_LAYERS });
    assert.deepEqual(hop(model, 'gateway', 'lambda:getProduct').errors.map((error) => error.code), ['LAMBDA_FAILED']);
    assert.match(hop(model, 'gateway', 'lambda:getProduct').ariaLabel, /errors: LAMBDA_FAILED/);
    assert.deepEqual(hop(model, 'client', 'edge').errors, []);
  });

  it('counts only the shown layers on a hop', () => {
    const trace = orderTrace();
    const layers = new Set<Layer>(['dns', 'http', 'gateway', 'backend']);
    const model = flowModel(trace, { layers });
    const gateway = hop(model, 'client', 'gateway');
    const requests = trace.events.filter((event) => event.from === 'client' && event.to === 'gateway' && event.layer === 'http');
    assert.equal(gateway.request?.events, requests.length);
    assert.equal(gateway.request?.bytes, requests.reduce((sum, event) => sum + event.bytes, 0));
    assert.equal(gateway.layer, 'http');
  });

  it('lays the boxes out without overlaps, inside the diagram', () => {
    for (const trace of [productTrace(), orderTrace(), orderStatusTrace(), vpcLinkTrace()]) {
      const model = flowModel(trace, { layers: ALL_LAYERS });
      for (const [index, a] of model.nodes.entries()) {
        assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.width <= model.width && a.y + a.height <= model.height, `${a.id} inside`);
        for (const b of model.nodes.slice(index + 1)) {
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          assert.ok(apart, `${a.id} and ${b.id} do not overlap`);
        }
      }
      // One hop per pair of participants that exchanged messages.
      const pairs = new Set(trace.events.filter((event) => event.from !== event.to).map((event) => [event.from, event.to].sort().join('~')));
      assert.equal(model.hops.length, pairs.size);
    }
  });

  it('reaches every participant of the WebSocket session, the pushing order service included', () => {
    const model = flowModel(orderStatusTrace(), { layers: ALL_LAYERS });
    const found = depths(model);
    assert.equal(found['order-service'], 2, 'the order service talks to the gateway through @connections');
    assert.equal(found.dynamodb, 3);
    assert.equal(hop(model, 'gateway', 'order-service').request?.events, 3);
    assert.equal(hop(model, 'gateway', 'order-service').response?.events, 3);
  });
});
