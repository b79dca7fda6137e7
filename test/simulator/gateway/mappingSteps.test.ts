/*
 * The REST pipeline's mapping steps, as a user meets them: a non-proxy integration receives the
 * rendered request template (its bytes and size in the trace), the client receives the rendered
 * response template, a template that fails is the 500 AWS answers ({"message": "Internal server
 * error"}) with the reason on the trace step, and NEVER passthrough answers 415 (DG
 * integration-passthrough-behaviors). Expected bodies are written out by hand from the templates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import type { GatewayModel } from '../../../simulator/model/gateway';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';

interface RouteSpec {
  integration: Record<string, unknown>;
  requestTemplates?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  passthroughBehavior?: string;
}

function model(spec: RouteSpec): GatewayModel {
  return modelFromJson(JSON.stringify({
    vpcLinks: [],
    apis: [{
      id: 'a1b2c3d4e5', name: 'orders', type: 'REST', endpointType: 'REGIONAL', region: 'us-east-1', stages: [{ name: 'prod' }], authorizers: [],
      integrations: [{ id: 'backend', ...spec.integration }],
      routes: [{
        key: 'POST /orders/{orderId}', integrationId: 'backend',
        ...(spec.requestTemplates ? { requestTemplates: spec.requestTemplates } : {}),
        ...(spec.responseTemplates ? { responseTemplates: spec.responseTemplates } : {}),
        ...(spec.passthroughBehavior ? { passthroughBehavior: spec.passthroughBehavior } : {}),
      }],
    }],
  }), 'mapping.json');
}

const HTTP_BACKEND = { type: 'HTTP', uri: 'https://orders.example.com/v1' };
const REQUEST_TEMPLATE = '#set($root = $input.path(\'$\'))\n{"id": "$input.params(\'orderId\')", "note": "$root.note", "stage": "$context.stage"}';
const RENDERED = '{"id": "o-42", "note": "gift wrap", "stage": "prod"}';

function simulate(spec: RouteSpec, backend = {}): Trace {
  // The scenario fills {orderId} with a sample value: the tests read it from the request sent.
  return simulateRouteRequest({ model: model(spec), api: 'orders', route: 'POST /orders/{orderId}', requestBody: '{"note":"gift wrap"}', backend, seed: 7 });
}

function clientResponse(trace: Trace): TraceEvent {
  return trace.events.find((event) => event.kind === 'http.response' && event.to === 'client')!;
}

function bodyOf(payload: Uint8Array | undefined): string {
  const text = Buffer.from(payload ?? new Uint8Array()).toString('utf8');
  return text.slice(text.indexOf('\r\n\r\n') + 4);
}

describe('REST mapping templates in the pipeline', () => {
  it('sends the rendered request template to an HTTP integration, with its size', () => {
    const trace = simulate({ integration: HTTP_BACKEND, requestTemplates: { 'application/json': REQUEST_TEMPLATE } });
    const sent = trace.events.find((event) => event.kind === 'http.request' && event.from === 'gateway')!;
    const asked = trace.events.find((event) => event.kind === 'http.request' && event.from === 'client')!;
    const orderId = /\/orders\/([^/?\s]+)/.exec(asked.name)![1];
    // A custom HTTP integration calls its URI as configured (DG setup-http-integrations), not the client's path.
    assert.equal(sent.name, 'POST /v1');
    const expected = RENDERED.replace('o-42', orderId);
    const text = Buffer.from(sent.payload!).toString('utf8');
    assert.equal(bodyOf(sent.payload), expected);
    assert.match(text, new RegExp(`\r\nContent-Length: ${Buffer.byteLength(expected)}\r\n`, 'i'));
    const step = trace.events.find((event) => event.name.startsWith('request mapping template'))!;
    assert.equal(step.detail?.bodyBytes, Buffer.byteLength(expected));
  });

  it('invokes a Lambda non-proxy integration with the rendered text as the event', () => {
    const trace = simulate({ integration: { type: 'AWS', functionName: 'createOrder' }, requestTemplates: { 'application/json': REQUEST_TEMPLATE } });
    const invoke = trace.events.find((event) => event.kind === 'backend.invoke')!;
    const event = Buffer.from(invoke.payload!).toString('utf8');
    assert.match(event, /^\{"id": "[^"]+", "note": "gift wrap", "stage": "prod"\}$/);
    assert.equal(invoke.bytes, Buffer.byteLength(event));
  });

  it('shapes the client response with the response template and its status override', () => {
    const trace = simulate({
      integration: HTTP_BACKEND,
      responseTemplates: { 'application/json': '#set($r = $input.path(\'$\'))\n#if($r.errors.size() > 0)#set($context.responseOverride.status = 422)#end\n{"problem": "$r.errors[0]"}' },
    }, { status: 200, body: '{"errors":["out of stock"]}' });
    const response = clientResponse(trace);
    assert.equal(response.detail?.status, 422);
    assert.equal(bodyOf(response.payload).trim(), '{"problem": "out of stock"}');
  });

  it('answers a failing template with 500 {"message": "Internal server error"}, the reason on the step', () => {
    const trace = simulate({ integration: HTTP_BACKEND, requestTemplates: { 'application/json': '{"x": $util.parseJson("not json")}' } });
    const response = clientResponse(trace);
    assert.equal(response.detail?.status, 500);
    assert.equal(bodyOf(response.payload), '{"message": "Internal server error"}');
    const step = trace.events.find((event) => event.error?.code === 'MAPPING_TEMPLATE')!;
    assert.match(step.error!.message, /line 1, column 7: \$util\.parseJson\("not json"\): .*not valid JSON/);
    assert.equal(trace.events.some((event) => event.kind === 'http.request' && event.from === 'gateway'), false, 'nothing reaches the backend');
  });

  it('answers 415 when NEVER passthrough meets a content type no template takes', () => {
    const trace = simulate({ integration: HTTP_BACKEND, requestTemplates: { 'application/xml': '<order/>' }, passthroughBehavior: 'NEVER' });
    const response = clientResponse(trace);
    assert.equal(response.detail?.status, 415);
    assert.equal(trace.events.some((event) => event.kind === 'http.request' && event.from === 'gateway'), false);
  });

  it('answers a MOCK integration with the status its request template names (DG how-to-mock-integration)', () => {
    const trace = simulate({ integration: { type: 'MOCK' }, requestTemplates: { 'application/json': '{"statusCode": 503}' } });
    assert.equal(clientResponse(trace).detail?.status, 503);
  });

  it('passes the body through unchanged under WHEN_NO_MATCH', () => {
    const trace = simulate({ integration: HTTP_BACKEND, requestTemplates: { 'application/xml': '<order/>' } });
    const sent = trace.events.find((event) => event.kind === 'http.request' && event.from === 'gateway')!;
    assert.equal(bodyOf(sent.payload), '{"note":"gift wrap"}');
  });
});
